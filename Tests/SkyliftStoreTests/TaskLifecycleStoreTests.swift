import SkyliftDomain
import SkyliftStore
import Testing

/// Idempotent create, quota, cancel and purge in the store (contract §9, §10.2, §10.4, §10.5), for every backend.
@Suite struct TaskLifecycleStoreTests {
    let terms = ClaimTerms(leaseSeconds: 15, maxAttempts: 3, timeToLive: 3600)

    private func options(
        _ key: String?,
        body: String = #"{"a":1}"#,
        quota: Int? = nil,
        now: Timestamp
    )
        -> CreateOptions
    {
        CreateOptions(
            idempotency: key.map { CreateOptions.Idempotency(key: $0, body: body) },
            maxActiveTasks: quota,
            now: now
        )
    }

    @Test(
        "a repeated key with the same body replays the task; another body is a mismatch",
        arguments: StoreBackend.allCases
    )
    func idempotency(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = TaskFactory()
        let first = factory.make(owner: "p1")
        #expect(try await store.create(first, options: options("k1", now: factory.clock)) == .created(first))
        let second = factory.make(owner: "p1")
        #expect(try await store.create(second, options: options("k1", now: factory.clock)) == .replayed(first))
        await #expect(throws: SkyliftError.idempotencyMismatch(key: "k1", taskID: first.id)) {
            try await store.create(second, options: options("k1", body: #"{"a":2}"#, now: factory.clock))
        }
        // Keys are per project.
        let other = factory.make(owner: "p2")
        #expect(try await store.create(other, options: options("k1", now: factory.clock)) == .created(other))
        #expect(try await store.list(ListQuery(limit: 10), visibility: .all, now: factory.clock).count == 2)
    }

    @Test("the key of an expired task is free again", arguments: StoreBackend.allCases)
    func expiredKey(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = TaskFactory()
        let old = factory.make(owner: "p1", status: .success, expiresAt: factory.clock.adding(seconds: 5))
        try #require(try await store.create(old, options: options("k", now: factory.clock)) == .created(old))
        let later = factory.clock.adding(seconds: 10)
        let fresh = factory.make(owner: "p1")
        #expect(try await store.create(fresh, options: options("k", now: later)) == .created(fresh))
    }

    @Test(
        "a project at its quota of active tasks is refused; final tasks do not count",
        arguments: StoreBackend.allCases
    )
    func quota(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = TaskFactory()
        try await store.create(
            factory.make(owner: "p1", status: .success, expiresAt: factory.clock.adding(seconds: 99))
        )
        for _ in 0..<2 {
            _ = try await store.create(factory.make(owner: "p1"), options: options(nil, quota: 2, now: factory.clock))
        }
        let error = await #expect(throws: SkyliftError.self) {
            try await store.create(factory.make(owner: "p1"), options: options(nil, quota: 2, now: factory.clock))
        }
        #expect(error == .quotaExceeded(project: "p1", active: 2, limit: 2))
        let other = factory.make(owner: "p2")
        #expect(try await store.create(other, options: options(nil, quota: 2, now: factory.clock)) == .created(other))
    }

    @Test(
        "cancel: pending fails at once, processing is flagged for its worker, ended tasks conflict",
        arguments: StoreBackend.allCases
    )
    func cancel(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = TaskFactory()
        let pending = factory.make(owner: "p1")
        try await store.create(pending)
        let now = factory.clock
        guard
            case .canceled(let canceled) = try await store.cancel(
                id: pending.id,
                visibility: .owner("p1"),
                user: "u1",
                now: now,
                timeToLive: 60
            )
        else {
            Issue.record("not canceled")
            return
        }
        #expect(canceled.status == .failure)
        #expect(canceled.message == "Canceled by user u1")
        #expect(
            canceled.failure
                == TaskFailure(code: "canceled", message: "Canceled by user u1", retryable: false, step: nil)
        )
        #expect(canceled.expiresAt == now.adding(seconds: 60))
        let again = try await store.cancel(
            id: pending.id,
            visibility: .owner("p1"),
            user: "u2",
            now: now,
            timeToLive: 60
        )
        #expect(again == .alreadyCanceled(canceled))

