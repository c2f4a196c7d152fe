import Foundation
import SkyliftDomain
import SkyliftStore
import SkyliftTesting
import Testing

/// The expiry reaper and SQLite's write-ahead log (contract §9): a purge pass leaves the log to start again.
@Suite struct SQLitePurgeLogTests {
    @Test("a purge pass ends with a checkpoint, so the next writes reuse the log instead of growing it")
    func passRestartsTheLog() async throws {
        let folder = try TemporaryDirectory()
        let (store, path) = try Self.store(in: folder)
        var factory = TaskFactory()
        let now = factory.clock.adding(seconds: 1000)
        for index in 0..<30 {
            try await store.create(factory.make(owner: "p\(index % 5)", status: .success, expiresAt: now))
        }
        #expect(try await store.purgeExpired(now: now, limit: 100) == 30)
        let logSize = try walSize(path)

        // Far below the automatic checkpoint's 10,000 pages: without the purge's own checkpoint these would append.
        for _ in 0..<10 { try await store.create(factory.make(owner: "p")) }
        #expect(try walSize(path) == logSize)
        #expect(try await store.list(ListQuery(limit: 50), visibility: .all, now: now).count == 10)
    }

    @Test("full batches do not checkpoint; the empty batch that ends the pass does")
    func fullBatchesDoNotCheckpoint() async throws {
        let folder = try TemporaryDirectory()
        let (store, path) = try Self.store(in: folder)
        var factory = TaskFactory()
        let now = factory.clock.adding(seconds: 1000)
        for _ in 0..<20 { try await store.create(factory.make(owner: "p", status: .failure, expiresAt: now)) }
        #expect(try await store.purgeExpired(now: now, limit: 10) == 10)
        let afterFull = try walSize(path)
        #expect(try await store.purgeExpired(now: now, limit: 10) == 10)
        let afterBoth = try walSize(path)
        #expect(afterBoth > afterFull)
        #expect(try await store.purgeExpired(now: now, limit: 10) == 0)
        for _ in 0..<5 { try await store.create(factory.make(owner: "p")) }
        #expect(try walSize(path) == afterBoth)
    }

    /// A file store in `folder`, and the database's path.
    private static func store(in folder: TemporaryDirectory) throws -> (SQLiteTaskStore, String) {
        let path = folder.url.appendingPathComponent("skylift.sqlite").path
        return (try SQLiteTaskStore(location: .file(path)), path)
    }

    private func walSize(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path + "-wal")
        return (attributes[.size] as? NSNumber)?.intValue ?? -1
    }
}
