import HTTPTypes
import HummingbirdTesting
import JSONSchema
import SkyliftAPI
import SkyliftDomain
import SkyliftTesting
import Testing

// §6.3 glance/tests/integration/v2/test_tasks_api.py: Glance's tests run as an admin with fake auth.
@Suite struct GlanceChecklistIntegrationTests {
    @Test("§6 item 5: an empty list is 200 with tasks []")
    func item5() async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks", as: .admin())
            #expect(reply.status == .ok)
            #expect(reply["tasks"] == [])
            ResponseSchemaCheck.tasks(reply, service)
        }
    }

    @Test("§6 item 6: GET /v2/tasks/NON_EXISTENT_TASK is 404")
    func item6() async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks/NON_EXISTENT_TASK", as: .admin())
            MalformedInput.expectError(reply, status: .notFound, fragment: "Could not find task NON_EXISTENT_TASK")
        }
    }

    @Test("§6 item 7: the created task's owner is the caller's project; type, input and Location as sent")
    func item7() async throws {
        let service = try await TestService()
        try await service.test { client in
            let body = Bodies.importTask(name: "seven")
            let reply = try await client.send(.post, "/v2/tasks", as: .admin(Projects.c), body: body)
            let id = try Checklist.id(reply)
            #expect(reply["owner"] == .string(Projects.c))
            #expect(reply["type"] == "import")
            #expect(reply["input"] == (try JSONParser.parse(body)).objectValue?["input"])
            #expect(reply.headers[.location] == "http://localhost/v2/tasks/\(id)")
        }
    }

    @Test("§6 item 8: GET /v2/tasks/<id> of a created task is 200")
    func item8() async throws {
        let service = try await TestService()
        try await service.test { client in
            let id = try Checklist.id(
                try await client.send(.post, "/v2/tasks", as: .admin(), body: Bodies.importTask())
            )
            let reply = try await client.send(.get, "/v2/tasks/\(id)", as: .admin())
            #expect(reply.status == .ok)
            #expect(reply["id"] == .string(id))
            ResponseSchemaCheck.task(reply, service)
        }
    }

    @Test("§6 item 9: a finished task's list item has exactly Glance's stub keys with expires_at")
    func item9() async throws {
        let service = try await TestService()
        try await Checklist.store(service, status: .success, expiresAt: Checklist.later)
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks", as: .admin())
            let item = try #require(reply["tasks"].flatMap { if case .array(let a) = $0 { a.first } else { nil } })
            #expect(Set(item.objectValue?.keys ?? []) == Checklist.stubKeys.union(["expires_at"]))
            #expect(item.objectValue?["status"] == "success")
            #expect(Checklist.isGlanceTimestamp(item.objectValue?["created_at"]?.stringValue))
            #expect(Checklist.isGlanceTimestamp(item.objectValue?["updated_at"]?.stringValue))
        }
    }

    /// Glance's served task properties (glance-notes §1.2), for item 10.
    static let glanceTaskProperties = #"""
        {"id": {"description": "An identifier for the task", "pattern": "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$", "type": "string"},
         "type": {"description": "The type of task represented by this content", "enum": ["import", "api_image_import", "location_import", "convert"], "type": "string"},
         "status": {"description": "The current status of this task", "enum": ["pending", "processing", "success", "failure"], "type": "string"},
         "input": {"description": "The parameters required by task, JSON blob", "type": ["null", "object"]},
         "result": {"description": "The result of current task, JSON blob", "type": ["null", "object"]},
         "owner": {"description": "An identifier for the owner of this task", "type": "string"},
         "message": {"description": "Human-readable informative message only included when appropriate (usually on failure)", "type": "string"},
         "image_id": {"description": "Image associated with the task", "type": "string"},
         "request_id": {"description": "Human-readable informative request-id", "type": "string"},
         "user_id": {"description": "User associated with the task", "type": "string"},
         "expires_at": {"description": "Datetime when this resource would be subject to removal", "type": ["null", "string"]},
         "created_at": {"description": "Datetime when this resource was created", "type": "string"},
         "updated_at": {"description": "Datetime when this resource was updated", "type": "string"},
         "self": {"readOnly": true, "type": "string"},
         "schema": {"readOnly": true, "type": "string"}}
        """#

    @Test("§6 item 10: the served schemas are Glance's minimal documents (type enum plus convert, contract §5)")
    func item10() async throws {
        let service = try await TestService()
        let glance = try #require(try JSONParser.parse(Self.glanceTaskProperties).objectValue)
        try await service.test { client in
            let task = try await client.send(.get, "/v2/schemas/task")
            #expect(task.status == .ok && task["name"] == "task")
            let properties = try #require(task["properties"]?.objectValue)
            for (key, value) in glance { #expect(properties[key] == value, "\(key)") }
            let tasks = try await client.send(.get, "/v2/schemas/tasks")
            #expect(tasks.status == .ok && tasks["name"] == "tasks")
            #expect(tasks["links"] == [["rel": "describedby", "href": "{schema}"]])
            let collection = try #require(tasks["properties"]?.objectValue)
            #expect(collection["schema"] == ["type": "string"])
            let items = try #require(collection["tasks"]?.objectValue?["items"]?.objectValue)
            var partial = glance
            for key in ["input", "result", "message"] { partial[key] = nil }
            #expect(items["name"] == "task")
            #expect(items["properties"] == .object(partial))
        }
    }

    @Test("§6 item 11: type \"invalid\" is 400; an extra top-level key task_input is 400")
    func item11() async throws {
        let service = try await TestService()
        try await service.test { client in
            let invalid = try await client.send(
                .post,
                "/v2/tasks",
                as: .admin(),
                body: #"{"type": "invalid", "input": {}}"#
            )
            MalformedInput.expectError(invalid, status: .badRequest, fragment: "'invalid' is not one of")
            let extra = try await client.send(
                .post,
                "/v2/tasks",
                as: .admin(),
                body: TaskBodies.withTop("task_input", "{}")
            )
            MalformedInput.expectError(
                extra,
                status: .badRequest,
                fragment: "Additional properties are not allowed ('task_input' was unexpected)"
            )
            try await MalformedInput.expectNothingStored(client)
        }
    }

    @Test("§6 item 12: two projects' tasks: the admin lists both; ?owner= picks one; ?type=import both")
    func item12() async throws {
        let service = try await TestService()
        try await service.test { client in
            let one = try Checklist.id(
                try await client.send(.post, "/v2/tasks", as: .member(Projects.a), body: Bodies.importTask())
            )
            let two = try Checklist.id(
                try await client.send(.post, "/v2/tasks", as: .member(Projects.b), body: Bodies.importTask())
            )
            #expect(Set(Checklist.ids(try await client.send(.get, "/v2/tasks", as: .admin()))) == [one, two])
            #expect(Checklist.ids(try await client.send(.get, "/v2/tasks?owner=\(Projects.a)", as: .admin())) == [one])
            #expect(Checklist.ids(try await client.send(.get, "/v2/tasks?owner=\(Projects.b)", as: .admin())) == [two])
            #expect(
                Set(Checklist.ids(try await client.send(.get, "/v2/tasks?type=import", as: .admin()))) == [one, two]
            )
        }
    }

    @Test("§6 item 13: paging over 3 tasks newest first: limit=2, marker=<first>, limit=1&marker=<second>")
    func item13() async throws {
        let service = try await TestService()
        let created = [
            try await Checklist.store(service, at: 0), try await Checklist.store(service, at: 1),
            try await Checklist.store(service, at: 2),
        ]
        let all = Array(created.reversed())
        try await service.test { client in
            #expect(Checklist.ids(try await client.send(.get, "/v2/tasks", as: .admin())) == all)
            let page = try await client.send(.get, "/v2/tasks?limit=2", as: .admin())
            #expect(Checklist.ids(page) == Array(all[0..<2]))
            #expect(
                Checklist.ids(try await client.send(.get, "/v2/tasks?marker=\(all[0])", as: .admin()))
                    == Array(all[1...])
            )
            let last = try await client.send(.get, "/v2/tasks?limit=1&marker=\(all[1])", as: .admin())
            #expect(Checklist.ids(last) == [all[2]])
        }
    }

    @Test("§6 item 14: ordering by owner asc and desc, with the highest owner's task as marker")
    func item14() async throws {
        let service = try await TestService()
        let highest = try await Checklist.store(service, owner: Projects.c, at: 0)
        let low = try await Checklist.store(service, owner: Projects.a, at: 1)
        let middle = try await Checklist.store(service, owner: Projects.b, at: 2)
        try await service.test { client in
            #expect(Checklist.ids(try await client.send(.get, "/v2/tasks", as: .admin())) == [middle, low, highest])
            let asc = try await client.send(.get, "/v2/tasks?sort_key=owner&sort_dir=asc", as: .admin())
            #expect(Checklist.ids(asc) == [low, middle, highest])
            let desc = try await client.send(
                .get,
                "/v2/tasks?sort_key=owner&sort_dir=desc&marker=\(highest)",
                as: .admin()
            )
            #expect(Checklist.ids(desc) == [middle, low])
            let after = try await client.send(
                .get,
                "/v2/tasks?sort_key=owner&sort_dir=asc&marker=\(highest)",
                as: .admin()
            )
            #expect(after.status == .ok && Checklist.ids(after).isEmpty)
        }
    }

    @Test("§6 item 15: DELETE is 405 with Allow exactly GET, and the task is still there")
    func item15() async throws {
        let service = try await TestService()
        let id = try await Checklist.store(service)
        try await service.test { client in
            let reply = try await client.send(.delete, "/v2/tasks/\(id)", as: .admin())
            MalformedInput.expectError(reply, status: .methodNotAllowed, fragment: "auto deleted")
            #expect(reply.headers[values: .allow] == ["GET"])
            #expect(try await client.send(.get, "/v2/tasks/\(id)", as: .admin()).status == .ok)
        }
    }
}
