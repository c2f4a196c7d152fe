import Foundation
import HTTPTypes
import HummingbirdTesting
import JSONSchema
import SkyliftAPI
import SkyliftDomain
import SkyliftServer
import SkyliftTesting
import Testing

/// `auth.tokensFile`: tokens known by their SHA-256 only.
@Suite struct StaticTokenTests {
    @Test("static tokens carry their entry's project, user and roles; the file holds only digests")
    func staticTokens() async throws {
        let folder = try TemporaryDirectory(prefix: "skylift-tokens-")
        let path = folder.url.appendingPathComponent("tokens.yaml").path
        let ciToken = "ci-token-" + UUID().uuidString
        let adminToken = "admin-token-" + UUID().uuidString
        let file = """
            - sha256: \(TestTokens.sha256Hex(ciToken))
              project: \(Projects.b)
              user: ci-bot
              roles: [member]
            - sha256: \(TestTokens.sha256Hex(adminToken).uppercased())
              project: \(Projects.a)
              roles:
                - admin
            """
        try file.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(!file.contains(ciToken) && !file.contains(adminToken))
        let service = try await TestService.tokenMode { $0.tokensFile = path }
        try await service.test { client in
            let created = try await client.send(.post, "/v2/tasks", token: ciToken, body: Bodies.importTask())
            #expect(created.status == .created)
            #expect(created["owner"] == .string(Projects.b))
            let listed = try await client.send(.get, "/v2/tasks", token: adminToken)
            #expect(listed["tasks"]?.arrayValue?.count == 1)
            let unknown = try await client.send(.get, "/v2/tasks", token: ciToken + "x")
            #expect(unknown.status == .unauthorized)
            #expect(unknown.message == "The token is not known to this server.")
            let jwt = try await client.send(.get, "/v2/tasks", token: service.token())
            #expect(jwt.message == "The token is not known to this server.", "no JWT keys are configured")
        }
    }
}
