import Foundation
import HTTPTypes
import HummingbirdTesting
import JSONSchema
import SkyliftAPI
import SkyliftDomain
import SkyliftStore
import SkyliftTesting
import Testing

/// Cancel, idempotent create, quota and waiting through the API (contract §10.2–§10.5), with no worker running:
/// tasks stay pending unless a test moves them through the store.
@Suite struct TaskLifecycleAPITests {
    let bob = TestIdentity.member(Projects.b)

    private func create(
        _ client: any TestClientProtocol,
        key: String? = nil,
        body: String = Bodies.importTask()
    )
        async throws -> JSONReply
    {
        var headers = HTTPFields()
        if let key { headers[HTTPField.Name("Idempotency-Key")!] = key }
        return try await client.send(.post, "/v2/tasks", as: bob, body: body, headers: headers)
    }

    private func id(_ reply: JSONReply) throws -> String {
        guard case .string(let id)? = reply["id"] else { throw WorkerHarness.Timeout(description: "no id") }
        return id
    }

    @Test("cancel of a pending task: 202, failure canceled by the user; again: 202 naming the first user")
    func cancelPending() async throws {
        let service = try await TestService()
        try await service.test { client in
            let id = try id(try await create(client))
            let reply = try await client.send(.post, "/v2/tasks/\(id)/cancel", as: bob)
            #expect(reply.status == .accepted)
            #expect(reply["status"] == "failure")
            #expect(reply["message"] == "Canceled by user bob")
            guard case .object(let error)? = reply["error"] else {
                Issue.record("no error")
                return
            }
            #expect(error["code"] == "canceled")
            #expect(error["step"] == .null)
            #expect(error["retryable"] == false)
            #expect(reply["expires_at"] != nil)
            let other = TestIdentity(project: Projects.b, user: "bert", roles: ["member"])
            let again = try await client.send(.post, "/v2/tasks/\(id)/cancel", as: other)
            #expect(again.status == .accepted)
            #expect(again["message"] == "Canceled by user bob")
            #expect(again.headers[.eTag] == reply.headers[.eTag])
        }
    }

