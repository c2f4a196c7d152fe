import HTTPTypes
import HummingbirdTesting
import JSONSchema
import SkyliftAPI
import SkyliftTesting
import Testing

// §6.4 glance/tests/unit/v2/test_tasks_resource.py, controller items. Fixture (`Checklist.fourTenants`): 4 tasks
// from 4 tenants created 5 s apart, UUID1 the oldest; the non-admin caller is a member of tenant 1.
@Suite struct GlanceChecklistControllerTests {
    static func service(defaultLimit: Int = 25, maxLimit: Int = 1000) async throws -> TestService {
        try await TestService(configuration: APIConfiguration(listDefaultLimit: defaultLimit, listMaxLimit: maxLimit))
    }

    static let tenant1 = TestIdentity.member(Checklist.tenants[0])

    @Test("§6 item 16: a non-admin with a default limit of 1 sees only its own task")
    func item16() async throws {
        let service = try await Self.service(defaultLimit: 1)
        let ids = try await Checklist.fourTenants(service)
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks", as: Self.tenant1)
            #expect(Checklist.ids(reply) == [ids[0]])
            let all = try await client.send(.get, "/v2/tasks?limit=10", as: Self.tenant1)
            #expect(Checklist.ids(all) == [ids[0]])
        }
    }

    @Test("§6 item 17: an admin sees all 4 tenants' tasks")
    func item17() async throws {
        let service = try await Self.service()
        let ids = try await Checklist.fourTenants(service)
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks", as: .admin())
            #expect(Checklist.ids(reply) == ids.reversed())
        }
    }

    @Test("§6 item 18: admin, marker=UUID3, limit=1, desc: [UUID2] and next's marker is UUID2")
    func item18() async throws {
        let service = try await Self.service()
        let ids = try await Checklist.fourTenants(service)
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks?marker=\(ids[2])&limit=1", as: .admin())
            #expect(Checklist.ids(reply) == [ids[1]])
            #expect(reply["next"] == .string("/v2/tasks?limit=1&marker=\(ids[1])"))
        }
    }

    @Test("§6 item 19: admin, marker=UUID3, limit=2: [UUID2, UUID1] and next's marker is UUID1")
    func item19() async throws {
        let service = try await Self.service()
        let ids = try await Checklist.fourTenants(service)
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks?marker=\(ids[2])&limit=2", as: .admin())
            #expect(Checklist.ids(reply) == [ids[1], ids[0]])
            #expect(reply["next"] == .string("/v2/tasks?limit=2&marker=\(ids[0])"))
        }
    }

    @Test("§6 item 20: admin, marker=UUID1 (the oldest), limit=2: [] and no next")
    func item20() async throws {
        let service = try await Self.service()
        let ids = try await Checklist.fourTenants(service)
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks?marker=\(ids[0])&limit=2", as: .admin())
            #expect(reply.status == .ok)
            #expect(Checklist.ids(reply).isEmpty)
            #expect(reply["next"] == nil)
        }
    }

    @Test("§6 item 21: ?id=UUID1 lists exactly UUID1")
    func item21() async throws {
        let service = try await Self.service()
        let ids = try await Checklist.fourTenants(service)
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks?id=\(ids[0])", as: .admin())
            #expect(Checklist.ids(reply) == [ids[0]])
        }
    }

    @Test("§6 item 22: status=pending lists all 4; with type=import&owner=TENANT1 only UUID1")
    func item22() async throws {
        let service = try await Self.service()
        let ids = try await Checklist.fourTenants(service)
        try await service.test { client in
            let pending = try await client.send(.get, "/v2/tasks?status=pending", as: .admin())
            #expect(Set(Checklist.ids(pending)) == Set(ids))
            let query = "status=pending&type=import&owner=\(Checklist.tenants[0])"
            #expect(Checklist.ids(try await client.send(.get, "/v2/tasks?\(query)", as: .admin())) == [ids[0]])
        }
    }

    @Test("§6 item 23: admin, marker=UUID3 under a default limit of 1: [UUID2]")
    func item23() async throws {
        let service = try await Self.service(defaultLimit: 1)
        let ids = try await Checklist.fourTenants(service)
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks?marker=\(ids[2])", as: .admin())
            #expect(Checklist.ids(reply) == [ids[1]])
        }
    }

    @Test("§6 item 24: limit=2 gives 2 items")
    func item24() async throws {
        let service = try await Self.service()
        let ids = try await Checklist.fourTenants(service)
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks?limit=2", as: .admin())
            #expect(Checklist.ids(reply) == [ids[3], ids[2]])
        }
    }

    @Test("§6 item 25: limit=4 with a maximum of 3 gives 3 items, clamped without an error")
    func item25() async throws {
        let service = try await Self.service(maxLimit: 3)
        let ids = try await Checklist.fourTenants(service)
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks?limit=4", as: .admin())
            #expect(reply.status == .ok)
            #expect(Checklist.ids(reply) == [ids[3], ids[2], ids[1]])
        }
    }

    @Test("§6 item 26: the default limit (1) applies when no limit is given")
    func item26() async throws {
        let service = try await Self.service(defaultLimit: 1)
        let ids = try await Checklist.fourTenants(service)
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks", as: .admin())
            #expect(Checklist.ids(reply) == [ids[3]])
            #expect(reply["next"] == .string("/v2/tasks?marker=\(ids[3])"))
        }
    }

    @Test("§6 item 27: sort_dir=asc, limit=3: [UUID1, UUID2, UUID3]")
    func item27() async throws {
        let service = try await Self.service()
        let ids = try await Checklist.fourTenants(service)
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks?sort_dir=asc&limit=3", as: .admin())
            #expect(Checklist.ids(reply) == Array(ids[0..<3]))
        }
    }

    @Test("§6 item 28: sort_key=created_at with the default desc, limit=3: [UUID4, UUID3, UUID2]")
    func item28() async throws {
        let service = try await Self.service()
        let ids = try await Checklist.fourTenants(service)
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks?sort_key=created_at&limit=3", as: .admin())
            #expect(Checklist.ids(reply) == [ids[3], ids[2], ids[1]])
        }
    }

    @Test(
        "§6 item 29: a random UUID marker, a non-UUID marker and sort_key=foo are 400s",
        arguments: [
            (
                "marker=7d620bef-0be7-41b3-aaa1-651036ab3001",
                "Task with the given id 7d620bef-0be7-41b3-aaa1-651036ab3001 was not found"
            ),
            ("marker=NON_UUID", "Invalid marker format"),
            ("sort_key=foo", "Sort key supplied was not valid."),
        ]
    )
    func item29(query: String, message: String) async throws {
        let service = try await Self.service()
        _ = try await Checklist.fourTenants(service)
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks?\(query)", as: .admin())
            MalformedInput.expectError(reply, status: .badRequest, fragment: message)
            #expect(reply.message == message)
        }
    }

    @Test("§6 item 30: an empty database lists tasks []")
    func item30() async throws {
        let service = try await Self.service()
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks", as: Self.tenant1)
            #expect(reply.status == .ok && reply["tasks"] == [])
        }
    }

    @Test("§6 item 31: show your own task 200; a random UUID 404; another tenant's task 404, not 403")
    func item31() async throws {
        let service = try await Self.service()
        let ids = try await Checklist.fourTenants(service)
        try await service.test { client in
            let own = try await client.send(.get, "/v2/tasks/\(ids[0])", as: Self.tenant1)
            #expect(own.status == .ok)
            ResponseSchemaCheck.task(own, service)
            for id in ["7d620bef-0be7-41b3-aaa1-651036ab3001", ids[1]] {
                let reply = try await client.send(.get, "/v2/tasks/\(id)", as: Self.tenant1)
                MalformedInput.expectError(reply, status: .notFound, fragment: "Could not find task \(id)")
            }
        }
    }
}
