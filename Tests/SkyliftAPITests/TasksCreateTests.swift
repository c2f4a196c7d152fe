import Foundation
import HTTPTypes
import HummingbirdTesting
import JSONSchema
import SkyliftAPI
import SkyliftDomain
import SkyliftStore
import SkyliftTesting
import Testing

@Suite struct TasksCreateTests {
    @Test("create answers 201 with an absolute Location and the full pending view (glance-notes §6 item 2)")
    func create() async throws {
        let service = try await TestService()
        try await service.test { client in
            let body = Bodies.importTask(name: "anchor-qcow2")
            let reply = try await client.send(.post, "/v2/tasks", as: .admin(), body: body)
            #expect(reply.status == .created)
            ResponseSchemaCheck.task(reply, service)
            guard case .string(let id)? = reply["id"] else {
                Issue.record("no id")
                return
            }
            #expect(reply.headers[.location] == "http://localhost/v2/tasks/\(id)")
            #expect(reply["status"] == "pending")
            #expect(reply["message"] == "")
            #expect(reply["result"] == .null)
            #expect(reply["expires_at"] == nil)
            #expect(reply["owner"] == .string(Projects.a))
            #expect(reply["user_id"] == "alice")
            #expect(reply["schema"] == "/v2/schemas/task")
            #expect(reply["self"] == .string("/v2/tasks/\(id)"))
            #expect(reply["created_at"] == reply["updated_at"])
            #expect(reply["input"] == (try JSONParser.parse(body)).objectValue?["input"])
            #expect(reply["request_id"] == reply.headers[HTTPField.Name("x-openstack-request-id")!].map { .string($0) })
            #expect(reply.headers[.eTag] == "\"1\"")
            let shown = try await client.send(.get, "/v2/tasks/\(id)", as: .admin())
            #expect(shown.status == .ok)
            #expect(shown.json == reply.json)
        }
    }

    @Test("Glance's create key set, plus the Skylift extensions, and nothing else")
    func keySet() async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(.post, "/v2/tasks", as: .admin(), body: Bodies.importTask())
            let keys = Set(reply.json?.objectValue?.keys ?? [])
            #expect(
                keys == [
                    "created_at", "id", "input", "message", "owner", "schema", "self", "status", "type", "result",
                    "updated_at", "request_id", "user_id", "progress", "steps", "warnings",
                ]
            )
        }
    }

    @Test("a caller-supplied request id is kept as the task's request_id and echoed")
    func requestID() async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(
                .post,
                "/v2/tasks",
                as: .admin(),
                body: Bodies.importTask(),
                headers: [HTTPField.Name("X-Openstack-Request-ID")!: "my-request-42"]
            )
            #expect(reply["request_id"] == "my-request-42")
            #expect(reply.headers[HTTPField.Name("x-openstack-request-id")!] == "my-request-42")
        }
    }

    @Test("owner comes from the caller's project, never the body; read-only keys are accepted and ignored")
    func readOnlyKeys() async throws {
        let service = try await TestService()
        try await service.test { client in
            let body =
                #"{"type": "import", "id": "7d620bef-0be7-41b3-aaa1-651036ab3001", "status": "success", "#
                + #""owner": "someone-else", "result": {"x": 1}, "message": "hi", "input": {"import_from": "#
                + #""http://example.com/a.img", "import_from_format": "raw", "image_properties": "#
                + #"{"disk_format": "raw", "container_format": "bare"}}}"#
            let reply = try await client.send(.post, "/v2/tasks", as: .member(), body: body)
            #expect(reply.status == .created)
            #expect(reply["owner"] == .string(Projects.b))
            #expect(reply["status"] == "pending")
            #expect(reply["id"] != "7d620bef-0be7-41b3-aaa1-651036ab3001")
            #expect(reply["result"] == .null)
            #expect(reply["message"] == "")
        }
    }

    @Test("Content-Type is not required: a JSON body under text/plain is accepted (Glance)")
    func contentTypeIgnored() async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(
                .post,
                "/v2/tasks",
                as: .admin(),
                body: Bodies.importTask(),
                headers: [.contentType: "text/plain"]
            )
            #expect(reply.status == .created)
        }
    }

    @Test(
        "each rejected create is a 400 with a message saying what was wrong, and stores nothing",
        arguments: [
            (#"{"input": {}}"#, "Task 'type' is required"),
            (#"{"type": "import"}"#, "Task 'input' is required"),
            ("{}", "Task 'type' is required"),
            (#"{"type": "bogus", "input": {}}"#, "Provided object does not match schema 'task': 'bogus' is not one of"),
            (#"{"type": "api_image_import", "input": {}}"#, "Invalid type value: api_image_import"),
            (#"{"type": "import", "input": "x"}"#, "Provided object does not match schema 'task': 'x' is not of type"),
            (
                #"{"type": "import", "input": {}, "foo": 1}"#,
                "Additional properties are not allowed ('foo' was unexpected)"
            ),
            (
                #"{"type": "import", "input": null}"#,
                "Invalid input for task type 'import': None is not of type 'object'"
            ),
            (
                #"{"type": "import", "input": {"import_from": "http://example.com/x", "import_from_format": "raw"}}"#,
                "'image_properties' is a required property (keyword 'required' at JSON pointer '/input')"
            ),
            ("[1, 2]", "Unexpected body type. Expected dict."),
            (#""x""#, "Unexpected body type. Expected dict."),
            ("{", "Malformed JSON in request body"),
        ]
    )
    func rejected(body: String, message: String) async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(.post, "/v2/tasks", as: .admin(), body: body)
            #expect(reply.status == .badRequest, "\(reply.text)")
            ResponseSchemaCheck.error(reply)
            #expect(reply.message?.contains(message) == true, "\(reply.message ?? reply.text)")
            let list = try await client.send(.get, "/v2/tasks", as: .admin())
            #expect(list["tasks"] == [])
        }
    }

    @Test("an empty body is 'Body expected in request.'")
    func emptyBody() async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(.post, "/v2/tasks", as: .admin())
            #expect(reply.status == .badRequest)
            #expect(reply.message == "Body expected in request.")
        }
    }

    @Test("a convert task needs an active image the caller can see")
    func convert() async throws {
        let service = try await TestService()
        let image = ImageRecord(
            id: "2a7c3d1e-9b4f-4c52-8e61-0f3b5a9d7c11",
            name: "src",
            status: .active,
            diskFormat: "raw",
            containerFormat: "bare",
            size: 1024,
            virtualSize: 1024,
            checksum: nil,
            osHashAlgo: nil,
            osHashValue: nil,
            owner: Projects.b,
            createdAt: Timestamp(seconds: 1),
            updatedAt: Timestamp(seconds: 1)
        )
        try await service.store.createImage(image)
        try await service.test { client in
            let body = #"{"type": "convert", "input": {"image_id": "\#(image.id)", "disk_format": "qcow2"}}"#
            let own = try await client.send(.post, "/v2/tasks", as: .member(Projects.b), body: body)
            #expect(own.status == .created)
            let other = try await client.send(.post, "/v2/tasks", as: .member(Projects.c), body: body)
            #expect(other.status == .badRequest)
            #expect(other.message == "Invalid input for task type 'convert': image \(image.id) was not found")
            let missing = body.replacingOccurrences(of: image.id, with: "00000000-0000-4000-8000-000000000000")
            let none = try await client.send(.post, "/v2/tasks", as: .member(Projects.b), body: missing)
            #expect(
                none.message
                    == "Invalid input for task type 'convert': image 00000000-0000-4000-8000-000000000000 was not found"
            )
        }
    }
}

extension JSONValue {
    var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }
}
