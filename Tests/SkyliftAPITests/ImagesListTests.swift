import HTTPTypes
import HummingbirdTesting
import JSONSchema
import SkyliftAPI
import SkyliftDomain
import SkyliftTesting
import Testing

@Suite struct ImagesListTests {
    /// Seeds `count` images owned by `owner`, oldest first, and returns their ids newest first (the list order).
    static func seed(_ count: Int, owner: String, _ service: TestService) async throws -> [String] {
        var ids: [String] = []
        for index in 0..<count {
            ids.append(try await service.seedImage(owner: owner, name: "i\(index)").id)
        }
        return ids.reversed()
    }

    @Test("an empty list has images [], first /v2/images, the schema link and no next")
    func empty() async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/images", as: .member())
            #expect(reply.status == .ok)
            #expect(reply.text == #"{"images":[],"first":"/v2/images","schema":"/v2/schemas/images"}"#)
            #expect(reply.headers[.contentType] == "application/json")
        }
    }

    @Test("members see their project's images newest first; admins see every project's")
    func scoping() async throws {
        let service = try await TestService()
        let own = try await Self.seed(2, owner: Projects.b, service)
        let others = try await Self.seed(2, owner: Projects.a, service)
        try await service.test { client in
            let member = try await client.send(.get, "/v2/images", as: .member(Projects.b))
            #expect(ImagesTestSupport.ids(member) == own)
            let reader = try await client.send(.get, "/v2/images", as: .reader(Projects.b))
            #expect(ImagesTestSupport.ids(reader) == own)
            let admin = try await client.send(.get, "/v2/images", as: .admin(Projects.c))
            #expect(ImagesTestSupport.ids(admin) == others + own)
        }
    }

    @Test("limit and marker page through; next appears exactly when the page is full; first drops the marker")
    func paging() async throws {
        let service = try await TestService()
        let ids = try await Self.seed(3, owner: Projects.b, service)
        try await service.test { client in
            let page1 = try await client.send(.get, "/v2/images?limit=2", as: .member())
            #expect(ImagesTestSupport.ids(page1) == Array(ids[0..<2]))
            #expect(page1["first"] == "/v2/images?limit=2")
            #expect(page1["next"] == .string("/v2/images?limit=2&marker=\(ids[1])"))
            let page2 = try await client.send(.get, "/v2/images?limit=2&marker=\(ids[1])", as: .member())
            #expect(ImagesTestSupport.ids(page2) == [ids[2]])
            #expect(page2["first"] == "/v2/images?limit=2")
            #expect(page2["next"] == nil)
            let exact = try await client.send(.get, "/v2/images?marker=\(ids[0])&limit=2", as: .member())
            #expect(exact["next"] == .string("/v2/images?limit=2&marker=\(ids[2])"))
            let zero = try await client.send(.get, "/v2/images?limit=0", as: .member())
            #expect(ImagesTestSupport.ids(zero).isEmpty && zero["next"] == nil)
        }
    }

    @Test("limits are clamped to the configured maximum and the default applies without one")
    func limitBounds() async throws {
        let service = try await TestService(configuration: APIConfiguration(listDefaultLimit: 2, listMaxLimit: 3))
        let ids = try await Self.seed(4, owner: Projects.b, service)
        try await service.test { client in
            let defaulted = try await client.send(.get, "/v2/images", as: .member())
            #expect(ImagesTestSupport.ids(defaulted) == Array(ids[0..<2]))
            #expect(defaulted["next"] == .string("/v2/images?marker=\(ids[1])"))
            let clamped = try await client.send(.get, "/v2/images?limit=1000", as: .member())
            #expect(ImagesTestSupport.ids(clamped) == Array(ids[0..<3]))
            #expect(clamped["next"] == .string("/v2/images?limit=1000&marker=\(ids[2])"))
        }
    }

    @Test(
        "a bad limit or a marker that is not a visible image is a 400 with Glance's message",
        arguments: [
            ("limit=blah", "limit param must be an integer"), ("limit=1.1", "limit param must be an integer"),
            ("limit=-1", "limit param must be positive"),
            (
                "marker=7d620bef-0be7-41b3-aaa1-651036ab3001",
                "No image found with ID 7d620bef-0be7-41b3-aaa1-651036ab3001"
            ),
            ("marker=nope", "No image found with ID nope"),
        ]
    )
    func badRequests(query: String, message: String) async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/images?\(query)", as: .member())
            #expect(reply.status == .badRequest)
            #expect(reply.message == message)
            ResponseSchemaCheck.error(reply)
        }
    }

    @Test("another project's image as the marker is a 400, as a missing one is")
    func foreignMarker() async throws {
        let service = try await TestService()
        let foreign = try await service.seedImage(owner: Projects.a)
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/images?marker=\(foreign.id)", as: .member(Projects.b))
            #expect(reply.status == .badRequest)
            #expect(reply.message == "No image found with ID \(foreign.id)")
        }
    }

    @Test("a get_images denial is a 403 with Glance's message, before the query is read")
    func denied() async throws {
        let service = try await TestService()
        let application = try ImagesTestSupport.application(service, rules: ["get_images": "role:admin"])
        try await application.test(.router) { client in
            let reply = try await client.send(.get, "/v2/images?limit=blah", as: .member())
            #expect(reply.status == .forbidden)
            #expect(reply.message == "You are not authorized to complete get_images action.")
            #expect(try await client.send(.get, "/v2/images", as: .admin()).status == .ok)
        }
    }

    @Test("§16 filters, as openstacksdk looks an image up by name: name, status, formats, tags, os_hidden, visibility")
    func filters() async throws {
        let service = try await TestService()
        try await service.test { client in
            let bodies = [
                #"{"name": "fedora-web", "disk_format": "qcow2", "container_format": "bare", "tags": ["web", "f"]}"#,
                #"{"name": "debian", "disk_format": "raw", "container_format": "bare", "tags": ["web"]}"#,
                #"{"name": "hidden", "disk_format": "raw", "os_hidden": true}"#,
            ]
            var ids: [String] = []
            for body in bodies {
                let reply = try await client.send(.post, "/v2/images", as: .member(), body: body)
                try #require(reply.status == .created, "\(reply.text)")
                ids.append(reply["id"]?.stringValue ?? "")
            }
            func listed(_ query: String) async throws -> [String] {
                let reply = try await client.send(.get, "/v2/images?\(query)", as: .member())
                #expect(reply.status == .ok, "\(query): \(reply.text)")
                guard case .array(let images)? = reply["images"] else { return [] }
                return images.compactMap { image in
                    guard case .object(let object) = image else { return nil }
                    return object["id"]?.stringValue
                }
            }
            #expect(try await listed("") == [ids[1], ids[0]])
            #expect(try await listed("name=fedora-web") == [ids[0]])
            #expect(try await listed("name=fedora") == [])
            #expect(try await listed("status=queued") == [ids[1], ids[0]])
            #expect(try await listed("status=active") == [])
            #expect(try await listed("disk_format=raw") == [ids[1]])
            #expect(try await listed("container_format=bare&disk_format=qcow2") == [ids[0]])
            #expect(try await listed("tag=web") == [ids[1], ids[0]])
            #expect(try await listed("tag=web&tag=f") == [ids[0]])
            #expect(try await listed("os_hidden=True") == [ids[2]])
            #expect(try await listed("os_hidden=false") == [ids[1], ids[0]])
            #expect(try await listed("visibility=private") == [ids[1], ids[0]])
            #expect(try await listed("visibility=all") == [ids[1], ids[0]])
            #expect(try await listed("visibility=public") == [])
            #expect(try await listed("name=fedora-web%00") == [])
            let first = try await client.send(.get, "/v2/images?name=fedora-web", as: .member())
            #expect(first["first"] == "/v2/images?name=fedora-web")
        }
    }

    @Test(
        "a filter value Glance refuses is a 400 saying which",
        arguments: [
            ("status=bogus", "Invalid status value: bogus"),
            ("visibility=sideways", "Invalid visibility value: sideways"),
            ("os_hidden=maybe", "Invalid value 'maybe' for os_hidden: expected true or false"),
        ]
    )
    func badFilter(query: String, message: String) async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/images?\(query)", as: .member())
            #expect(reply.status == .badRequest)
            #expect(reply.message == message)
        }
    }
}
