import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSONSchema
import SkyliftAPI
import SkyliftTesting
import Testing

/// One odd request line: what the contract implies (200, or a 4xx with a message fragment).
struct OddRequest: Sendable, CustomTestStringConvertible {
    let method: HTTPRequest.Method
    let uri: String
    /// The status the contract implies; nil for "some 4xx".
    let status: HTTPResponse.Status?
    let fragment: String?

    init(_ uri: String, _ status: HTTPResponse.Status?, _ fragment: String? = nil, method: HTTPRequest.Method = .get) {
        self.method = method
        self.uri = uri
        self.status = status
        self.fragment = fragment
    }

    var testDescription: String {
        let shown = uri.count > 80 ? "\(uri.prefix(60))… (\(uri.utf8.count) bytes)" : uri
        return "\(method) \(shown)"
    }
}

/// Odd query values, paths, methods and headers: 200 or a 4xx with a JSON message, never a 5xx.
@Suite struct MalformedInputRequestTests {
    static let uuid = "7d620bef-0be7-41b3-aaa1-651036ab3001"
    static let integer = "limit param must be an integer"
    static let marker = "Invalid marker format"
    static let sortKey = "Sort key supplied was not valid."

    static let queries: [OddRequest] = [
        OddRequest("/v2/tasks?limit=9999999999999999999999", .ok),
        OddRequest("/v2/tasks?limit=" + String(repeating: "9", count: 5000), .ok),
        OddRequest("/v2/tasks?limit=-0", .ok),
        OddRequest("/v2/tasks?limit=+5", .ok),
        OddRequest("/v2/tasks?limit=%2B5", .ok),
        OddRequest("/v2/tasks?limit=%205", .ok),
        OddRequest("/v2/tasks?limit=5%20", .ok),
        OddRequest("/v2/tasks?limit=007", .ok),
        OddRequest("/v2/tasks?limit=0x10", .badRequest, integer),
        OddRequest("/v2/tasks?limit=1e3", .badRequest, integer),
        OddRequest("/v2/tasks?limit=%00", .badRequest, integer),
        OddRequest("/v2/tasks?limit=5%00", .badRequest, integer),
        OddRequest("/v2/tasks?limit=Infinity", .badRequest, integer),
        OddRequest("/v2/tasks?limit=--5", .badRequest, integer),
        OddRequest("/v2/tasks?limit=%E2%82%AC", .badRequest, integer),
        OddRequest("/v2/tasks?limit=" + String(repeating: "x", count: 5000), .badRequest, integer),
        OddRequest("/v2/tasks?limit=-9999999999999999999999", .badRequest, "limit param must be positive"),
        OddRequest("/v2/tasks?limit", .badRequest, integer),
        OddRequest("/v2/tasks?marker=", .badRequest, marker),
        OddRequest("/v2/tasks?marker=" + String(repeating: "m", count: 1000), .badRequest, marker),
        OddRequest("/v2/tasks?marker=%00", .badRequest, marker),
        OddRequest("/v2/tasks?marker=%zz", .badRequest, marker),
        OddRequest("/v2/tasks?marker=%ff", .badRequest, marker),
        OddRequest("/v2/tasks?marker=\(uuid)%00", .badRequest, marker),
        OddRequest("/v2/tasks?marker=\(uuid.uppercased())", .badRequest, "Task with the given id"),
        OddRequest("/v2/tasks?sort_key=%00", .badRequest, sortKey),
        OddRequest("/v2/tasks?sort_key=created_at%00", .badRequest, sortKey),
        OddRequest("/v2/tasks?sort_key=cr%C3%A9%C3%A9", .badRequest, sortKey),
        OddRequest("/v2/tasks?sort_key=", .badRequest, sortKey),
        OddRequest("/v2/tasks?sort_key=CREATED_AT", .badRequest, sortKey),
        OddRequest("/v2/tasks?sort_dir=%00", .badRequest, "Invalid sort direction: \u{0}"),
        OddRequest("/v2/tasks?sort_dir=%C3%A9", .badRequest, "Invalid sort direction: é"),
        OddRequest("/v2/tasks?sort_dir=", .badRequest, "Invalid sort direction: "),
        OddRequest("/v2/tasks?sort_dir=ASC", .badRequest, "Invalid sort direction: ASC"),
        OddRequest("/v2/tasks?status=%00", .badRequest, "Invalid status value: \u{0}"),
        OddRequest("/v2/tasks?status=p%C3%A9nding", .badRequest, "Invalid status value: pénding"),
        OddRequest("/v2/tasks?status=", .badRequest, "Invalid status value: "),
        OddRequest("/v2/tasks?status=%ff", .badRequest, "Invalid status value: "),
        OddRequest("/v2/tasks?type=%00", .badRequest, "Invalid type value: \u{0}"),
        OddRequest("/v2/tasks?type=%E2%9C%93", .badRequest, "Invalid type value: ✓"),
        OddRequest("/v2/tasks?type=", .badRequest, "Invalid type value: "),
        OddRequest("/v2/tasks?owner=%00", .ok),
        OddRequest("/v2/tasks?owner=%E2%9C%93", .ok),
        OddRequest("/v2/tasks?owner=", .ok),
        OddRequest("/v2/tasks?id=%00", .ok),
        OddRequest("/v2/tasks?id=not-a-uuid", .ok),
        OddRequest("/v2/tasks?limit=1&limit=x", .badRequest, integer),
        OddRequest("/v2/tasks?limit=x&limit=1", .ok),
        OddRequest("/v2/tasks?sort_dir=up&sort_dir=asc", .ok),
        OddRequest("/v2/tasks?status=x&status=pending&status=success", .ok),
        OddRequest("/v2/tasks?&&&", .ok),
        OddRequest("/v2/tasks?=5", .ok),
        OddRequest("/v2/tasks?%zz=1", .ok),
        OddRequest("/v2/tasks?%00=%00", .ok),
        OddRequest("/v2/tasks?foo=" + String(repeating: "x", count: 7 << 10), .ok),
        OddRequest("/v2/tasks?foo=" + String(repeating: "x", count: 9 << 10), .uriTooLong, "8192"),
        OddRequest("/v2/tasks?limit=" + String(repeating: "1", count: 9 << 10), .uriTooLong, "8192"),
    ]

