import Foundation
import Logging
import SkyliftDomain
import SkyliftExecutors
import SkyliftStore
import SkyliftTesting
import Testing

/// The worker (contract §7.3): woken in-process, bounded concurrency, fair across owners, gives tasks back on stop.
@Suite("Task worker")
struct TaskWorkerTests {
    /// A worker over a fresh store (SQLite, or PostgreSQL when `TestStore.isPostgres`) running `RecordingExecutor`, for the duration of `body`.
    private func withWorker(
        concurrency: Int = 1,
        pollInterval: Duration = .seconds(3600),
        log: RecordingExecutor.Log,
        store: any TaskDatabase,
        _ body: (TaskWorker) async throws -> Void
    ) async throws {
        var registry = ExecutorRegistry()
        try registry.register(RecordingExecutor(log: log))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("worker-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var logger = Logger(label: "worker-test")
        logger.logLevel = .critical
        let worker = TaskWorker(
            store: store,
            registry: registry,
            files: try ImageFileStore(root: folder.path),
            clock: SystemWallClock(),
            options: WorkerOptions(
                name: "test",
                concurrency: concurrency,
                terms: ClaimTerms(leaseSeconds: 15, maxAttempts: 3, timeToLive: 3600),
                pollInterval: pollInterval
            ),
            logger: logger
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await worker.run() }
            defer { group.cancelAll() }
            try await body(worker)
        }
    }

    private func addTask(
        _ store: any TaskDatabase,
        owner: String,
        label: String,
        at seconds: Int64
    ) async throws -> TaskID {
        let task = ImageTask.new(
            type: RecordingExecutor.type,
            owner: owner,
            input: RawJSON(#"{"label": "\#(label)"}"#),
            imageID: nil,
            userID: "u",
            requestID: nil,
            now: Timestamp(seconds: 1_795_000_000 + seconds)
        )
        try await store.create(task)
        return task.id
    }

    private func waitUntil(_ condition: () async throws -> Bool) async throws {
        for _ in 0..<2000 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        Issue.record("condition not met within 10 s")
    }

    private func finalCount(_ store: any TaskDatabase, _ ids: [TaskID]) async throws -> Int {
        var count = 0
        for id in ids {
            let task = try await store.task(id: id, visibility: .all, now: Timestamp(seconds: 0))
            if task?.status.isFinal == true { count += 1 }
        }
        return count
    }

    @Test("an idle worker starts a task when woken, without waiting for its hour-long poll")
    func wake() async throws {
        let fresh = try await TestStore.fresh()
        let store = fresh.store
        defer { withExtendedLifetime(fresh) {} }
        let log = RecordingExecutor.Log()
        try await withWorker(log: log, store: store) { worker in
            try await Task.sleep(for: .milliseconds(100))  // the worker has looked, found nothing, and sleeps
            let id = try await addTask(store, owner: Projects.a, label: "one", at: 0)
            worker.wake()
            try await waitUntil { try await finalCount(store, [id]) == 1 }
            let task = try #require(try await store.task(id: id, visibility: .all, now: Timestamp(seconds: 0)))
            #expect(task.status == .success)
            #expect(task.result?.text == #"{"label": "one"}"#)
            #expect(task.progress == 100)
            #expect(task.expiresAt == task.updatedAt.adding(seconds: 3600))
        }
    }

    @Test("owners take turns: B's one task runs second, before A's second of ten")
    func fairness() async throws {
        let fresh = try await TestStore.fresh()
        let store = fresh.store
        defer { withExtendedLifetime(fresh) {} }
        var ids: [TaskID] = []
        for index in 1...10 {
            ids.append(try await addTask(store, owner: Projects.a, label: "a\(index)", at: Int64(index)))
        }
        ids.append(try await addTask(store, owner: Projects.b, label: "b1", at: 100))
        let log = RecordingExecutor.Log()
        try await withWorker(log: log, store: store) { _ in
            try await waitUntil { try await finalCount(store, ids) == ids.count }
        }
        #expect(log.labels == ["a1", "b1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10"])
    }

    @Test("no more than worker.concurrency tasks run at once")
    func concurrency() async throws {
        let fresh = try await TestStore.fresh()
        let store = fresh.store
        defer { withExtendedLifetime(fresh) {} }
        var ids: [TaskID] = []
        for index in 1...6 {
            ids.append(try await addTask(store, owner: Projects.a, label: "t\(index)", at: Int64(index)))
        }
        let log = RecordingExecutor.Log()
        log.hold()
        try await withWorker(concurrency: 2, log: log, store: store) { _ in
            try await waitUntil { log.labels.count == 2 }
            try await Task.sleep(for: .milliseconds(100))
            #expect(log.labels.count == 2)
            log.release()
            try await waitUntil { try await finalCount(store, ids) == ids.count }
        }
        #expect(log.peak == 2)
    }

    @Test("a failing executor's TaskFailure is saved as the task's error")
    func failure() async throws {
        let fresh = try await TestStore.fresh()
        let store = fresh.store
        defer { withExtendedLifetime(fresh) {} }
        let id = try await addTask(store, owner: Projects.a, label: "fail-now", at: 0)
        let log = RecordingExecutor.Log()
        try await withWorker(log: log, store: store) { _ in
            try await waitUntil { try await finalCount(store, [id]) == 1 }
        }
        let task = try #require(try await store.task(id: id, visibility: .all, now: Timestamp(seconds: 0)))
        #expect(task.status == .failure)
        #expect(task.failure == TaskFailure(code: "internal", message: "Asked to fail", retryable: false, step: nil))
        #expect(task.message == "Asked to fail")
        #expect(task.result == nil)
    }

    @Test("a stopped worker gives its running task back: another claims it at once, as the same attempt")
    func givesBackOnStop() async throws {
        let fresh = try await TestStore.fresh()
        let store = fresh.store
        defer { withExtendedLifetime(fresh) {} }
        let id = try await addTask(store, owner: Projects.a, label: "long", at: 0)
        let log = RecordingExecutor.Log()
        log.hold()
        try await withWorker(log: log, store: store) { _ in
            try await waitUntil { log.labels.count == 1 }
        }
        let terms = ClaimTerms(leaseSeconds: 15, maxAttempts: 3, timeToLive: 3600)
        let claimed = try await store.claimNext(worker: "other", now: SystemWallClock().now(), terms: terms)
        #expect(claimed?.task.id == id)
        #expect(claimed?.task.status == .processing)
        #expect(claimed?.attempt == 1)
    }
}