    @Test("cancel: another project's task is a 404; a task that ended otherwise is a 409 naming its status; GET is 405")
    func cancelErrors() async throws {
        let service = try await TestService()
        try await service.test { client in
            let id = try id(try await create(client))
            let stranger = TestIdentity.member(Projects.c)
            #expect(try await client.send(.post, "/v2/tasks/\(id)/cancel", as: stranger).status == .notFound)
            #expect(try await client.send(.post, "/v2/tasks/nope/cancel", as: bob).status == .notFound)
            let get = try await client.send(.get, "/v2/tasks/\(id)/cancel", as: bob)
            #expect(get.status == .methodNotAllowed)
            #expect(get.headers[.allow] == "POST")
            let taskID = try #require(TaskID(id))
            let stored = try #require(
                try await service.store.task(id: taskID, visibility: .all, now: service.clock.now())
            )
            let processing = try stored.transitioned(to: .processing, at: service.clock.now(), timeToLive: 60)
            let done = try processing.transitioned(to: .success, at: service.clock.now(), timeToLive: 3600)
            _ = try await service.store.transition(id: taskID, from: .pending, to: processing)
            _ = try await service.store.transition(id: taskID, from: .processing, to: done)
            let conflict = try await client.send(.post, "/v2/tasks/\(id)/cancel", as: bob)
            #expect(conflict.status == .conflict)
            #expect(conflict.message?.contains("success") == true)
        }
    }

    @Test("Idempotency-Key: the same body replays (200, same task), another body is 422, keys are per project")
    func idempotentCreate() async throws {
        let service = try await TestService()
        try await service.test { client in
            let first = try await create(client, key: "order-42")
            #expect(first.status == .created)
            let reordered =
                #"{"input": {"image_properties": {"container_format": "bare", "disk_format": "qcow2"}, "#
                + #""import_from_format": "qcow2", "import_from": "http://example.com/tiny.qcow2"}, "type": "import"}"#
            let replay = try await create(client, key: "order-42", body: reordered)
            #expect(replay.status == .ok)
            #expect(try id(replay) == (try id(first)))
            #expect(replay.headers[.location] == first.headers[.location])
            let different = try await create(client, key: "order-42", body: Bodies.importTask(to: "raw"))
            #expect(different.status == .unprocessableContent)
            #expect(different.message?.contains("order-42") == true)
            let elsewhere = try await client.send(
                .post,
                "/v2/tasks",
                as: .member(Projects.c),
                body: Bodies.importTask(),
                headers: [HTTPField.Name("Idempotency-Key")!: "order-42"]
            )
            #expect(elsewhere.status == .created)
            for bad in ["", String(repeating: "k", count: 256), "tab\there"] {
                #expect(try await create(client, key: bad).status == .badRequest, "\(bad.debugDescription)")
            }
            let listed = try await client.send(.get, "/v2/tasks", as: bob)
            guard case .array(let tasks)? = listed["tasks"] else {
                Issue.record("no list")
                return
            }
            #expect(tasks.count == 1)
        }
    }

    @Test("50 concurrent identical requests with one key create exactly one task")
    func concurrentIdempotency() async throws {
        let service = try await TestService()
        try await service.test { client in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<50 { group.addTask { try await create(client, key: "same").status } }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 1)
            #expect(statuses.filter { $0 == .ok }.count == 49)
            let stored = try await service.store.list(ListQuery(limit: 100), visibility: .all, now: service.clock.now())
            #expect(stored.count == 1)
        }
    }

    @Test(
        "quota: a create beyond maxActiveTasksPerProject is 429 naming the limit and stores nothing; a replay still answers"
    )
    func quota() async throws {
        let service = try await TestService(configuration: APIConfiguration(maxActiveTasksPerProject: 2))
        try await service.test { client in
            let first = try await create(client, key: "a")
            #expect(first.status == .created)
            #expect(try await create(client).status == .created)
            let refused = try await create(client)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.message?.contains("quota.maxActiveTasksPerProject allows 2") == true)
            #expect(try await create(client, key: "a").status == .ok)
            #expect(
                try await client.send(.post, "/v2/tasks", as: .member(Projects.c), body: Bodies.importTask()).status
                    == .created
            )
            let stored = try await service.store.list(
                ListQuery(limit: 100),
                visibility: .owner(Projects.b),
                now: service.clock.now()
            )
            #expect(stored.count == 2)
        }
    }

    @Test("wait: 304 when the version does not move; an answer as soon as it moves; bad values are 400")
    func wait() async throws {
        let service = try await TestService()
        try await service.test { client in
            let created = try await create(client)
            let id = try id(created)
            let etag = try #require(created.headers[.eTag])
            #expect(etag == "\"1\"")
            let headers: HTTPFields = [.ifNoneMatch: etag]
            let started = ContinuousClock.now
            let unchanged = try await client.send(.get, "/v2/tasks/\(id)?wait=1", as: bob, headers: headers)
            #expect(unchanged.status == .notModified)
            #expect(ContinuousClock.now - started >= .milliseconds(900))
            #expect(try await client.send(.get, "/v2/tasks/\(id)", as: bob, headers: headers).status == .notModified)

            let taskID = try #require(TaskID(id))
            let mover = Task {
                try await Task.sleep(for: .milliseconds(200))
                let stored = try #require(
                    try await service.store.task(id: taskID, visibility: .all, now: service.clock.now())
                )
                _ = try await service.store.transition(
                    id: taskID,
                    from: .pending,
                    to: try stored.transitioned(to: .processing, at: service.clock.now(), timeToLive: 60)
                )
            }
            let changed = try await client.send(.get, "/v2/tasks/\(id)?wait=30", as: bob, headers: headers)
            try await mover.value
            #expect(changed.status == .ok)
            #expect(changed["status"] == "processing")
            #expect(changed.headers[.eTag] == "\"2\"")
            #expect(ContinuousClock.now - started < .seconds(10))
            #expect(service.store.changes.waiterCount == 0)

            for bad in ["61", "-1", "x", "1.5"] {
                #expect(try await client.send(.get, "/v2/tasks/\(id)?wait=\(bad)", as: bob).status == .badRequest)
            }
        }
    }

    @Test("wait without If-None-Match answers when the task is final, or with the current view when time runs out")
    func waitForFinal() async throws {
        let service = try await TestService()
        try await service.test { client in
            let id = try id(try await create(client))
            let pending = try await client.send(.get, "/v2/tasks/\(id)?wait=1", as: bob)
            #expect(pending.status == .ok)
            #expect(pending["status"] == "pending")
            let canceler = Task {
                try await Task.sleep(for: .milliseconds(200))
                _ = try await client.send(.post, "/v2/tasks/\(id)/cancel", as: bob)
            }
            let final = try await client.send(.get, "/v2/tasks/\(id)?wait=30", as: bob)
            try await canceler.value
            #expect(final["status"] == "failure")
        }
    }
}
