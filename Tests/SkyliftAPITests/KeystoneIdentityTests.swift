import HTTPTypes
import HummingbirdTesting
import JSONSchema
import SkyliftAPI
import SkyliftDomain
import SkyliftServer
import SkyliftStore
import SkyliftTesting
import Testing

/// `auth.mode: keystone` against the real Keystone of `scripts/with-keystone.sh` (without it these fail: they never
/// skip). One test at a time: the test Keystone keeps its data in SQLite, which refuses concurrent writes.
@Suite(.serialized) struct KeystoneIdentityTests {
    @Test("a project member's token creates and reads tasks; another project's token gets 404 on them")
    func projectsFromKeystone() async throws {
        let service = try await TestService.keystoneMode(try TestKeystone.settings())
        let alice = try await TestKeystone.token(user: "alice", project: "p-a")
        let bob = try await TestKeystone.token(user: "bob", project: "p-b")
        let rita = try await TestKeystone.token(user: "rita", project: "p-a")
        try await service.test { client in
            let created = try await client.send(.post, "/v2/tasks", token: alice.token, body: Bodies.importTask())
            #expect(created.status == .created, "\(created.text)")
            #expect(created["owner"] == .string(alice.projectID))
            let id = try #require(created["id"]?.stringValue)
            let shown = try await client.send(.get, "/v2/tasks/\(id)", token: alice.token)
            #expect(shown.status == .ok)
            #expect(shown["id"] == .string(id))
            let listed = try await client.send(.get, "/v2/tasks", token: alice.token)
            #expect(listed["tasks"]?.arrayValue?.count == 1)
            let readerShows = try await client.send(.get, "/v2/tasks/\(id)", token: rita.token)
            #expect(readerShows.status == .ok, "a reader of p-a reads p-a's tasks")
            let readerCreates = try await client.send(.post, "/v2/tasks", token: rita.token, body: Bodies.importTask())
            #expect(readerCreates.status == .forbidden, "the reader role comes from Keystone")
            let other = try await client.send(.get, "/v2/tasks/\(id)", token: bob.token)
            #expect(other.status == .notFound)
            let otherList = try await client.send(.get, "/v2/tasks", token: bob.token)
            #expect(otherList.status == .ok)
            #expect(otherList["tasks"]?.arrayValue?.count == 0)
        }
    }

    @Test("a revoked token keeps working for the cache window only, then is a 401 with a JSON message")
    func revokedAfterCacheWindow() async throws {
        let service = try await TestService.keystoneMode(try TestKeystone.settings(cacheSeconds: 1))
        let alice = try await TestKeystone.token(user: "alice", project: "p-a")
        try await service.test { client in
            #expect(try await client.send(.get, "/v2/tasks", token: alice.token).status == .ok)
            try await TestKeystone.revoke(alice.token)
            let cached = try await client.send(.get, "/v2/tasks", token: alice.token)
            #expect(cached.status == .ok, "within auth.keystoneCacheSeconds the cached answer stands")
            service.clock.advance(seconds: 2)
            let revoked = try await client.send(.get, "/v2/tasks", token: alice.token)
            #expect(revoked.status == .unauthorized)
            #expect(revoked.message == "The token is not known to this server.", "\(revoked.text)")
        }
    }

    @Test("with no cache window every request asks Keystone; a revoked token is refused at once")
    func noCache() async throws {
        let service = try await TestService.keystoneMode(try TestKeystone.settings(cacheSeconds: 0))
        let bob = try await TestKeystone.token(user: "bob", project: "p-b")
        try await service.test { client in
            #expect(try await client.send(.get, "/v2/tasks", token: bob.token).status == .ok)
            try await TestKeystone.revoke(bob.token)
            #expect(try await client.send(.get, "/v2/tasks", token: bob.token).status == .unauthorized)
        }
    }

    @Test("identity headers are ignored: an admin's headers with a bad token, or without a token, are 401")
    func headersIgnored() async throws {
        let service = try await TestService.keystoneMode(try TestKeystone.settings())
        try await service.test { client in
            var headers = TestIdentity.admin().headers
            headers[HTTPField.Name("X-Auth-Token")!] = "not-a-keystone-token"
            let bad = try await client.send(.get, "/v2/tasks", headers: headers)
            #expect(bad.status == .unauthorized)
            #expect(bad.message == "The token is not known to this server.", "\(bad.text)")
            let none = try await client.send(.get, "/v2/tasks", as: .admin())
            #expect(none.status == .unauthorized)
            #expect(none.message?.contains("carries no token") == true)
            let binary = try await client.send(.get, "/v2/tasks", token: String(repeating: "a", count: 20_000))
            #expect(binary.status == .unauthorized)
            #expect(binary.message?.contains("malformed") == true)
        }
    }

    @Test("Keystone unreachable: 503 with a JSON message, never a request let through; /healthcheck stays 200")
    func keystoneDown() async throws {
        let service = try await TestService.keystoneMode(try TestKeystone.settings(url: "http://127.0.0.1:1"))
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks", token: "gAAAAABsomething")
            #expect(reply.status == .serviceUnavailable, "\(reply.text)")
            #expect(reply.message?.contains("identity service cannot validate tokens") == true, "\(reply.text)")
            let create = try await client.send(.post, "/v2/tasks", token: "gAAAAABsomething", body: Bodies.importTask())
            #expect(create.status == .serviceUnavailable)
            let stored = try await service.store.list(ListQuery(limit: 100), visibility: .all, now: service.clock.now())
            #expect(stored.isEmpty)
            let health = try await client.execute(uri: "/healthcheck", method: .get) { $0.status }
            #expect(health == .ok)
        }
    }

    @Test("a service user Keystone refuses: 503, not 401 for every caller")
    func serviceCredentialsRefused() async throws {
        var settings = try TestKeystone.settings()
        settings.password = "wrong-password"
        let service = try await TestService.keystoneMode(settings)
        let alice = try await TestKeystone.token(user: "alice", project: "p-a")
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks", token: alice.token)
            #expect(reply.status == .serviceUnavailable, "\(reply.text)")
            #expect(reply.message?.contains("service credentials") == true, "\(reply.text)")
        }
    }
}
