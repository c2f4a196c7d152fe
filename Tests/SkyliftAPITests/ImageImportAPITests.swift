import HTTPTypes
import HummingbirdTesting
import JSONSchema
import SkyliftDomain
import SkyliftTesting
import Testing

/// `POST /v2/images/{id}/import` (contract §16): every check in its order and message, and nothing changed in the
/// store by a refused request.
@Suite struct ImageImportAPITests {
    static let owner = TestIdentity.member(Projects.b)
    static let importBody = #"{"method": {"name": "web-download", "uri": "http://example.com/a.qcow2"}}"#

    /// A queued qcow2 image of `Projects.b` (or the body given), created through the API.
    static func createImage(
        _ client: any TestClientProtocol,
        _ body: String = #"{"name": "i", "disk_format": "qcow2", "container_format": "bare"}"#
    ) async throws -> String {
        let reply = try await client.send(.post, "/v2/images", as: owner, body: body)
        try #require(reply.status == .created, "\(reply.text)")
        return try #require(reply["id"]?.stringValue)
    }

    /// The image as stored, and every task.
    static func state(_ service: TestService, _ id: String) async throws -> (ImageRecord?, [TaskSummary]) {
        (
            try await service.store.image(id: id, visibility: .all),
            try await service.store.list(ListQuery(limit: 100), visibility: .all, now: service.clock.now())
        )
    }

    @Test("202 with an empty body; the task is api_image_import, owned by the image's owner; the image importing")
    func accepted() async throws {
        let service = try await TestService()
        try await service.test { client in
            let id = try await Self.createImage(client)
            let reply = try await client.send(.post, "/v2/images/\(id)/import", as: .admin(), body: Self.importBody)
            #expect(reply.status == .accepted)
            #expect(reply.text.isEmpty)
            let (image, tasks) = try await Self.state(service, id)
            let task = try #require(tasks.first)
            #expect(tasks.count == 1)
            #expect(task.type == .apiImageImport)
            #expect(task.owner == Projects.b)
            #expect(image?.status == .importing)
            #expect(image?.importTask == task.id.rawValue)
            #expect(image?.properties["os_glance_importing_to_stores"] == "local")
            let shown = try await client.send(.get, "/v2/images/\(id)", as: Self.owner)
            #expect(shown["status"] == "importing")
            #expect(shown["os_glance_import_task"] == .string(task.id.rawValue))
            // A second import while the first holds the lock: Glance's answer, nothing new.
            let second = try await client.send(.post, "/v2/images/\(id)/import", as: Self.owner, body: Self.importBody)
            #expect(second.status == .conflict)
            #expect(second.message == "Image has active task")
            #expect(try await Self.state(service, id).1.count == 1)
            // The task is listed with its type, and POST /v2/tasks still refuses the type.
            let listed = try await client.send(.get, "/v2/tasks?type=api_image_import", as: .admin())
            #expect((listed["tasks"]?.arrayValue?.count) == 1)
            let direct = try await client.send(
                .post,
                "/v2/tasks",
                as: .admin(),
                body: #"{"type": "api_image_import", "input": {}}"#
            )
            #expect(direct.status == .badRequest)
        }
    }

