import Foundation
import HTTPTypes
import HummingbirdTesting
import JSONSchema
import SkyliftAPI
import SkyliftTesting
import Testing

@Suite struct SchemasTests {
    static let names = ["task", "tasks", "image", "images", "task-input/import", "task-input/convert"]

    @Test("schemas are served without identity, byte for byte the files under schemas/", arguments: names)
    func served(name: String) async throws {
        let service = try await TestService()
        let file = try String(
            contentsOf: RepositoryPaths.root.appendingPathComponent("schemas/\(name).json"),
            encoding: .utf8
        )
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/schemas/\(name)")
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType] == "application/json")
            #expect(reply.text == file)
            _ = try Schema(try #require(reply.json))
        }
    }

    @Test("the task schema is Glance's document plus convert and the Skylift properties, with no required list")
    func glanceDocument() async throws {
        let service = try await TestService()
        let task = try JSONParser.parse(try #require(service.schemas.document(named: "task")))
        guard case .object(let document) = task, case .object(let properties)? = document["properties"] else {
            Issue.record("not an object")
            return
        }
        #expect(document["name"] == "task")
        #expect(document["required"] == nil && document["additionalProperties"] == nil)
        let glance = [
            "id", "type", "status", "input", "result", "owner", "message", "image_id", "request_id", "user_id",
            "expires_at", "created_at", "updated_at", "self", "schema",
        ]
        #expect(Array(properties.keys.prefix(glance.count)) == glance)
        #expect(Set(properties.keys.dropFirst(glance.count)) == ["progress", "steps", "warnings", "error"])
        guard case .object(let type)? = properties["type"] else { return }
        #expect(type["enum"] == ["import", "api_image_import", "location_import", "convert"])
        guard case .object(let message)? = properties["message"] else { return }
        #expect(message["type"] == "string")
    }

    @Test("the collection schema has Glance's shape: tasks, schema and the describedby link")
    func collectionDocument() async throws {
        let service = try await TestService()
        let tasks = try JSONParser.parse(try #require(service.schemas.document(named: "tasks")))
        guard case .object(let document) = tasks, case .object(let properties)? = document["properties"] else { return }
        #expect(properties.keys == ["tasks", "schema"])
        #expect(document["links"] == [["rel": "describedby", "href": "{schema}"]])
    }

    @Test("the image schemas are Glance's permissive documents: string custom properties, links, first and next")
    func imageDocuments() async throws {
        let service = try await TestService()
        let image = try JSONParser.parse(try #require(service.schemas.document(named: "image")))
        guard case .object(let document) = image, case .object(let properties)? = document["properties"] else {
            Issue.record("not an object")
            return
        }
        #expect(document["name"] == "image")
        #expect(document["additionalProperties"] == ["type": "string"])
        #expect(document["required"] == nil)
        #expect(
            document["links"] == [
                ["rel": "self", "href": "{self}"], ["rel": "enclosure", "href": "{file}"],
                ["rel": "describedby", "href": "{schema}"],
            ]
        )
        let contract = [
            "id", "name", "status", "disk_format", "container_format", "size", "virtual_size", "checksum",
            "os_hash_algo", "os_hash_value", "owner", "visibility", "protected", "min_disk", "min_ram", "tags",
            "created_at", "updated_at", "self", "file", "schema",
        ]
        #expect(Set(properties.keys).isSuperset(of: contract))
        let images = try JSONParser.parse(try #require(service.schemas.document(named: "images")))
        guard case .object(let collection) = images, case .object(let members)? = collection["properties"],
            case .object(let list)? = members["images"]
        else { return }
        #expect(members.keys == ["images", "first", "next", "schema"])
        #expect(list["items"] == image)
    }

    @Test("an unknown task-input type is a JSON 404")
    func unknownInput() async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/schemas/task-input/nope")
            #expect(reply.status == .notFound)
            ResponseSchemaCheck.error(reply)
        }
    }

    @Test("the versions document points clients at /v2 (300 on /, 200 on /versions and /v2/)")
    func versions() async throws {
        let service = try await TestService()
        try await service.test { client in
            for (path, status) in [("/", HTTPResponse.Status.multipleChoices), ("/versions", .ok), ("/v2/", .ok)] {
                let reply = try await client.send(.get, path)
                #expect(reply.status == status, "\(path)")
                guard case .array(let versions)? = reply["versions"], case .object(let current)? = versions.first
                else {
                    Issue.record("no versions at \(path)")
                    continue
                }
                #expect(current["status"] == "CURRENT")
                #expect(current["links"] == [["rel": "self", "href": "http://localhost/v2/"]])
            }
        }
    }

    @Test("healthcheck answers OK while the database answers")
    func health() async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(.get, "/healthcheck")
            #expect(reply.status == .ok)
            #expect(reply.text == "OK")
        }
    }
}
