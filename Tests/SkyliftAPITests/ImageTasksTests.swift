import HTTPTypes
import HummingbirdTesting
import JSONSchema
import SkyliftAPI
import SkyliftDomain
import SkyliftStore
import SkyliftTesting
import Testing

/// `GET /v2/images/{id}/tasks`: the tasks that produced an image or used it, owner-scoped (Glance's get_task_info).
@Suite struct ImageTasksTests {
    static let imageID = "2a7c3d1e-9b4f-4c52-8e61-0f3b5a9d7c11"

    /// The import that produced the image (A), the image itself, a convert by A and one by an admin of C.
    static func scenario(_ service: TestService, _ client: any TestClientProtocol) async throws -> [String] {
        let body = ImagesTestSupport.importBody(imageID: imageID.uppercased())
        let imported = try await client.send(.post, "/v2/tasks", as: .member(Projects.a), body: body)
        #expect(imported.status == .created, "\(imported.text)")
        try await service.seedImage(id: imageID, owner: Projects.a, data: [1])
        let convert = ImagesTestSupport.convertBody(imageID: imageID)
        let ownConvert = try await client.send(.post, "/v2/tasks", as: .member(Projects.a), body: convert)
        let adminConvert = try await client.send(.post, "/v2/tasks", as: .admin(Projects.c), body: convert)
        #expect(adminConvert.status == .created, "\(adminConvert.text)")
        return [imported, ownConvert, adminConvert].compactMap { $0["id"]?.stringValue }
    }

    @Test("the owner sees the import that produced the image and its own convert, not another project's")
    func ownerScoped() async throws {
        let service = try await TestService()
        try await service.test { client in
            let ids = try await Self.scenario(service, client)
            let reply = try await client.send(.get, "/v2/images/\(Self.imageID)/tasks", as: .member(Projects.a))
            #expect(reply.status == .ok)
            guard case .object(let body)? = reply.json else { return }
            #expect(body.keys == ["tasks"])
            #expect(ImagesTestSupport.ids(reply, key: "tasks") == Array(ids[0..<2]))
            guard case .array(let tasks)? = body["tasks"], case .object(let first)? = tasks.first else { return }
            #expect(first["type"] == "import" && first["image_id"] == .string(Self.imageID))
            #expect(first["input"] != nil && first["progress"] != nil)
            let admin = try await client.send(.get, "/v2/images/\(Self.imageID)/tasks", as: .admin(Projects.c))
            #expect(ImagesTestSupport.ids(admin, key: "tasks") == ids)
        }
    }

    @Test("another project's member gets 404 for the image's tasks, as for the image")
    func notFound() async throws {
        let service = try await TestService()
        try await service.test { client in
            _ = try await Self.scenario(service, client)
            for id in [Self.imageID, "7d620bef-0be7-41b3-aaa1-651036ab3001", "nope"] {
                let reply = try await client.send(.get, "/v2/images/\(id)/tasks", as: .member(Projects.b))
                #expect(reply.status == .notFound)
                #expect(reply.message == "No image found with ID \(id)")
            }
        }
    }

    @Test("the route follows get_image, not tasks_api_access: Glance's admin-only tasks policy still lets owners in")
    func notTasksPolicy() async throws {
        let service = try await TestService(policyFile: "policy-glance.yaml")
        try await service.seedImage(id: Self.imageID, owner: Projects.b)
        try await service.test { client in
            let tasks = try await client.send(.get, "/v2/tasks", as: .member(Projects.b))
            #expect(tasks.status == .forbidden)
            let reply = try await client.send(.get, "/v2/images/\(Self.imageID)/tasks", as: .member(Projects.b))
            #expect(reply.status == .ok)
            #expect(reply.text == #"{"tasks":[]}"#)
        }
    }

    @Test("a convert task stores its source image, canonical lower-case, so the image's list finds it")
    func sourceImageStored() async throws {
        let service = try await TestService()
        try await service.seedImage(id: Self.imageID, owner: Projects.a)
        try await service.test { client in
            let body = ImagesTestSupport.convertBody(imageID: Self.imageID.uppercased())
            let created = try await client.send(.post, "/v2/tasks", as: .member(Projects.a), body: body)
            let id = try #require(created["id"]?.stringValue.flatMap(TaskID.init))
            let task = try await service.store.task(id: id, visibility: .all, now: service.clock.now())
            #expect(task?.sourceImageID == Self.imageID)
            #expect(task?.imageID == nil)
        }
    }
}
