import SkyliftDomain
import SkyliftStore
import Testing

@Suite struct TaskStoreConformanceTests {
    @Test("a created task reads back field for field", arguments: StoreBackend.allCases)
    func roundTrip(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = TaskFactory()
        var task = factory.make(owner: "p1")
        task.warnings = ["Source sent no Content-Length"]
        task.failure = TaskFailure(code: "http_error", message: "m", retryable: false, step: "download")
        task.steps[0].bytesTotal = 42
        task.imageID = "2a7c3d1e-9b4f-4c52-8e61-0f3b5a9d7c11"
        try await store.create(task)
        let read = try await store.task(id: task.id, visibility: .all, now: factory.clock)
        #expect(read == task)
    }

    @Test("visibility scopes every read: another project's task does not exist", arguments: StoreBackend.allCases)
    func visibility(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = TaskFactory()
        let task = factory.make(owner: "p1")
        try await store.create(task)
        #expect(try await store.task(id: task.id, visibility: .owner("p2"), now: factory.clock) == nil)
        #expect(try await store.task(id: task.id, visibility: .owner("p1"), now: factory.clock) != nil)
        let query = ListQuery(limit: 10)
        #expect(try await store.list(query, visibility: .owner("p2"), now: factory.clock).isEmpty)
        #expect(try await store.list(query, visibility: .all, now: factory.clock).count == 1)
    }

    @Test("an expired task is gone at the instant expires_at passes", arguments: StoreBackend.allCases)
    func expiry(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = TaskFactory()
        let expires = factory.clock.adding(seconds: 100)
        let task = factory.make(owner: "p1", status: .success, expiresAt: expires)
        try await store.create(task)
        let before = expires.adding(seconds: -0.000001)
        #expect(try await store.task(id: task.id, visibility: .all, now: before) != nil)
        #expect(try await store.task(id: task.id, visibility: .all, now: expires) == nil)
        #expect(try await store.list(ListQuery(limit: 5), visibility: .all, now: expires).isEmpty)
        await #expect(throws: SkyliftError.taskMarkerNotFound(task.id)) {
            try await store.list(ListQuery(marker: task.id, limit: 5), visibility: .all, now: expires)
        }
    }

    @Test("a marker the caller cannot see is a 400-style error, not a page", arguments: StoreBackend.allCases)
    func invisibleMarker(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = TaskFactory()
        let task = factory.make(owner: "p1")
        try await store.create(task)
        await #expect(throws: SkyliftError.taskMarkerNotFound(task.id)) {
            try await store.list(ListQuery(marker: task.id, limit: 5), visibility: .owner("p2"), now: factory.clock)
        }
    }

    @Test("transitions are compare-and-set on the expected status", arguments: StoreBackend.allCases)
    func transitions(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = TaskFactory()
        let task = factory.make(owner: "p1")
        try await store.create(task)
        let processing = try task.transitioned(to: .processing, at: factory.clock.adding(seconds: 1), timeToLive: 60)
        let saved = try await store.transition(id: task.id, from: .pending, to: processing)
        #expect(saved.status == .processing)
        #expect(saved.version == task.version + 1)
        await #expect(throws: SkyliftError.statusChanged(task.id, stored: .processing, expected: .pending)) {
            try await store.transition(id: task.id, from: .pending, to: processing)
        }
        var illegal = processing
        illegal.status = .pending
        await #expect(throws: SkyliftError.invalidTransition(from: .processing, to: .pending)) {
            try await store.transition(id: task.id, from: .processing, to: illegal)
        }
        let missing = TaskID()
        var other = processing
        other.id = missing
        await #expect(throws: SkyliftError.taskNotFound(missing)) {
            try await store.transition(id: missing, from: .pending, to: other)
        }
    }
}
