import SkyliftServer
import Testing

/// Keystone mode's configuration: a missing key stops startup naming it; check-config never shows the password.
@Suite struct KeystoneConfigurationTests {
    static let complete = [
        "AUTH_MODE": "keystone", "AUTH_KEYSTONE_URL": "http://127.0.0.1:5000", "AUTH_KEYSTONE_USER": "glance",
        "AUTH_KEYSTONE_PASSWORD": "s3cret-service-password", "AUTH_KEYSTONE_PROJECT": "service",
    ]

    @Test(
        "each missing keystone key stops startup naming it",
        arguments: ["AUTH_KEYSTONE_URL", "AUTH_KEYSTONE_USER", "AUTH_KEYSTONE_PASSWORD", "AUTH_KEYSTONE_PROJECT"]
    )
    func missingKey(variable: String) async throws {
        var environment = Self.complete
        environment[variable] = nil
        let key = [
            "AUTH_KEYSTONE_URL": "auth.keystoneUrl", "AUTH_KEYSTONE_USER": "auth.keystoneUser",
            "AUTH_KEYSTONE_PASSWORD": "auth.keystonePassword", "AUTH_KEYSTONE_PROJECT": "auth.keystoneProject",
        ][variable]!
        await #expect(throws: ConfigurationError("configuration key '\(key)' is not set: keystone mode needs it")) {
            try await ConfigurationLoader.load(file: nil, environment: environment)
        }
    }

    @Test("defaults, a bad URL, and check-config masking the password")
    func valuesAndMasking() async throws {
        let configuration = try await ConfigurationLoader.load(file: nil, environment: Self.complete)
        #expect(configuration.authMode == .keystone)
        #expect(configuration.keystone.domain == "Default")
        #expect(configuration.keystone.cacheSeconds == 300)
        let shown = configuration.effectiveValues.joined(separator: "\n")
        #expect(!shown.contains("s3cret-service-password"))
        #expect(shown.contains("auth.keystonePassword = <set, not shown>"))
        #expect(shown.contains("auth.keystoneUrl = http://127.0.0.1:5000"))
        var environment = Self.complete
        environment["AUTH_KEYSTONE_URL"] = "127.0.0.1:5000"
        await #expect(
            throws: ConfigurationError(
                "configuration key 'auth.keystoneUrl': must be an http:// or https:// URL (got '127.0.0.1:5000')"
            )
        ) {
            try await ConfigurationLoader.load(file: nil, environment: environment)
        }
        environment = Self.complete
        environment["AUTH_KEYSTONE_CACHE_SECONDS"] = "-1"
        await #expect(throws: ConfigurationError.self) {
            try await ConfigurationLoader.load(file: nil, environment: environment)
        }
    }
}
