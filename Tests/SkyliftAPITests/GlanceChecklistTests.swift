import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSONSchema
import SkyliftAPI
import SkyliftDomain
import SkyliftStore
import SkyliftTesting
import Testing

/// Shared fixtures of the glance-notes §6 checklist suites.
enum Checklist {
    static let denial = "You are not authorized to complete tasks_api_access action."
    static let glanceCreateKeys: Set<String> = [
        "created_at", "id", "input", "message", "owner", "schema", "self", "status", "type", "result", "updated_at",
        "request_id", "user_id",
    ]
    /// Contract §10.1: the create and show views also carry these (and `error` when failed).
    static let skyliftKeys: Set<String> = ["progress", "steps", "warnings"]
    static let stubKeys: Set<String> = ["id", "type", "status", "owner", "created_at", "updated_at", "self", "schema"]
    /// The four tenants of Glance's `test_tasks_resource.py` fixtures.
    static let tenants = [Projects.a, Projects.b, Projects.c, String(repeating: "d", count: 32)]
    static let input =
        #"{"import_from": "http://example.com/a.img", "import_from_format": "raw", "#
        + #""image_properties": {"disk_format": "raw", "container_format": "bare"}}"#

    /// The ids of a list reply's tasks, in order.
    static func ids(_ reply: JSONReply) -> [String] {
        guard case .array(let items)? = reply["tasks"] else { return [] }
        return items.compactMap { $0.objectValue?["id"]?.stringValue }
    }

    /// The created task's id.
    static func id(_ reply: JSONReply) throws -> String {
        try #require(reply["id"]?.stringValue, "no id in \(reply.text)")
    }

    /// Stores a task directly (executors arrive later), `createdAt` seconds after a fixed instant.
    @discardableResult
    static func store(
        _ service: TestService,
        owner: String = Projects.a,
        status: TaskStatus = .pending,
        at second: Int64 = 0,
        expiresAt: Timestamp? = nil,
        imageID: String? = nil,
        userID: String? = "alice",
        requestID: String? = "req-fixture",
        failure: TaskFailure? = nil
    ) async throws -> String {
        let created = Timestamp(microseconds: 1_790_000_000_000_000 + second * 1_000_000 + 123_456)
        let task = ImageTask(
            id: TaskID(),
            type: .import,
            status: status,
            owner: owner,
            input: RawJSON(input),
            imageID: imageID,
            userID: userID,
            requestID: requestID,
            createdAt: created,
            updatedAt: created,
            expiresAt: expiresAt,
            failure: failure
        )
        try await service.store.create(task)
        return task.id.rawValue
    }

    /// An `expires_at` two days after the test clock's start, so the task is still visible.
    static var later: Timestamp { Timestamp(seconds: 1_795_000_000 + 48 * 3600) }

    /// Glance's fixture: 4 tasks from 4 tenants, 5 s apart; returns [UUID1 (oldest), …, UUID4].
    static func fourTenants(_ service: TestService) async throws -> [String] {
        var ids: [String] = []
        for (index, tenant) in tenants.enumerated() {
            ids.append(try await store(service, owner: tenant, at: Int64(index) * 5))
        }
        return ids
    }

    /// Runs `body` against a router built from the service's dependencies with another policy or wake hook.
    static func test<Value: Sendable>(
        _ service: TestService,
        policy: PolicyEngine? = nil,
        wake: (@Sendable () -> Void)? = nil,
        _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        var dependencies = service.dependencies
        if let policy { dependencies.policy = policy }
        if let wake { dependencies.wake = wake }
        let app = Application(router: buildRouter(dependencies), logger: service.application().logger)
        return try await app.test(.router, body)
    }

    /// Whether `text` has Glance's timestamp form `YYYY-MM-DDTHH:MM:SSZ`.
    static func isGlanceTimestamp(_ text: String?) -> Bool {
        guard let text else { return false }
        let form = Array("dddd-dd-ddTdd:dd:ddZ")
        let characters = Array(text)
        guard characters.count == form.count else { return false }
        return zip(characters, form).allSatisfy { character, expected in
            expected == "d" ? character.isASCII && character.isNumber : character == expected
        }
    }
}

