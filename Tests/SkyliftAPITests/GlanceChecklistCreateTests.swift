import HTTPTypes
import HummingbirdTesting
import JSONSchema
import SkyliftAPI
import SkyliftDomain
import SkyliftTesting
import Synchronization
import Testing

// §6.4 glance/tests/unit/v2/test_tasks_resource.py: create, policy, deserializer and serializer items.
@Suite struct GlanceChecklistCreateTests {
    @Test("§6 item 32: a create stores the task once and wakes the worker once (Skylift's tasks_pool spawn)")
    func item32() async throws {
        let service = try await TestService()
        let wakes = WakeCounter()
        let wake: @Sendable () -> Void = { wakes.count.withLock { $0 += 1 } }
        try await Checklist.test(service, wake: wake) { client in
            let created = try await client.send(.post, "/v2/tasks", as: .admin(), body: Bodies.importTask())
            #expect(created.status == .created)
            #expect(wakes.count.withLock { $0 } == 1)
            #expect(
                Checklist.ids(try await client.send(.get, "/v2/tasks", as: .admin())) == [try Checklist.id(created)]
            )
            _ = try await client.send(.post, "/v2/tasks", as: .admin(), body: "{}")
            #expect(wakes.count.withLock { $0 } == 1)
        }
    }

    @Test(
        "§6 item 33: swift://, cinder:// and file:/// sources are 400s with Glance's texts",
        arguments: [
            (
                "swift://store/container/image",
                "The given uri is not valid. Please specify a valid uri from the following list of supported uri ['http', 'https']"
            ),
            (
                "cinder://volume-id",
                "The given uri is not valid. Please specify a valid uri from the following list of supported uri ['http', 'https']"
            ),
            ("file:///path", "File based imports are not allowed. Please use a non-local source of image data."),
        ]
    )
    func item33(url: String, message: String) async throws {
        try await MalformedInput.expectRejected(BadBody(url, Bodies.importTask(url: url), message))
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(.post, "/v2/tasks", as: .admin(), body: Bodies.importTask(url: url))
            #expect(reply.message == message)
        }
    }

    @Test("§6 item 34: http://127.0.0.1:80/internal is refused when 127.0.0.1 is denied, and by default (§15.2)")
    func item34() async throws {
        let body = Bodies.importTask(url: "http://127.0.0.1:80/internal")
        let denied = try await TestService(rules: ImportURLRules(deniedHosts: ["127.0.0.1"]))
        try await MalformedInput.expectRejected(
            BadBody("denied", body, "URI for import task does not pass filtering"),
            service: denied
        )
        try await MalformedInput.expectRejected(BadBody("default", body, "URI for import task does not pass filtering"))
    }

    @Test("§6 item 35: (differs from Glance) an import without image_properties is a 400 at create (§4.1 step 6)")
    func item35() async throws {
        let body = TaskBodies.importBody(properties: nil)
        try await MalformedInput.expectRejected(
            BadBody("no image_properties", body, "'image_properties' is a required property")
        )
    }

    // item 36: not applicable — Skylift sends no oslo notifications (`task.create`); the contract (§7, §12) has logs
    // and metrics instead, and no notification bus to observe.

    @Test("§6 item 37: tasks_api_access denied: show and DELETE are 403; allowed: DELETE is 405")
    func item37() async throws {
        let service = try await TestService()
        let id = try await Checklist.store(service)
        try await Checklist.test(service, policy: try PolicyEngine(rules: ["tasks_api_access": "!"])) { client in
            for method in [HTTPRequest.Method.get, .delete] {
                let reply = try await client.send(method, "/v2/tasks/\(id)", as: .admin())
                MalformedInput.expectError(reply, status: .forbidden, fragment: Checklist.denial)
            }
        }
        try await service.test { client in
            let reply = try await client.send(.delete, "/v2/tasks/\(id)", as: .admin())
            #expect(reply.status == .methodNotAllowed)
        }
    }

    @Test("§6 item 38: limit=NaN is 400 with access and 403 without (403 wins)")
    func item38() async throws {
        let service = try await TestService(policyFile: "policy-glance.yaml")
        try await service.test { client in
            let allowed = try await client.send(.get, "/v2/tasks?limit=NaN", as: .admin())
            MalformedInput.expectError(allowed, status: .badRequest, fragment: "limit param must be an integer")
            let denied = try await client.send(.get, "/v2/tasks?limit=NaN", as: .member())
            MalformedInput.expectError(denied, status: .forbidden, fragment: Checklist.denial)
        }
    }

    @Test("§6 item 39: a body {\"typo\": …} is 400 with access and 403 without")
    func item39() async throws {
        let service = try await TestService(policyFile: "policy-glance.yaml")
        try await service.test { client in
            let allowed = try await client.send(.post, "/v2/tasks", as: .admin(), body: #"{"typo": "x"}"#)
            MalformedInput.expectError(allowed, status: .badRequest, fragment: "Task 'type' is required")
            let denied = try await client.send(.post, "/v2/tasks", as: .member(), body: #"{"typo": "x"}"#)
            MalformedInput.expectError(denied, status: .forbidden, fragment: Checklist.denial)
            try await MalformedInput.expectNothingStored(client)
        }
    }

    @Test("§6 item 40: no body is 400 'Body expected in request.'")
    func item40() async throws {
        try await MalformedInput.expectRejected(BadBody("no body", bytes: [], "Body expected in request."))
    }

    @Test("§6 item 41: a swift:// import passes the schema and is refused by the URL rules, not the schema")
    func item41() async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(
                .post,
                "/v2/tasks",
                as: .admin(),
                body: Bodies.importTask(url: "swift://a/b")
            )
            MalformedInput.expectError(reply, status: .badRequest, fragment: "The given uri is not valid")
            #expect(reply.message?.contains("does not match schema") == false)
        }
    }

    @Test("§6 item 42: no parameters: created_at desc, no filters, no marker; limit, marker, type and status pass")
    func item42() async throws {
        let service = try await TestService()
        let ids = try await Checklist.fourTenants(service)
        let done = try await Checklist.store(service, status: .success, at: 30, expiresAt: Checklist.later)
        try await service.test { client in
            let plain = try await client.send(.get, "/v2/tasks", as: .admin())
            #expect(Checklist.ids(plain) == [done] + ids.reversed())
            #expect(plain["first"] == "/v2/tasks" && plain["next"] == nil)
            let paged = try await client.send(.get, "/v2/tasks?limit=1&marker=\(ids[3])", as: .admin())
            #expect(Checklist.ids(paged) == [ids[2]])
            let filtered = try await client.send(.get, "/v2/tasks?type=import&status=pending&limit=1", as: .admin())
            #expect(Checklist.ids(filtered) == [ids[3]])
            let success = try await client.send(.get, "/v2/tasks?status=success&limit=5", as: .admin())
            #expect(Checklist.ids(success) == [done])
        }
    }

    @Test(
        "§6 item 43: limit, status, sort_key and sort_dir values the deserializer accepts or refuses",
        arguments: [
            ("limit=blah", "limit param must be an integer"), ("limit=0", nil),
            ("limit=-1", "limit param must be positive"),
            ("limit=1.1", "limit param must be an integer"), ("status=blah", "Invalid status value: blah"),
            ("sort_key=id", nil), ("sort_dir=asc", nil), ("sort_dir=invalid", "Invalid sort direction: invalid"),
        ] as [(String, String?)]
    )
    func item43(query: String, message: String?) async throws {
        let service = try await TestService()
        try await Checklist.store(service)
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks?\(query)", as: .admin())
            if let message {
                MalformedInput.expectError(reply, status: .badRequest, fragment: message)
                #expect(reply.message == message)
            } else {
                #expect(reply.status == .ok)
                #expect(Checklist.ids(reply).count == (query == "limit=0" ? 0 : 1))
            }
        }
    }

    @Test("§6 item 44: the list body, its stubs (expires_at only when finished), Glance timestamps, JSON type")
    func item44() async throws {
        let service = try await TestService()
        var expected: [String: Bool] = [:]
        for (index, status) in TaskStatus.allCases.enumerated() {
            let id = try await Checklist.store(
                service,
                status: status,
                at: Int64(index),
                expiresAt: status.isFinal ? Checklist.later : nil,
                imageID: "2a7c3d1e-9b4f-4c52-8e61-0f3b5a9d7c11",
                userID: "alice",
                requestID: "req-44"
            )
            expected[id] = status.isFinal
        }
        let finishedByID = expected
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks", as: .admin())
            #expect(reply.headers[.contentType] == "application/json")
            #expect(Set(reply.json?.objectValue?.keys ?? []) == ["tasks", "first", "schema"])
            #expect(reply["first"] == "/v2/tasks" && reply["schema"] == "/v2/schemas/tasks")
            ResponseSchemaCheck.tasks(reply, service)
            guard case .array(let items)? = reply["tasks"] else {
                Issue.record("no tasks")
                return
            }
            #expect(items.count == 4)
            for item in items {
                let stub = try #require(item.objectValue)
                let id = try #require(stub["id"]?.stringValue)
                guard let finished = finishedByID[id] else {
                    Issue.record("unexpected task \(id) in the list")
                    continue
                }
                #expect(Set(stub.keys) == (finished ? Checklist.stubKeys.union(["expires_at"]) : Checklist.stubKeys))
                #expect(stub["self"] == .string("/v2/tasks/\(id)") && stub["schema"] == "/v2/schemas/task")
                for key in ["created_at", "updated_at"] + (finished ? ["expires_at"] : []) {
                    #expect(Checklist.isGlanceTimestamp(stub[key]?.stringValue), "\(key): \(stub[key] ?? .null)")
                }
            }
        }
    }

    @Test("§6 item 45: next is /v2/tasks?marker=<id> without parameters; parameters carry into first and next")
    func item45() async throws {
        let service = try await TestService(configuration: APIConfiguration(listDefaultLimit: 1))
        let ids = try await Checklist.fourTenants(service)
        try await service.test { client in
            let plain = try await client.send(.get, "/v2/tasks", as: .admin())
            #expect(plain["next"] == .string("/v2/tasks?marker=\(ids[3])"))
            let query = "limit=1&sort_key=id&sort_dir=asc"
            let reply = try await client.send(.get, "/v2/tasks?\(query)", as: .admin())
            let last = try #require(Checklist.ids(reply).last)
            #expect(reply["first"] == .string("/v2/tasks?\(query)"))
            #expect(reply["next"] == .string("/v2/tasks?\(query)&marker=\(last)"))
        }
    }

    @Test("§6 item 46: a failed task's show body: Glance's keys with expires_at and the ids, message \"\" not null")
    func item46() async throws {
        let service = try await TestService()
        let id = try await Checklist.store(
            service,
            status: .failure,
            expiresAt: Checklist.later,
            imageID: "2a7c3d1e-9b4f-4c52-8e61-0f3b5a9d7c11",
            userID: "alice",
            requestID: "req-46",
            failure: TaskFailure(
                code: "http_error",
                message: "the source answered 404",
                retryable: false,
                step: "download"
            )
        )
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks/\(id)", as: .admin())
            #expect(reply.status == .ok)
            ResponseSchemaCheck.task(reply, service)
            let glance = Checklist.glanceCreateKeys.union(["expires_at", "image_id"])
            #expect(Set(reply.json?.objectValue?.keys ?? []) == glance.union(Checklist.skyliftKeys).union(["error"]))
            #expect(reply["status"] == "failure" && reply["message"] == "")
            #expect(reply["result"] == .null)
            #expect(reply["image_id"] == "2a7c3d1e-9b4f-4c52-8e61-0f3b5a9d7c11")
            #expect(reply["user_id"] == "alice" && reply["request_id"] == "req-46")
            #expect(Checklist.isGlanceTimestamp(reply["expires_at"]?.stringValue))
            #expect(reply["error"]?.objectValue?["code"] == "http_error")
        }
    }

    @Test("§6 item 47: pending and processing tasks have no expires_at in show, list or create; finished ones do")
    func item47() async throws {
        let service = try await TestService()
        let pending = try await Checklist.store(service, status: .pending, at: 0)
        let processing = try await Checklist.store(service, status: .processing, at: 1)
        let success = try await Checklist.store(service, status: .success, at: 2, expiresAt: Checklist.later)
        try await service.test { client in
            for id in [pending, processing] {
                let shown = try await client.send(.get, "/v2/tasks/\(id)", as: .admin())
                #expect(shown.status == .ok && shown["expires_at"] == nil)
            }
            let finished = try await client.send(.get, "/v2/tasks/\(success)", as: .admin())
            #expect(Checklist.isGlanceTimestamp(finished["expires_at"]?.stringValue))
            let created = try await client.send(.post, "/v2/tasks", as: .admin(), body: Bodies.importTask())
            #expect(created.status == .created && created["expires_at"] == nil)
            let list = try await client.send(.get, "/v2/tasks", as: .admin())
            guard case .array(let items)? = list["tasks"] else { return }
            for item in items {
                let stub = try #require(item.objectValue)
                #expect((stub["expires_at"] != nil) == (stub["id"] == .string(success)))
            }
        }
    }
}

/// Counts calls of the API's `wake` hook.
private final class WakeCounter: Sendable {
    let count = Mutex(0)
}
