import Foundation
import HTTPTypes
import Logging
import SkyliftAPI
import SkyliftDomain
import SkyliftServer
import SkyliftTesting
import Testing

/// Token mode's configuration: every bad secret, key file or tokens file stops startup with one line naming the key
/// (and the file and line), and never shows the secret.
@Suite struct TokenConfigurationTests {
    static let logger = Logger(label: "test")

    /// Writes `text` to a fresh temporary file and returns its path.
    static func file(_ text: String, name: String = "tokens.yaml") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("skylift-\(UUID())-\(name)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The startup error for token settings `configure` makes, as text.
    static func startupError(_ configure: (inout SkyliftConfiguration.TokenSettings) -> Void) async -> String? {
        var configuration = SkyliftConfiguration()
        configuration.authMode = .token
        configure(&configuration.token)
        do {
            _ = try await Skylift.identityResolver(configuration, logger: logger)
            return nil
        } catch {
            return error.description
        }
    }

    @Test("a secret under 32 bytes stops startup naming auth.jwtSecret, without showing it")
    func shortSecret() async throws {
        await #expect(
            throws: ConfigurationError(
                "configuration key 'auth.jwtSecret': must be at least 32 bytes (got 12; the value is not shown)"
            )
        ) {
            try await ConfigurationLoader.load(file: nil, environment: ["AUTH_JWT_SECRET": "hunter2hunte"])
        }
        let configuration = try await ConfigurationLoader.load(
            file: nil,
            environment: ["AUTH_MODE": "token", "AUTH_JWT_SECRET": TestTokens.secret]
        )
        #expect(configuration.token.jwtSecret == TestTokens.secret)
        let shown = configuration.effectiveValues.joined(separator: "\n")
        #expect(!shown.contains(TestTokens.secret))
        #expect(shown.contains("auth.jwtSecret = <set, 40 bytes, not shown>"))
        #expect(shown.contains("auth.jwtProjectClaim = project_id"))
    }

    @Test("token mode starts on a non-loopback address (headers mode refuses to), its resolver reading tokens")
    func publicAddress() async throws {
        var configuration = SkyliftConfiguration()
        configuration.httpHost = "0.0.0.0"
        configuration.database = .sqliteMemory
        configuration.policyFile = "/nonexistent-default-policy.yaml"
        configuration.storagePath = FileManager.default.temporaryDirectory.appendingPathComponent("sk-\(UUID())").path
        configuration.authMode = .token
        configuration.token.jwtSecret = TestTokens.secret
        let components = try await Skylift.components(configuration: configuration, logger: Self.logger)
        #expect(components.dependencies.identity is TokenIdentityResolver)
    }

