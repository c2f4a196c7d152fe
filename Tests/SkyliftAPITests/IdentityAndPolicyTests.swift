import HTTPTypes
import HummingbirdTesting
import JSONSchema
import SkyliftAPI
import SkyliftTesting
import Testing

@Suite struct IdentityAndPolicyTests {
    @Test("no confirmed identity, or no project, is 401 (differs from Glance for the project-less case)")
    func unauthenticated() async throws {
        let service = try await TestService()
        try await service.test { client in
            let none = try await client.send(.get, "/v2/tasks")
            #expect(none.status == .unauthorized)
            ResponseSchemaCheck.error(none)
            var noProject = TestIdentity.admin().headers
            noProject[HTTPField.Name("X-Project-Id")!] = nil
            let projectless = try await client.send(.post, "/v2/tasks", body: Bodies.importTask(), headers: noProject)
            #expect(projectless.status == .unauthorized)
            var unconfirmed = TestIdentity.admin().headers
            unconfirmed[HTTPField.Name("X-Identity-Status")!] = "Invalid"
            #expect(try await client.send(.get, "/v2/tasks", headers: unconfirmed).status == .unauthorized)
        }
    }

    @Test("X-Tenant-Id works as the project; roles compare case-insensitively")
    func legacyHeaders() async throws {
        let service = try await TestService()
        let legacy = Self.legacyAdminHeaders()
        try await service.test { client in
            let created = try await client.send(
                .post,
                "/v2/tasks",
                as: nil,
                body: Bodies.importTask(),
                headers: legacy
            )
            #expect(created.status == .created)
            #expect(created["owner"] == JSONValue.string(Projects.a))
            let other = try await client.send(.post, "/v2/tasks", as: .member(Projects.b), body: Bodies.importTask())
            let id = other["id"]?.stringValue ?? ""
            let shown = try await client.send(.get, "/v2/tasks/\(id)", as: nil, headers: legacy)
            #expect(shown.status == .ok)
        }
    }

    private static func legacyAdminHeaders() -> HTTPFields {
        var headers = HTTPFields()
        headers[.accept] = "application/json"
        headers[HTTPField.Name("X-Identity-Status")!] = "Confirmed"
        headers[HTTPField.Name("X-Tenant-Id")!] = Projects.a
        headers[HTTPField.Name("X-Roles")!] = " Admin "
        return headers
    }

    @Test("default policy: readers list and show their own tasks but cannot create")
    func readers() async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(.post, "/v2/tasks", as: .reader(), body: Bodies.importTask())
            #expect(reply.status == .forbidden)
            #expect(reply.message == "You are not authorized to complete add_task action.")
            #expect(try await client.send(.get, "/v2/tasks", as: .reader()).status == .ok)
            var noRoles = TestIdentity.reader()
            noRoles.roles = []
            let denied = try await client.send(.get, "/v2/tasks", as: noRoles)
            #expect(denied.status == .forbidden)
            #expect(denied.message == "You are not authorized to complete tasks_api_access action.")
        }
    }

    @Test("with etc/policy-glance.yaml a member gets 403 on POST, list, show and DELETE, exactly as Glance")
    func glancePosture() async throws {
        let service = try await TestService(policyFile: "policy-glance.yaml")
        try await service.test { client in
            let created = try await client.send(.post, "/v2/tasks", as: .admin(), body: Bodies.importTask())
            guard case .string(let id)? = created["id"] else {
                Issue.record("admin could not create")
                return
            }
            let denial = "You are not authorized to complete tasks_api_access action."
            for (method, path) in [
                (HTTPRequest.Method.post, "/v2/tasks"), (.get, "/v2/tasks"), (.get, "/v2/tasks/\(id)"),
                (.delete, "/v2/tasks/\(id)"), (.get, "/v2/tasks/NON_EXISTENT_TASK"),
            ] {
                let reply = try await client.send(method, path, as: .member(), body: Bodies.importTask())
                #expect(reply.status == .forbidden, "\(method) \(path)")
                #expect(reply.message == denial)
            }
            #expect(try await client.send(.get, "/v2/tasks/\(id)", as: .admin()).status == .ok)
        }
    }

    @Test("policy is checked before the body and the query: 403 wins over 400 (glance-notes §6 items 38, 39)")
    func forbiddenBeforeBadRequest() async throws {
        let service = try await TestService(policyFile: "policy-glance.yaml")
        try await service.test { client in
            let badJSON = try await client.send(.post, "/v2/tasks", as: .member(), body: "{nope")
            let badBody = try await client.send(.post, "/v2/tasks", as: .member(), body: #"{"typo": 1}"#)
            let badQuery = try await client.send(.get, "/v2/tasks?limit=NaN", as: .member())
            let adminQuery = try await client.send(.get, "/v2/tasks?limit=NaN", as: .admin())
            #expect(badJSON.status == .forbidden)
            #expect(badBody.status == .forbidden)
            #expect(badQuery.status == .forbidden)
            #expect(adminQuery.status == .badRequest)
        }
    }
}