    @Test(
        "each refused request answers its status and message, in the contract's order, and changes nothing",
        arguments: [
            (#"[1, 2]"#, 400, "Unexpected body type. Expected dict."),
            (#"{}"#, 400, "The import request needs a 'method' object"),
            (#"{"method": "web-download"}"#, 400, "'method' must be an object, not string"),
            (#"{"method": {}}"#, 400, "'method' needs a 'name'"),
            (#"{"method": {"name": 7}}"#, 400, "'method.name' must be a string, not integer"),
            (#"{"method": {"name": "ftp-download", "uri": "x"}}"#, 400, "Unknown import method name 'ftp-download'."),
            (#"{"method": {"name": "web-download"}}"#, 400, "URI for web-download does not pass filtering: None"),
            (
                #"{"method": {"name": "web-download", "uri": "http://127.0.0.1:22/x"}}"#, 400,
                "URI for web-download does not pass filtering: http://127.0.0.1:22/x"
            ),
            (
                #"{"method": {"name": "web-download", "uri": "file:///etc/passwd"}}"#, 400,
                "URI for web-download does not pass filtering: file:///etc/passwd"
            ),
            (
                #"{"method": {"name": "web-download", "uri": "http://example.com/a"}, "stores": ["ceph"]}"#, 400,
                #"Unknown store "ceph": this service has only 'local'"#
            ),
            (
                #"{"method": {"name": "web-download", "uri": "http://example.com/a"}, "all_stores": "yes"}"#, 400,
                "'all_stores' must be a boolean, not string"
            ),
        ]
    )
    func refused(body: String, status: Int, message: String) async throws {
        let service = try await TestService()
        try await service.test { client in
            let id = try await Self.createImage(client)
            let before = try await Self.state(service, id).0
            let reply = try await client.send(.post, "/v2/images/\(id)/import", as: Self.owner, body: body)
            #expect(reply.status.code == status)
            #expect(reply.message == message)
            let (image, tasks) = try await Self.state(service, id)
            #expect(image == before)
            #expect(tasks.isEmpty)
        }
    }

    @Test("the image must be visible and import_image allow it: 404 otherwise, before the body is read")
    func notFound() async throws {
        let service = try await TestService(policyFile: "policy.yaml")
        try await service.test { client in
            let id = try await Self.createImage(client)
            let missing = "00000000-0000-4000-8000-000000000000"
            for (identity, target) in [
                (TestIdentity.member(Projects.b), missing), (.member(Projects.a), id), (.reader(Projects.b), id),
                (.member(Projects.b), "not-a-uuid"),
            ] {
                let reply = try await client.send(.post, "/v2/images/\(target)/import", as: identity, body: "[")
                #expect(reply.status == .notFound, "\(identity) \(target)")
                #expect(reply.message == "No image found with ID \(target)")
            }
            #expect(try await Self.state(service, id).1.isEmpty)
            #expect(try await client.send(.post, "/v2/images/\(id)/import", body: "{}").status == .unauthorized)
        }
    }

    @Test("formats must be set (container_format named first, as Glance), and only a queued image is a target")
    func imageState() async throws {
        let service = try await TestService()
        try await service.test { client in
            let bare = try await Self.createImage(client, #"{"name": "no-format"}"#)
            var reply = try await client.send(.post, "/v2/images/\(bare)/import", as: Self.owner, body: Self.importBody)
            #expect(reply.status == .conflict)
            #expect(reply.message == "'container_format' needs to be set before import")
            let noDisk = try await Self.createImage(client, #"{"container_format": "bare"}"#)
            reply = try await client.send(.post, "/v2/images/\(noDisk)/import", as: Self.owner, body: Self.importBody)
            #expect(reply.message == "'disk_format' needs to be set before import")
            let active = try await service.seedImage(owner: Projects.b)
            reply = try await client.send(
                .post,
                "/v2/images/\(active.id)/import",
                as: Self.owner,
                body: Self.importBody
            )
            #expect(reply.status == .conflict)
            #expect(reply.message == "Image with status active cannot be target for import")
            #expect(try await Self.state(service, bare).1.isEmpty)
        }
    }

    @Test("an Idempotency-Key replays: one task, 202 both times; canceling the pending task unlocks the image")
    func idempotencyAndCancel() async throws {
        let service = try await TestService()
        try await service.test { client in
            let id = try await Self.createImage(client)
            let headers: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "import-1"]
            for _ in 0..<2 {
                let reply = try await client.send(
                    .post,
                    "/v2/images/\(id)/import",
                    as: Self.owner,
                    body: Self.importBody,
                    headers: headers
                )
                #expect(reply.status == .accepted)
            }
            let tasks = try await Self.state(service, id).1
            #expect(tasks.count == 1)
            let taskID = try #require(tasks.first?.id)
            let cancel = try await client.send(.post, "/v2/tasks/\(taskID.rawValue)/cancel", as: Self.owner)
            #expect(cancel.status == .accepted)
            let image = try #require(try await Self.state(service, id).0)
            #expect(image.status == .queued)
            #expect(image.importTask == nil)
            #expect(image.properties["os_glance_failed_import"] == "local")
            let task = try await service.store.task(id: taskID, visibility: .all, now: service.clock.now())
            #expect(task?.status == .failure)
            #expect(task?.failure?.code == "canceled")
        }
    }
}
