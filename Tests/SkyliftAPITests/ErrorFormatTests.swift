import HTTPTypes
import HummingbirdTesting
import SkyliftAPI
import SkyliftTesting
import Testing

@Suite struct ErrorFormatTests {
    static let requestIDHeader = HTTPField.Name("X-Openstack-Request-ID")!

    @Test("every response carries x-openstack-request-id: req-<uuid4> when the client sent none")
    func generatedRequestID() async throws {
        let service = try await TestService()
        try await service.test { client in
            for path in ["/v2/tasks", "/v2/schemas/task", "/nope"] {
                let reply = try await client.send(.get, path, as: .admin())
                let id = reply.headers[Self.requestIDHeader] ?? ""
                #expect(id.hasPrefix("req-") && id.count == 40, "\(path): \(id)")
            }
        }
    }

    @Test("a request id over 64 characters is 431 (differs from Glance 33, which answers 500)")
    func longRequestID() async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(
                .get,
                "/v2/tasks",
                as: .admin(),
                headers: [Self.requestIDHeader: String(repeating: "r", count: 65)]
            )
            #expect(reply.status == .requestHeaderFieldsTooLarge)
            ResponseSchemaCheck.error(reply)
            let ok = try await client.send(
                .get,
                "/v2/tasks",
                as: .admin(),
                headers: [Self.requestIDHeader: String(repeating: "r", count: 64)]
            )
            #expect(ok.status == .ok)
            #expect(ok.headers[Self.requestIDHeader] == String(repeating: "r", count: 64))
        }
    }

    @Test(
        "errors are JSON for clients naming JSON or sending no Accept; text/plain otherwise (glanceclient sends */*)",
        arguments: [
            (nil, true), ("application/json", true), ("application/*", true), ("text/html, application/json", true),
            ("*/*", false), ("text/html, */*;q=0.1", false), ("text/plain", false),
            ("text/plain; charset=utf-8", false),
        ] as [(String?, Bool)]
    )
    func negotiation(accept: String?, json: Bool) async throws {
        let service = try await TestService()
        try await service.test { client in
            var headers = TestIdentity.admin().headers
            headers[.accept] = accept
            let reply = try await client.send(.get, "/v2/tasks?limit=-1", headers: headers)
            #expect(reply.status == .badRequest)
            if json {
                ResponseSchemaCheck.error(reply)
                #expect(reply.message == "limit param must be positive")
            } else {
                #expect(reply.headers[.contentType] == "text/plain; charset=UTF-8")
                #expect(reply.text == "400 Bad Request\n\nlimit param must be positive")
            }
        }
    }
}