    @Test("odd query values on GET /v2/tasks: 200 or the 4xx the contract names, always JSON", arguments: queries)
    func query(request: OddRequest) async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(request.method, request.uri, as: .admin())
            Self.expect(reply, request, service)
        }
    }

    static let paths: [OddRequest] = [
        OddRequest("/v2/tasks/%00", .notFound, "Could not find task"),
        OddRequest("/v2/tasks/\(uuid)%00", .notFound, "Could not find task"),
        OddRequest("/v2/tasks/%ff", .notFound, "Could not find task"),
        OddRequest("/v2/tasks/%zz", .notFound, "Could not find task"),
        OddRequest("/v2/tasks/..%2f..%2fetc", .notFound),
        OddRequest("/v2/tasks/..%2F..%2Fetc%2Fpasswd", .notFound),
        OddRequest("/v2/tasks/\(uuid)/extra", .notFound),
        OddRequest("/v2/tasks/\(uuid)/..", nil),
        OddRequest("/v2/tasks/" + String(repeating: "t", count: 10 << 10), .uriTooLong, "8192"),
        OddRequest("/v2/tasks/" + String(repeating: "t", count: 7 << 10), .notFound, "Could not find task"),
        OddRequest("/v2/tasks/\(uuid)?limit=%00", .notFound, "Could not find task"),
        OddRequest("/v2/tasks/%E2%9C%93", .notFound, "Could not find task"),
        OddRequest("/v2/tasks.json", .notFound),
        OddRequest("/v2/schemas/%00", .notFound),
        OddRequest("/v2/schemas/task-input/%2e%2e%2ftask", .notFound),
        OddRequest("/v2/schemas/task/" + String(repeating: "s", count: 9 << 10), .uriTooLong, "8192"),
        OddRequest("/v2/tasks", .methodNotAllowed, method: .options),
        OddRequest("/v2/tasks/\(uuid)", .methodNotAllowed, method: .options),
        OddRequest("/v2/tasks", nil, method: .trace),
        OddRequest("/v2/tasks/\(uuid)", nil, method: .trace),
        OddRequest("/v2/tasks", nil, method: HTTPRequest.Method("FOO")!),
        OddRequest("/v2/tasks/\(uuid)", nil, method: HTTPRequest.Method("PROPFIND")!),
        OddRequest("/v2/schemas/task", nil, method: HTTPRequest.Method("FOO")!),
        OddRequest("/v2/tasks", nil, method: .connect),
    ]

    @Test("odd paths and methods are a 4xx with a JSON message", arguments: paths)
    func path(request: OddRequest) async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(request.method, request.uri, as: .admin())
            Self.expect(reply, request, service)
        }
    }

    static func expect(
        _ reply: JSONReply,
        _ request: OddRequest,
        _ service: TestService,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(reply.status.code < 500, "\(reply.status): \(reply.text.prefix(300))", sourceLocation: sourceLocation)
        #expect(reply.json != nil, "not JSON: \(reply.text.prefix(300))", sourceLocation: sourceLocation)
        if request.status == .ok {
            #expect(reply.status == .ok, "\(reply.text.prefix(300))", sourceLocation: sourceLocation)
            ResponseSchemaCheck.tasks(reply, service, sourceLocation: sourceLocation)
        } else {
            MalformedInput.expectError(
                reply,
                status: request.status,
                fragment: request.fragment,
                sourceLocation: sourceLocation
            )
        }
    }

    static let requestID = HTTPField.Name("X-Openstack-Request-ID")!

    /// Sends exactly these headers (repeated names included); the status and whether the body is JSON.
    static func raw(
        _ client: any TestClientProtocol,
        _ uri: String,
        headers: HTTPFields
    ) async throws -> (status: HTTPResponse.Status, isJSON: Bool, text: String) {
        let reply = try await client.execute(uri: uri, method: .get, headers: headers, body: nil) { JSONReply($0) }
        ServedSchemaCheck.check(.get, uri, reply)
        return (reply.status, reply.json != nil, reply.text)
    }

    @Test("X-Roles with 10,000 roles works: the member among them may list and create")
    func manyRoles() async throws {
        let service = try await TestService()
        let junk = (0..<10_000).map { "role\($0)" }
        let identity = TestIdentity(project: Projects.b, user: "bob", roles: junk + ["member"])
        let outsider = TestIdentity(project: Projects.b, user: "bob", roles: junk)
        try await service.test { client in
            let list = try await client.send(.get, "/v2/tasks", as: identity)
            #expect(list.status == .ok, "\(list.text.prefix(300))")
            let created = try await client.send(.post, "/v2/tasks", as: identity, body: Bodies.importTask())
            #expect(created.status == .created, "\(created.text.prefix(300))")
            let denied = try await client.send(.get, "/v2/tasks", as: outsider)
            MalformedInput.expectError(denied, status: .forbidden, fragment: "tasks_api_access")
        }
    }

    @Test("a 300-character project or user id is a 401 that says which id is too long")
    func longIDs() async throws {
        let service = try await TestService()
        try await service.test { client in
            let longProject = TestIdentity(project: String(repeating: "p", count: 300), user: "u", roles: ["admin"])
            let project = try await client.send(.post, "/v2/tasks", as: longProject, body: Bodies.importTask())
            MalformedInput.expectError(project, status: .unauthorized, fragment: "project id is longer than 255")
            let longUser = TestIdentity(project: Projects.a, user: String(repeating: "u", count: 300), roles: ["admin"])
            let user = try await client.send(.get, "/v2/tasks", as: longUser)
            MalformedInput.expectError(user, status: .unauthorized, fragment: "user id is longer than 255")
            try await MalformedInput.expectNothingStored(client)
        }
    }

    @Test("a 65-character request id is 431; an empty one is not refused and the response still carries an id")
    func requestIDs() async throws {
        let service = try await TestService()
        try await service.test { client in
            let long = try await client.send(
                .get,
                "/v2/tasks",
                as: .admin(),
                headers: [Self.requestID: String(repeating: "r", count: 65)]
            )
            MalformedInput.expectError(long, status: .requestHeaderFieldsTooLarge, fragment: "64")
            // Contract §3.1: 431 only beyond 64 characters; an empty id is not refused (Glance generates one).
            let empty = try await client.send(.get, "/v2/tasks", as: .admin(), headers: [Self.requestID: ""])
            #expect(empty.status.code < 500)
            #expect(empty.json != nil, "\(empty.text)")
            #expect(empty.status == .ok, "\(empty.text)")
            #expect(empty.headers[Self.requestID] != nil)
        }
    }

    @Test("odd identity headers: repeated project headers, lower-case 'confirmed', odd Accept; never a 5xx")
    func oddIdentityHeaders() async throws {
        let service = try await TestService()
        try await service.test { client in
            var twoProjects = TestIdentity.admin().headers
            twoProjects.append(HTTPField(name: HTTPField.Name("X-Project-Id")!, value: Projects.b))
            let repeated = try await Self.raw(client, "/v2/tasks", headers: twoProjects)
            #expect(repeated.status.code < 500 && repeated.isJSON, "\(repeated.text)")
            let unconfirmed = try await client.send(
                .get,
                "/v2/tasks",
                as: .admin(),
                headers: [HTTPField.Name("X-Identity-Status")!: "confirmed"]
            )
            MalformedInput.expectError(unconfirmed, status: .unauthorized, fragment: "Confirmed")
            let badLimit = try await client.send(
                .get,
                "/v2/tasks?limit=x",
                as: .admin(),
                headers: [.accept: "???, ;;;q=x"]
            )
            MalformedInput.expectError(badLimit, status: .badRequest, fragment: Self.integer)
        }
    }
}