// §6.1 glance/tests/functional/v2/test_tasks.py (items 1–2) and §6.2 test_tasks_api_policy.py (items 3–4).
// Items 5–15 are in GlanceChecklistIntegrationTests.swift, 16–31 in GlanceChecklistControllerTests.swift and
// 32–47 in GlanceChecklistCreateTests.swift. Items 48–50 (domain, DB and executor tests) are outside the API.
@Suite struct GlanceChecklistTests {
    @Test("every glance-notes §6 item 1–47 has a test named after it or a comment saying why not")
    func everyItemAccountedFor() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix("GlanceChecklist") && $0.hasSuffix(".swift") }
        #expect(names.contains("GlanceChecklistTests.swift"))
        var text = ""
        for name in names.sorted() {
            text += try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        text = text.replacingOccurrences(of: #"@Test\(\s+"#, with: "@Test(", options: .regularExpression)
        let missing = (1...47).filter { item in
            !text.contains(#"@Test("§6 item \#(item):"#) && !text.contains("// item \(item):")
        }
        #expect(missing.isEmpty, "items without a test or a reason: \(missing)")
    }

    @Test("§6 item 1: a member gets 403 on GET /v2/tasks under policy-glance.yaml; Skylift's default lets members in")
    func item1() async throws {
        let glance = try await TestService(policyFile: "policy-glance.yaml")
        try await glance.test { client in
            let reply = try await client.send(.get, "/v2/tasks", as: .member())
            MalformedInput.expectError(reply, status: .forbidden, fragment: Checklist.denial)
        }
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks", as: .member())
            #expect(reply.status == .ok)
        }
    }

    @Test("§6 item 2: the lifecycle: empty list, 201 with Location and Glance's keys, listed, DELETE 405")
    func item2() async throws {
        let service = try await TestService()
        try await service.test { client in
            let empty = try await client.send(.get, "/v2/tasks", as: .admin())
            #expect(empty.status == .ok && empty["tasks"] == [])
            let body =
                #"{"type": "import", "input": {"import_from": "http://example.com", "import_from_format": "qcow2", "#
                + #""image_properties": {"disk_format": "vhd", "container_format": "ovf"}}}"#
            let created = try await client.send(.post, "/v2/tasks", as: .admin(), body: body)
            #expect(created.status == .created, "\(created.text)")
            let id = try Checklist.id(created)
            #expect(created.headers[.location] == "http://localhost/v2/tasks/\(id)")
            let keys = Set(created.json?.objectValue?.keys ?? [])
            #expect(keys == Checklist.glanceCreateKeys.union(Checklist.skyliftKeys))
            #expect(created["status"] == "pending" && created["type"] == "import")
            #expect(created["input"] == (try JSONParser.parse(body)).objectValue?["input"])
            #expect(created["schema"] == "/v2/schemas/task")
            ResponseSchemaCheck.task(created, service)
            let list = try await client.send(.get, "/v2/tasks", as: .admin())
            #expect(Checklist.ids(list) == [id])
            let delete = try await client.send(.delete, "/v2/tasks/\(id)", as: .admin())
            #expect(delete.status == .methodNotAllowed)
            #expect(delete.headers[.allow] == "GET")
        }
    }

    @Test("§6 item 3: an admin creates an import task (type echoed); api_image_import is a 400 (contract §4.1 step 5)")
    func item3() async throws {
        let service = try await TestService()
        try await service.test { client in
            let created = try await client.send(.post, "/v2/tasks", as: .admin(), body: Bodies.importTask())
            #expect(created.status == .created)
            #expect(created["type"] == "import")
            let body = Bodies.importTask().replacingOccurrences(
                of: #""type": "import""#,
                with: #""type": "api_image_import""#
            )
            let other = try await client.send(.post, "/v2/tasks", as: .admin(), body: body)
            MalformedInput.expectError(other, status: .badRequest, fragment: "Invalid type value: api_image_import")
            #expect(Checklist.ids(try await client.send(.get, "/v2/tasks", as: .admin())).count == 1)
        }
    }

    @Test("§6 item 4: with tasks_api_access \"!\" POST, list and show are 403, after both worked")
    func item4() async throws {
        let service = try await TestService()
        let id = try await service.test { client in
            let first = try await client.send(.post, "/v2/tasks", as: .admin(), body: Bodies.importTask())
            _ = try await client.send(.post, "/v2/tasks", as: .admin(), body: Bodies.importTask())
            #expect(Checklist.ids(try await client.send(.get, "/v2/tasks", as: .admin())).count == 2)
            let id = try Checklist.id(first)
            #expect(try await client.send(.get, "/v2/tasks/\(id)", as: .admin())["type"] == "import")
            return id
        }
        try await Checklist.test(service, policy: try PolicyEngine(rules: ["tasks_api_access": "!"])) { client in
            for (method, path) in [
                (HTTPRequest.Method.post, "/v2/tasks"), (.get, "/v2/tasks"), (.get, "/v2/tasks/\(id)"),
            ] {
                let reply = try await client.send(method, path, as: .admin(), body: Bodies.importTask())
                MalformedInput.expectError(reply, status: .forbidden, fragment: Checklist.denial)
            }
        }
    }
}
