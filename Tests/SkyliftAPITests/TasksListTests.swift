import HTTPTypes
import HummingbirdTesting
import JSONSchema
import SkyliftAPI
import SkyliftTesting
import Testing

@Suite struct TasksListTests {
    /// Creates `count` tasks as `identity`, oldest first, and returns their ids.
    static func create(
        _ count: Int,
        as identity: TestIdentity,
        _ client: any TestClientProtocol
    ) async throws
        -> [String]
    {
        var ids: [String] = []
        for index in 0..<count {
            let reply = try await client.send(
                .post,
                "/v2/tasks",
                as: identity,
                body: Bodies.importTask(name: "t\(index)")
            )
            guard case .string(let id)? = reply["id"] else { throw ReplyError(reply.text) }
            ids.append(id)
        }
        return ids
    }

    static func ids(_ reply: JSONReply) -> [String] {
        guard case .array(let items)? = reply["tasks"] else { return [] }
        return items.compactMap { item in
            if case .object(let object) = item, case .string(let id)? = object["id"] { return id }
            return nil
        }
    }

    @Test("an empty list has tasks [], first /v2/tasks, the schema link and no next")
    func empty() async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks", as: .admin())
            #expect(reply.status == .ok)
            #expect(reply.text == #"{"tasks":[],"first":"/v2/tasks","schema":"/v2/schemas/tasks"}"#)
            #expect(reply.headers[.contentType] == "application/json")
            ResponseSchemaCheck.tasks(reply, service)
        }
    }

    @Test("newest first; stubs carry exactly the Glance list keys")
    func defaultOrder() async throws {
        let service = try await TestService()
        try await service.test { client in
            let ids = try await Self.create(3, as: .admin(), client)
            let reply = try await client.send(.get, "/v2/tasks", as: .admin())
            ResponseSchemaCheck.tasks(reply, service)
            #expect(Self.ids(reply) == ids.reversed())
            guard case .array(let items)? = reply["tasks"], case .object(let first)? = items.first else { return }
            #expect(Set(first.keys) == ["id", "type", "status", "owner", "created_at", "updated_at", "self", "schema"])
        }
    }

    @Test("limit and marker page through; next appears exactly when the page is full (glance-notes §6 items 13, 18–20)")
    func paging() async throws {
        let service = try await TestService()
        try await service.test { client in
            let ids = Array(try await Self.create(3, as: .admin(), client).reversed())
            let page1 = try await client.send(.get, "/v2/tasks?limit=2", as: .admin())
            #expect(Self.ids(page1) == Array(ids[0..<2]))
            #expect(page1["first"] == "/v2/tasks?limit=2")
            #expect(page1["next"] == .string("/v2/tasks?limit=2&marker=\(ids[1])"))
            let page2 = try await client.send(.get, "/v2/tasks?limit=2&marker=\(ids[1])", as: .admin())
            #expect(Self.ids(page2) == [ids[2]])
            #expect(page2["next"] == nil)
            #expect(page2["first"] == "/v2/tasks?limit=2")
            let full = try await client.send(.get, "/v2/tasks?limit=1&marker=\(ids[1])", as: .admin())
            #expect(full["next"] == .string("/v2/tasks?limit=1&marker=\(ids[2])"))
            let after = try await client.send(.get, "/v2/tasks?limit=1&marker=\(ids[2])", as: .admin())
            #expect(Self.ids(after).isEmpty)
            #expect(after["next"] == nil)
            let zero = try await client.send(.get, "/v2/tasks?limit=0", as: .admin())
            #expect(Self.ids(zero).isEmpty && zero["next"] == nil)
        }
    }

    @Test("limits above the maximum are clamped silently; next keeps the original limit")
    func clamp() async throws {
        let service = try await TestService(configuration: APIConfiguration(listDefaultLimit: 2, listMaxLimit: 3))
        try await service.test { client in
            _ = try await Self.create(4, as: .admin(), client)
            #expect(Self.ids(try await client.send(.get, "/v2/tasks", as: .admin())).count == 2)
            let reply = try await client.send(.get, "/v2/tasks?limit=5000", as: .admin())
            #expect(Self.ids(reply).count == 3)
            guard case .string(let next)? = reply["next"] else {
                Issue.record("no next")
                return
            }
            #expect(next.hasPrefix("/v2/tasks?limit=5000&marker="))
        }
    }

    @Test("members see only their project's tasks; admins see all; ?owner= is ANDed with visibility")
    func scoping() async throws {
        let service = try await TestService()
        try await service.test { client in
            let b = try await Self.create(2, as: .member(Projects.b), client)
            let c = try await Self.create(1, as: .member(Projects.c, user: "carl"), client)
            #expect(Set(Self.ids(try await client.send(.get, "/v2/tasks", as: .member(Projects.b)))) == Set(b))
            #expect(
                Set(Self.ids(try await client.send(.get, "/v2/tasks", as: .member(Projects.c, user: "carl"))))
                    == Set(c)
            )
            #expect(Set(Self.ids(try await client.send(.get, "/v2/tasks", as: .admin()))) == Set(b + c))
            let sneaky = try await client.send(.get, "/v2/tasks?owner=\(Projects.c)", as: .member(Projects.b))
            #expect(Self.ids(sneaky).isEmpty)
            let filtered = try await client.send(.get, "/v2/tasks?owner=\(Projects.c)", as: .admin())
            #expect(Self.ids(filtered) == c)
            let byID = try await client.send(.get, "/v2/tasks?id=\(b[0])", as: .admin())
            #expect(Self.ids(byID) == [b[0]])
            let foreignMarker = try await client.send(.get, "/v2/tasks?marker=\(c[0])", as: .member(Projects.b))
            #expect(foreignMarker.status == .badRequest)
            #expect(foreignMarker.message == "Task with the given id \(c[0]) was not found")
        }
    }

    @Test("sort_key=owner asc and desc, and sort_key=id sorts by id alone")
    func sorting() async throws {
        let service = try await TestService()
        try await service.test { client in
            _ = try await Self.create(1, as: .member(Projects.c, user: "carl"), client)
            _ = try await Self.create(1, as: .member(Projects.a, user: "al"), client)
            _ = try await Self.create(1, as: .member(Projects.b), client)
            let asc = try await client.send(.get, "/v2/tasks?sort_key=owner&sort_dir=asc", as: .admin())
            #expect(owners(asc) == [Projects.a, Projects.b, Projects.c])
            let desc = try await client.send(.get, "/v2/tasks?sort_key=owner", as: .admin())
            #expect(owners(desc) == [Projects.c, Projects.b, Projects.a])
            let byID = try await client.send(.get, "/v2/tasks?sort_key=id&sort_dir=asc", as: .admin())
            #expect(Self.ids(byID) == Self.ids(byID).sorted())
        }
    }

    @Test(
        "bad query values are 400s with Glance's messages",
        arguments: [
            ("limit=blah", "limit param must be an integer"), ("limit=1.1", "limit param must be an integer"),
            ("limit=NaN", "limit param must be an integer"), ("limit=-1", "limit param must be positive"),
            ("limit=", "limit param must be an integer"),
            ("marker=abc", "Invalid marker format"),
            (
                "marker=7d620bef-0be7-41b3-aaa1-651036ab3001",
                "Task with the given id 7d620bef-0be7-41b3-aaa1-651036ab3001 was not found"
            ),
            ("sort_key=bogus", "Sort key supplied was not valid."),
            ("sort_key=message", "Sort key supplied was not valid."),
            ("sort_dir=up", "Invalid sort direction: up"), ("sort_dir=", "Invalid sort direction: "),
            ("status=bogus", "Invalid status value: bogus"), ("type=bogus", "Invalid type value: bogus"),
        ]
    )
    func badQueries(query: String, message: String) async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks?\(query)", as: .admin())
            #expect(reply.status == .badRequest)
            #expect(reply.message == message)
            ResponseSchemaCheck.error(reply)
        }
    }

    @Test("unknown parameters are ignored but carried into first and next; a repeated one: the last counts")
    func unknownAndRepeated() async throws {
        let service = try await TestService()
        try await service.test { client in
            _ = try await Self.create(2, as: .admin(), client)
            let reply = try await client.send(.get, "/v2/tasks?foo=bar&limit=5&limit=1&x=a+b%21", as: .admin())
            #expect(Self.ids(reply).count == 1)
            #expect(reply["first"] == "/v2/tasks?foo=bar&limit=1&x=a+b%21")
            guard case .string(let next)? = reply["next"] else {
                Issue.record("no next")
                return
            }
            #expect(next.hasPrefix("/v2/tasks?foo=bar&limit=1&x=a+b%21&marker="))
        }
    }

    private func owners(_ reply: JSONReply) -> [String] {
        guard case .array(let items)? = reply["tasks"] else { return [] }
        return items.compactMap { item in
            if case .object(let object) = item, case .string(let owner)? = object["owner"] { return owner }
            return nil
        }
    }
}

struct ReplyError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
