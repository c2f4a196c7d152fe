import Foundation
import HTTPTypes
import JSONSchema
import SkyliftAPI
import SkyliftDomain
import SkyliftStore
import SkyliftTesting
import Testing

/// `samples/` cannot rot: every file validates against the served schemas, and every request is accepted.
@Suite struct SamplesTests {
    static var sampleNames: [String] {
        let folder = RepositoryPaths.root.appendingPathComponent("samples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }

    static func load(_ name: String) throws -> JSONValue {
        let data = try Data(contentsOf: RepositoryPaths.root.appendingPathComponent("samples/\(name)"))
        return try JSONParser.parse(data)
    }

    @Test("the samples folder holds the api-ref set")
    func present() {
        #expect(
            Set(Self.sampleNames).isSuperset(of: [
                "task-create-import-request.json", "task-create-convert-request.json", "task-show-response.json",
                "tasks-list-response.json", "image-show-response.json", "images-list-response.json",
                "task-cancel-response.json", "image-create-request.json", "image-import-request.json",
                "image-tasks-list-response.json",
            ])
        )
    }

    @Test("every sample validates against the served schema its name implies", arguments: sampleNames)
    func validates(name: String) async throws {
        let service = try await TestService()
        let sample = try Self.load(name)
        if name == "image-import-request.json" { return }  // no schema is served for it: `accepted` sends it
        if name == "image-tasks-list-response.json" {
            guard case .array(let tasks)? = sample["tasks"] else {
                Issue.record("no tasks array")
                return
            }
            for task in tasks { #expect(service.schemas.task.validate(task).isEmpty) }
            return
        }
        let schema =
            if name.hasPrefix("images-") {
                service.schemas.images
            } else if name.hasPrefix("image-") {
                service.schemas.image
            } else {
                name.hasPrefix("tasks-") ? service.schemas.tasks : service.schemas.task
            }
        #expect(schema.validate(sample).isEmpty, "\(schema.validate(sample))")
        if name.hasSuffix("-request.json"), case .object(let body) = sample,
            case .string(let type)? = body["type"], let input = body["input"]
        {
            let inputSchema = try Schema(
                try JSONParser.parse(try #require(service.schemas.document(named: "task-input/\(type)")))
            )
            #expect(inputSchema.validate(input).isEmpty, "\(inputSchema.validate(input))")
        }
    }

    @Test(
        "every request sample is accepted by the API",
        arguments: sampleNames.filter { $0.hasSuffix("-request.json") }
    )
    func accepted(name: String) async throws {
        let service = try await TestService()
        try await service.store.createImage(
            ImageRecord(
                id: "2a7c3d1e-9b4f-4c52-8e61-0f3b5a9d7c11",
                name: "cirros",
                status: .active,
                diskFormat: "raw",
                containerFormat: "bare",
                size: 1 << 20,
                virtualSize: 1 << 20,
                checksum: nil,
                osHashAlgo: nil,
                osHashValue: nil,
                owner: Projects.a,
                createdAt: Timestamp(seconds: 1),
                updatedAt: Timestamp(seconds: 1)
            )
        )
        let body = try Self.load(name).serialized()
        try await service.test { client in
            switch name {
            case "image-create-request.json":
                let reply = try await client.send(.post, "/v2/images", as: .member(Projects.a), body: body)
                #expect(reply.status == .created, "\(reply.text)")
                #expect(service.schemas.image.validate(reply.json ?? .null).isEmpty)
            case "image-import-request.json":
                let created = try await client.send(
                    .post,
                    "/v2/images",
                    as: .member(Projects.a),
                    body: #"{"disk_format": "qcow2", "container_format": "bare"}"#
                )
                let id = try #require(created["id"]?.stringValue)
                let reply = try await client.send(.post, "/v2/images/\(id)/import", as: .member(Projects.a), body: body)
                #expect(reply.status == .accepted, "\(reply.text)")
            default:
                let reply = try await client.send(.post, "/v2/tasks", as: .member(Projects.a), body: body)
                #expect(reply.status == .created, "\(reply.text)")
                ResponseSchemaCheck.task(reply, service)
            }
        }
    }
}
