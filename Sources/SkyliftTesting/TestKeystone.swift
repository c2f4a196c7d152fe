import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SkyliftServer

/// The Keystone server `scripts/with-keystone.sh` starts for the test suite, and tokens from it.
///
/// Without the server the Keystone tests fail, loudly: they never skip.
public enum TestKeystone {
    /// The server is not running: the tests were not started through `scripts/with-keystone.sh`.
    public struct Missing: Error, CustomStringConvertible {
        public var variable: String
        public var description: String {
            "\(variable) is not set: run the tests through scripts/with-keystone.sh (scripts/test.sh does), which "
                + "starts a throwaway Keystone server"
        }
    }

    /// Keystone answered something other than what a test expected.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    static func environment(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            throw Missing(variable: name)
        }
        return value
    }

    /// Keystone's base URL (the API is under `/v3`).
    public static func url() throws -> String { try environment("SKYLIFT_TEST_KEYSTONE_URL") }

    /// The `auth.keystone*` settings of the script's service user, with `cacheSeconds`.
    public static func settings(
        cacheSeconds: Int = 300,
        url: String? = nil
    ) throws
        -> SkyliftConfiguration.KeystoneSettings
    {
        var settings = SkyliftConfiguration.KeystoneSettings()
        settings.url = try url ?? Self.url()
        settings.user = try environment("SKYLIFT_TEST_KEYSTONE_SERVICE_USER")
        settings.password = try environment("SKYLIFT_TEST_KEYSTONE_SERVICE_PASSWORD")
        settings.project = try environment("SKYLIFT_TEST_KEYSTONE_SERVICE_PROJECT")
        settings.cacheSeconds = cacheSeconds
        return settings
    }

    /// A project-scoped token for one of the script's users: `alice` (member of `p-a`), `rita` (reader of `p-a`),
    /// `bob` (member of `p-b`).
    public static func token(user: String, project: String) async throws -> (token: String, projectID: String) {
        let body: [String: Any] = [
            "auth": [
                "identity": [
                    "methods": ["password"],
                    "password": [
                        "user": [
                            "name": user, "domain": ["name": "Default"],
                            "password": try environment("SKYLIFT_TEST_KEYSTONE_PASSWORD"),
                        ]
                    ],
                ],
                "scope": ["project": ["name": project, "domain": ["name": "Default"]]],
            ]
        ]
        var request = HTTPClientRequest(url: try url() + "/v3/auth/tokens")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        // The test Keystone keeps its data in SQLite: a login that meets another write can answer 500 ("database
        // is locked"); the login is tried again, up to three times.
        var response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        for _ in 0..<2 where response.status == .internalServerError {
            try await Task.sleep(for: .milliseconds(200))
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        }
        let bytes = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .created, let token = response.headers.first(name: "X-Subject-Token"),
            let object = try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) as? [String: Any],
            let projectID = ((object["token"] as? [String: Any])?["project"] as? [String: Any])?["id"] as? String
        else {
            throw Failure(description: "Keystone answered \(response.status) to a token for \(user)")
        }
        return (token, projectID)
    }

    /// Revokes `token` (`DELETE /v3/auth/tokens`, authenticated by the token itself).
    public static func revoke(_ token: String) async throws {
        var request = HTTPClientRequest(url: try url() + "/v3/auth/tokens")
        request.method = .DELETE
        request.headers.add(name: "X-Auth-Token", value: token)
        request.headers.add(name: "X-Subject-Token", value: token)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .noContent else {
            throw Failure(description: "Keystone answered \(response.status) to the revocation")
        }
    }
}

extension TestService {
    /// The service in `auth.mode: keystone` against `settings`, built by the composition root; the verifier reads
    /// the service's clock, so a test moves the cache window by advancing it.
    public static func keystoneMode(_ settings: SkyliftConfiguration.KeystoneSettings) async throws -> TestService {
        var configuration = SkyliftConfiguration()
        configuration.authMode = .keystone
        configuration.keystone = settings
        let clock = ManualWallClock(tickMicroseconds: 1000)
        let identity = try await Skylift.identityResolver(configuration, clock: clock, logger: Logger(label: "test"))
        return try await TestService(clock: clock, identity: identity)
    }
}
