import HTTPTypes
import HummingbirdTesting
import JSONSchema
import SkyliftDomain
import SkyliftTesting
import Testing

/// `POST /v2/images` (contract §16): a queued image record to import data into.
@Suite struct ImagesCreateTests {
    /// The images the store holds, every project's, hidden or not.
    static func storedImages(_ service: TestService) async throws -> [ImageRecord] {
        let shown = try await service.store.images(ImageListQuery(limit: 100), visibility: .all)
        let hidden = ImageListQuery(limit: 100, filters: .init(hidden: true))
        return shown + (try await service.store.images(hidden, visibility: .all))
    }

    @Test("openstacksdk's create: 201, Location, the import headers, a queued view in Glance's key order")
    func create() async throws {
        let service = try await TestService()
        try await service.test { client in
            let body = #"""
                {"name": "fedora-web", "disk_format": "qcow2", "container_format": "bare",
                 "owner_specified.openstack.md5": "", "owner_specified.openstack.sha256": "",
                 "owner_specified.openstack.object": "images/fedora-web"}
                """#
            let reply = try await client.send(.post, "/v2/images", as: .member(Projects.b), body: body)
            #expect(reply.status == .created)
            guard case .object(let view)? = reply.json, case .string(let id)? = view["id"] else {
                Issue.record("no image view: \(reply.text)")
                return
            }
            #expect(reply.headers[.location]?.hasSuffix("/v2/images/\(id)") == true)
            #expect(reply.headers[HTTPField.Name("OpenStack-image-import-methods")!] == "web-download")
            #expect(reply.headers[HTTPField.Name("OpenStack-image-store-ids")!] == "local")
            #expect(
                view.keys == [
                    "owner_specified.openstack.md5", "owner_specified.openstack.object",
                    "owner_specified.openstack.sha256", "name", "disk_format", "container_format", "visibility",
                    "size", "virtual_size", "status", "checksum", "protected", "min_ram", "min_disk", "owner",
                    "os_hidden", "os_hash_algo", "os_hash_value", "id", "created_at", "updated_at", "tags", "self",
                    "file", "schema",
                ]
            )
            #expect(view["status"] == "queued")
            #expect(view["owner"] == .string(Projects.b))
            for key in ["size", "virtual_size", "checksum", "os_hash_algo", "os_hash_value"] {
                #expect(view[key] == .null, "\(key)")
            }
            #expect(view["owner_specified.openstack.object"] == "images/fedora-web")
            let shown = try await client.send(.get, "/v2/images/\(id)", as: .member(Projects.b))
            #expect(shown.json == reply.json)
            let listed = try await client.send(.get, "/v2/images", as: .member(Projects.b))
            #expect(listed["images"] == [reply.json ?? .null])
            #expect(try await client.send(.get, "/v2/images/\(id)", as: .member(Projects.a)).status == .notFound)
        }
    }

    @Test("no formats, a given id (any case), tags once each, minimums and os_hidden are kept")
    func fields() async throws {
        let service = try await TestService()
        try await service.test { client in
            let id = "3824FFEF-311A-48FE-9EA2-D1BE028E2BBE"
            let body = #"""
                {"id": "\#(id)", "name": "no-format", "tags": ["a", "b", "a"], "min_disk": 10, "min_ram": 512,
                 "os_hidden": true, "visibility": "private", "protected": false}
                """#
            let reply = try await client.send(.post, "/v2/images", as: .member(), body: body)
            #expect(reply.status == .created)
            #expect(reply["id"] == .string(id.lowercased()))
            #expect(reply["disk_format"] == .null && reply["container_format"] == .null)
            #expect(reply["tags"] == ["a", "b"])
            #expect(reply["min_disk"] == 10 && reply["min_ram"] == 512)
            #expect(reply["os_hidden"] == true)
            let again = try await client.send(.post, "/v2/images", as: .member(), body: #"{"id": "\#(id)"}"#)
            #expect(again.status == .conflict)
            #expect(again.message == "An image with id \(id.lowercased()) already exists")
            #expect(try await Self.storedImages(service).count == 1)
        }
    }

    @Test(
        "a read-only or reserved key is a 403 in Glance's words, and nothing is stored",
        arguments: [
            "status", "owner", "size", "virtual_size", "checksum", "os_hash_algo", "os_hash_value", "created_at",
            "updated_at", "self", "file", "schema", "stores", "os_glance_import_task", "os_glance_failed_import",
            "locations", "direct_url",
        ]
    )
    func readOnly(key: String) async throws {
        let service = try await TestService()
        try await service.test { client in
            let body = #"{"name": "x", "\#(key)": "v"}"#
            let reply = try await client.send(.post, "/v2/images", as: .member(), body: body)
            #expect(reply.status == .forbidden)
            #expect(reply.message == "Attribute '\(key)' is read-only.")
        }
        #expect(try await Self.storedImages(service).isEmpty)
    }

    @Test(
        "a body the image schema or Skylift's limits refuse is a 400 saying why, and nothing is stored",
        arguments: [
            (#"{"disk_format": "floppy"}"#, "disk_format"),
            (#"{"container_format": "zip"}"#, "container_format"),
            (#"{"tags": "web"}"#, "tags"),
            (#"{"tags": [1]}"#, "tags"),
            (#"{"name": "\#(String(repeating: "n", count: 256))"}"#, "name"),
            (#"{"hw_disk_bus": 7}"#, "hw_disk_bus"),
            (#"{"id": "not-a-uuid"}"#, "id"),
            (#"{"min_disk": -1}"#, "min_disk"),
            (#"{"min_ram": "512"}"#, "min_ram"),
            (#"{"os_hidden": "yes"}"#, "os_hidden"),
            (#"{"visibility": "public"}"#, "Visibility 'public' is not offered"),
            (#"{"visibility": "sideways"}"#, "visibility"),
            (#"{"protected": true}"#, "Protected images are not offered"),
            (#"{"\#(String(repeating: "k", count: 256))": "v"}"#, "longer than 255 characters"),
            (#"{"note": "\#(String(repeating: "v", count: 4097))"}"#, "longer than 4096 characters"),
            ("[1, 2]", "Expected dict"),
            ("{", "JSON"),
        ]
    )
    func refused(body: String, fragment: String) async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(.post, "/v2/images", as: .member(), body: body)
            #expect(reply.status == .badRequest, "\(reply.text)")
            #expect(reply.message?.contains(fragment) == true, "\(reply.message ?? reply.text)")
        }
        #expect(try await Self.storedImages(service).isEmpty)
    }

    @Test("add_image: readers get 403 before their body is read, anonymous callers 401")
    func policy() async throws {
        let service = try await TestService(policyFile: "policy.yaml")
        try await service.test { client in
            let reader = try await client.send(.post, "/v2/images", as: .reader(), body: "not json")
            #expect(reader.status == .forbidden)
            #expect(reader.message == "You are not authorized to complete add_image action.")
            #expect(try await client.send(.post, "/v2/images", body: "{}").status == .unauthorized)
            #expect(try await client.send(.post, "/v2/images", as: .admin(), body: "{}").status == .created)
        }
        #expect(try await Self.storedImages(service).count == 1)
    }
}