    @Test("token mode without a secret, a key file or a tokens file stops startup naming auth.mode")
    func nothingConfigured() async throws {
        await #expect(
            throws: ConfigurationError(
                "configuration key 'auth.mode': token mode needs auth.jwtSecret, auth.jwtPublicKeysFile or "
                    + "auth.tokensFile"
            )
        ) {
            try await ConfigurationLoader.load(file: nil, environment: ["AUTH_MODE": "token"])
        }
    }

    @Test(
        "a tokens file with a bad entry stops startup naming the file and the line",
        arguments: [
            ("- sha256: abc\n  project: p\n", 1, "sha256 must be 64 hex digits"),
            ("- sha256: \(String(repeating: "a", count: 64))\n  user: u\n", 1, "project is required"),
            ("- sha256: \(String(repeating: "a", count: 64))\n  project: p\n  token: s3cret\n", 3, "never a token"),
            (
                "- sha256: \(String(repeating: "a", count: 64))\n  project: p\n  roles: admin\n", 3,
                "roles must be a list"
            ),
            ("- sha256: \(String(repeating: "a", count: 64))\n  project: p\n  rols: [a]\n", 3, "unknown key 'rols'"),
            (
                "- sha256: \(String(repeating: "b", count: 64))\n  project: p\n"
                    + "- sha256: \(String(repeating: "B", count: 64))\n  project: q\n", 3, "listed at line 1 already"
            ),
            ("- sha256: [unclosed\n", 2, "invalid YAML"), ("sha256: abc\n", 1, "must be a list"),
        ]
    )
    func badTokensFile(text: String, line: Int, reason: String) async throws {
        let path = try Self.file(text)
        let error = await Self.startupError { $0.tokensFile = path }
        #expect(error?.hasPrefix("configuration key 'auth.tokensFile': \(path):\(line): ") == true, "\(error ?? "")")
        #expect(error?.contains(reason) == true, "\(error ?? "")")
        #expect(error?.contains("s3cret") == false)
    }

    @Test("an unreadable or unusable public keys file stops startup naming the key and the file")
    func badKeysFile() async throws {
        let missing = "/nonexistent/keys.pem"
        #expect(
            await Self.startupError { $0.jwtPublicKeysFile = missing }
                == "configuration key 'auth.jwtPublicKeysFile': cannot read \(missing) (missing or not readable)"
        )
        let cases: [(String, String)] = [
            ("hello", "holds neither a PEM public key nor a JWKS document"),
            ("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "is a private key"),
            ("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "neither an RSA nor a P-256 public key"),
            (#"{"keys": [{"kty": "EC", "crv": "P-256", "x": "a", "y": "b", "d": "c"}]}"#, "private key material"),
            (#"{"keys": [{"kty": "oct", "k": "c2VjcmV0"}]}"#, "holds no RS256 or ES256 public key"),
            (#"{"keys": [{"kty": "EC", "crv": "P-256", "alg": "RS256", "kid": "k1"}]}"#, "key 'k1' is for RS256"),
            (
                #"{"keys": [{"kty": "EC", "crv": "P-256", "kid": "k2", "x": "AAAA", "y": "AAAA"}]}"#,
                "key 'k2' is not a valid"
            ),
            (#"{"keys": ["#, "is not a valid JSON object"),
        ]
        for (text, reason) in cases {
            let path = try Self.file(text, name: "keys")
            let error = await Self.startupError { $0.jwtPublicKeysFile = path }
            #expect(error?.hasPrefix("configuration key 'auth.jwtPublicKeysFile': \(path) ") == true, "\(error ?? "")")
            #expect(error?.contains(reason) == true, "\(error ?? "")")
        }
    }

    @Test("the keys, claim names and files are read from YAML; check-config loads the files")
    func fromYAML() async throws {
        let key = TestSigningKey.newES256()
        let keys = try Self.file(key.publicKeyPEM ?? "", name: "keys.pem")
        let tokens = try Self.file("- sha256: \(TestTokens.sha256Hex("t"))\n  project: p\n")
        let yaml = try Self.file(
            "auth:\n  mode: token\n  jwtPublicKeysFile: \(keys)\n  tokensFile: \(tokens)\n  jwtIssuer: https://idp\n"
                + "  jwtAudience: skylift\n  jwtProjectClaim: tenant\n  jwtRolesClaim: groups\n",
            name: "skylift.yaml"
        )
        let configuration = try await ConfigurationLoader.load(file: yaml, environment: [:])
        #expect(configuration.authMode == .token)
        #expect(configuration.token.jwtPublicKeysFile == keys && configuration.token.tokensFile == tokens)
        #expect(configuration.token.jwtIssuer == "https://idp" && configuration.token.jwtAudience == "skylift")
        #expect(configuration.token.jwtProjectClaim == "tenant" && configuration.token.jwtRolesClaim == "groups")
        var checked = configuration
        checked.policyFile = "/nonexistent-default-policy.yaml"
        try await Skylift.checkConfiguration(checked, logger: Self.logger)
        checked.token.tokensFile = "/nonexistent/tokens.yaml"
        await #expect(throws: ConfigurationError.self) {
            try await Skylift.checkConfiguration(checked, logger: Self.logger)
        }
    }

    @Test("skylift token signs with auth.jwtSecret and the configured claim names; without a secret it names the key")
    func mint() async throws {
        var configuration = SkyliftConfiguration()
        await #expect(
            throws: ConfigurationError(
                "configuration key 'auth.jwtSecret' is not set: skylift token signs its tokens with it"
            )
        ) {
            try await Skylift.mintToken(configuration: configuration, project: "p", user: "u", roles: [], lifetime: 60)
        }
        configuration.authMode = .token
        configuration.token.jwtSecret = TestTokens.secret
        configuration.token.jwtAudience = "skylift"
        configuration.token.jwtProjectClaim = "tenant"
        let clock = ManualWallClock()
        let token = try await Skylift.mintToken(
            configuration: configuration,
            project: "p1",
            user: "u1",
            roles: ["member", "reader"],
            lifetime: 60,
            clock: clock
        )
        let payload = token.split(separator: ".")[1]
        let padded =
            payload.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            + String(repeating: "=", count: (4 - payload.count % 4) % 4)
        let text = String(decoding: Data(base64Encoded: padded) ?? Data(), as: UTF8.self)
        #expect(
            text == #"{"sub":"u1","tenant":"p1","roles":["member","reader"],"iat":1795000000,"exp":1795000060,"#
                + #""aud":"skylift"}"#
        )
        let service = try await TestService.tokenMode {
            $0.jwtSecret = TestTokens.secret
            $0.jwtAudience = "skylift"
            $0.jwtProjectClaim = "tenant"
        }
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks", token: token)
            #expect(reply.status == .ok, "\(reply.text)")
        }
    }
}