        let running = factory.make(owner: "p1")
        try await store.create(running)
        let claimed = try #require(try await store.claimNext(worker: "w", now: now, terms: terms))
        #expect(claimed.task.id == running.id)
        guard
            case .requested = try await store.cancel(
                id: running.id,
                visibility: .all,
                user: "u3",
                now: now,
                timeToLive: 60
            )
        else {
            Issue.record("not requested")
            return
        }
        #expect(try await store.renewLease(claimed.lease, until: now.adding(seconds: 15)) == .cancelRequested(by: "u3"))
        guard
            case .alreadyCanceled = try await store.cancel(
                id: running.id,
                visibility: .all,
                user: "u4",
                now: now,
                timeToLive: 60
            )
        else {
            Issue.record("second cancel changed something")
            return
        }
        #expect(try await store.renewLease(claimed.lease, until: now.adding(seconds: 15)) == .cancelRequested(by: "u3"))

        let done = factory.make(owner: "p1", status: .success, expiresAt: now.adding(seconds: 99))
        try await store.create(done)
        let conflict = await #expect(throws: SkyliftError.self) {
            try await store.cancel(id: done.id, visibility: .all, user: "u", now: now, timeToLive: 60)
        }
        #expect(conflict == .taskAlreadyEnded(done.id, status: .success))
        await #expect(throws: SkyliftError.taskNotFound(done.id)) {
            try await store.cancel(id: done.id, visibility: .owner("p2"), user: "u", now: now, timeToLive: 60)
        }
    }

    @Test(
        "a cancel asked for before its worker died ends the task canceled instead of running it again",
        arguments: StoreBackend.allCases
    )
    func cancelOrphan(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = TaskFactory()
        let task = factory.make(owner: "p1")
        try await store.create(task)
        let now = factory.clock
        let claimed = try #require(try await store.claimNext(worker: "w", now: now, terms: terms))
        var running = claimed.task
        running.steps[0].state = .running
        #expect(
            try await store.saveProgress(running, lease: claimed.lease, leaseUntil: now.adding(seconds: 15)) == .held
        )
        _ = try await store.cancel(id: task.id, visibility: .all, user: "u9", now: now, timeToLive: 60)
        let later = now.adding(seconds: 20)
        #expect(try await store.claimNext(worker: "w2", now: later, terms: terms) == nil)
        let read = try await store.task(id: task.id, visibility: .all, now: later)
        #expect(read?.failure?.code == "canceled")
        #expect(read?.failure?.step == "download")
        #expect(read?.message == "Canceled by user u9")
        #expect(read?.steps.first?.state == .failed)
        #expect(read?.steps.first?.finishedAt == later)
    }

    @Test("purge deletes expired tasks in batches and leaves the others", arguments: StoreBackend.allCases)
    func purge(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = TaskFactory()
        let now = factory.clock.adding(seconds: 100)
        for _ in 0..<5 { try await store.create(factory.make(owner: "p", status: .success, expiresAt: factory.clock)) }
        try await store.create(factory.make(owner: "p", status: .failure, expiresAt: now.adding(seconds: 1)))
        try await store.create(factory.make(owner: "p"))
        #expect(try await store.purgeExpired(now: now, limit: 2) == 2)
        #expect(try await store.purgeExpired(now: now, limit: 2) == 2)
        #expect(try await store.purgeExpired(now: now, limit: 2) == 1)
        #expect(try await store.purgeExpired(now: now, limit: 2) == 0)
        #expect(try await store.list(ListQuery(limit: 10), visibility: .all, now: factory.clock).count == 2)
    }

    @Test(
        "statistics count unexpired tasks by status and date the oldest pending one",
        arguments: StoreBackend.allCases
    )
    func statistics(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = TaskFactory()
        let empty = try await store.statistics(now: factory.clock)
        #expect(empty.counts.isEmpty && empty.oldestPendingCreatedAt == nil && empty.oldestPendingAgeSeconds == 0)
        let oldest = factory.make(owner: "p1")
        try await store.create(oldest)
        try await store.create(factory.make(owner: "p2"))
        try await store.create(
            factory.make(owner: "p1", status: .success, expiresAt: factory.clock.adding(seconds: 100))
        )
        try await store.create(factory.make(owner: "p1", status: .failure, expiresAt: factory.clock.adding(seconds: 1)))
        let now = factory.clock.adding(seconds: 10)
        let statistics = try await store.statistics(now: now)
        #expect(statistics.counts == [.pending: 2, .success: 1], "the expired failure is not counted")
        #expect(statistics.queueDepth == 2)
        #expect(statistics.oldestPendingCreatedAt == oldest.createdAt)
        #expect(statistics.oldestPendingAgeSeconds == Double(now.microseconds - oldest.createdAt.microseconds) / 1e6)
    }
}
