import HTTPTypes
import HummingbirdTesting
import JSONSchema
import SkyliftTesting
import Testing

/// The discovery routes of the image import API (contract §16).
@Suite struct InfoTests {
    @Test("GET /v2/info/import offers web-download, as any role may ask")
    func importMethods() async throws {
        let service = try await TestService()
        try await service.test { client in
            for identity in [TestIdentity.reader(), .member(), .admin()] {
                let reply = try await client.send(.get, "/v2/info/import", as: identity)
                #expect(reply.status == .ok)
                #expect(reply.headers[.contentType] == "application/json")
                #expect(
                    reply.json
                        == [
                            "import-methods": [
                                "description": "Import methods available.", "type": "array",
                                "value": ["web-download"],
                            ]
                        ]
                )
            }
        }
    }

    @Test("GET /v2/info/stores names the one store, local, as the default")
    func stores() async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/info/stores", as: .reader())
            #expect(reply.status == .ok)
            #expect(reply.json == ["stores": [["id": "local", "default": "true"]]])
        }
    }

    @Test("both need an identity: 401 without one", arguments: ["/v2/info/import", "/v2/info/stores"])
    func needsIdentity(path: String) async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(.get, path)
            #expect(reply.status == .unauthorized)
            #expect(reply.message != nil)
        }
    }

    @Test(
        "other methods are 405 with Allow: GET",
        arguments: [HTTPRequest.Method.post, .put, .patch, .delete],
        ["/v2/info/import", "/v2/info/stores"]
    )
    func otherMethods(method: HTTPRequest.Method, path: String) async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(method, path, as: .admin())
            #expect(reply.status == .methodNotAllowed)
            #expect(reply.headers[.allow] == "GET")
        }
    }
}
