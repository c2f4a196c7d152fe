import Foundation
import HTTPTypes
import HummingbirdTesting
import JSONSchema
import SkyliftAPI
import SkyliftDomain
import SkyliftTesting
import Testing

@Suite struct ImagesShowTests {
    @Test("an image shows Glance's fields, with custom properties flattened at the top level")
    func show() async throws {
        let service = try await TestService()
        let image = try await service.seedImage(
            owner: Projects.b,
            name: "cirros",
            checksum: "9e107d9d372bb6826bd81d3542a419d6",
            properties: ["os_distro": "cirros", "hw_disk_bus": "virtio"],
            createdAt: Timestamp(seconds: 1_795_378_811)
        )
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/images/\(image.id)", as: .member(Projects.b))
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType] == "application/json")
            guard case .object(let body)? = reply.json else { return }
            #expect(
                body.keys == [
                    "hw_disk_bus", "os_distro", "name", "disk_format", "container_format", "visibility", "size",
                    "virtual_size", "status", "checksum", "protected", "min_ram", "min_disk", "owner", "os_hidden",
                    "os_hash_algo", "os_hash_value", "id", "created_at", "updated_at", "tags", "self", "file",
                    "schema", "stores",
                ]
            )
            #expect(body["os_distro"] == "cirros")
            #expect(body["name"] == "cirros")
            #expect(body["visibility"] == "private")
            #expect(body["protected"] == false)
            #expect(body["min_ram"] == 0 && body["min_disk"] == 0)
            #expect(body["tags"] == [])
            #expect(body["os_hidden"] == false)
            #expect(body["stores"] == "local")
            #expect(body["owner"] == .string(Projects.b))
            #expect(body["status"] == "active")
            #expect(body["checksum"] == "9e107d9d372bb6826bd81d3542a419d6")
            #expect(body["created_at"] == "2026-11-22T20:20:11Z")
            #expect(body["self"] == .string("/v2/images/\(image.id)"))
            #expect(body["file"] == .string("/v2/images/\(image.id)/file"))
            #expect(body["schema"] == "/v2/schemas/image")
        }
    }

    @Test("a custom property named like any image schema property never shows: the fields stay the image's")
    func reservedProperties() async throws {
        let service = try await TestService()
        let document = try JSONParser.parse(try #require(service.schemas.document(named: "image")))
        guard case .object(let schema) = document, case .object(let declared)? = schema["properties"] else {
            Issue.record("the image schema has no properties")
            return
        }
        var properties = Dictionary(uniqueKeysWithValues: declared.keys.map { ($0, "custom") })
        properties["kept"] = "custom"
        let image = try await service.seedImage(owner: Projects.b, properties: properties)
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/images/\(image.id)", as: .member(Projects.b))
            guard case .object(let body)? = reply.json else { return }
            #expect(body["kept"] == "custom")
            for key in declared.keys {
                #expect(body[key] != "custom", "\(key)")
            }
            #expect(body["id"] == .string(image.id))
        }
    }

    @Test("another project's image, a missing id and a non-UUID id are the same 404; admins see every image")
    func notFound() async throws {
        let service = try await TestService()
        let image = try await service.seedImage(owner: Projects.a)
        try await service.test { client in
            for (id, identity) in [
                (image.id, TestIdentity.member(Projects.b)), ("7d620bef-0be7-41b3-aaa1-651036ab3001", .admin()),
                ("not-an-image", .admin()),
            ] {
                let reply = try await client.send(.get, "/v2/images/\(id)", as: identity)
                #expect(reply.status == .notFound)
                #expect(reply.message == "No image found with ID \(id)")
                ResponseSchemaCheck.error(reply)
            }
            #expect(try await client.send(.get, "/v2/images/\(image.id)", as: .admin(Projects.c)).status == .ok)
            #expect(try await client.send(.get, "/v2/images/\(image.id)", as: .reader(Projects.a)).status == .ok)
            let upper = try await client.send(.get, "/v2/images/\(image.id.uppercased())", as: .member(Projects.a))
            #expect(upper["id"] == .string(image.id))
            #expect(try await client.send(.get, "/v2/images/\(image.id)").status == .unauthorized)
        }
    }

    @Test(
        "methods the images API does not have are 405 with the Allow header of the path",
        arguments: [
            (HTTPRequest.Method.patch, "/v2/images", "GET, POST"), (.put, "/v2/images", "GET, POST"),
            (.delete, "/v2/images", "GET, POST"), (.head, "/v2/images", "GET, POST"),
            (.patch, "/v2/images/x", "GET, DELETE"), (.put, "/v2/images/x", "GET, DELETE"),
            (.post, "/v2/images/x", "GET, DELETE"), (.head, "/v2/images/x", "GET, DELETE"),
            (.put, "/v2/images/x/file", "GET"), (.delete, "/v2/images/x/file", "GET"),
            (.post, "/v2/images/x/tasks", "GET"), (.delete, "/v2/images/x/tasks", "GET"),
            (.post, "/v2/schemas/image", "GET"), (.delete, "/v2/schemas/images", "GET"),
        ]
    )
    func methodNotAllowed(method: HTTPRequest.Method, path: String, allow: String) async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(method, path, as: .admin())
            #expect(reply.status == .methodNotAllowed)
            #expect(reply.headers[.allow] == allow)
        }
    }
}
