import Foundation
import SkyliftDomain
import SkyliftStore
import SkyliftTesting
import Testing

/// What only the PostgreSQL store does: migrations shared by processes, and changes heard across processes.
@Suite("PostgreSQL store")
struct PostgresStoreTests {
    @Test("several processes migrating one database at once apply each migration once")
    func concurrentMigrations() async throws {
        let url = try await TestPostgres.freshDatabaseURL()
        let stores = try await withThrowingTaskGroup(of: PostgresTaskStore.self) { group in
            for _ in 0..<4 { group.addTask { try await PostgresTaskStore.connect(url: url, migrate: true) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for store in stores { #expect(try await store.isMigrated()) }
        var factory = TaskFactory()
        let task = factory.make(owner: "p1")
        try await stores[0].create(task)
        #expect(try await stores[3].task(id: task.id, visibility: .all, now: factory.clock)?.id == task.id)
    }

    @Test("migrate: false on an unmigrated database refuses to open it")
    func unmigrated() async throws {
        let url = try await TestPostgres.freshDatabaseURL()
        let error = await #expect(throws: PostgresStoreError.self) {
            try await PostgresTaskStore.connect(url: url, migrate: false)
        }
        #expect(error?.description.contains("is not migrated and database.migrate is false") == true)
    }

    @Test("a waiter on one store wakes when another store (another process) changes the task")
    func changesAcrossStores() async throws {
        let url = try await TestPostgres.freshDatabaseURL()
        let first = try await PostgresTaskStore.connect(url: url, migrate: true)
        let second = try await PostgresTaskStore.connect(url: url, migrate: true)
        var factory = TaskFactory()
        let task = factory.make(owner: "p1")
        try await first.create(task)
        // The listener connects in the background; a change it misses would only delay this test to its deadline.
        try await Task.sleep(for: .milliseconds(300))
        let subscription = first.changes.subscribe(task.id)
        let start = ContinuousClock.now
        async let woke = first.changes.wait(subscription, upTo: .seconds(10))
        let processing = try task.transitioned(to: .processing, at: factory.clock.adding(seconds: 1), timeToLive: 60)
        _ = try await second.transition(id: task.id, from: .pending, to: processing)
        #expect(await woke)
        #expect(ContinuousClock.now - start < .seconds(5), "woken by the notification, not the 10 s deadline")
    }

    @Test("malformed URLs are refused naming what is wrong, never the password")
    func malformedURLs() {
        for url in [
            "postgres://", "postgres://user:secret@/db", "postgres://:secret@host/db", "postgres://u:secret@host",
            "postgres://u:secret@host:99999/db", "mysql://u:secret@host/db",
        ] {
            #expect(throws: PostgresURL.Invalid.self, "\(url)") { try PostgresURL(url) }
            do {
                _ = try PostgresURL(url)
            } catch {
                #expect(!"\(error)".contains("secret"), "\(url): \(error)")
            }
        }
        let parsed = try? PostgresURL("postgresql://sky%40lift:p%3Ass@db.example:6543/tasks")
        #expect(parsed?.user == "sky@lift")
        #expect(parsed?.password == "p:ss")
        #expect(parsed?.port == 6543)
        #expect(parsed?.database == "tasks")
        #expect(parsed?.redacted == "postgres://sky@lift:***@db.example:6543/tasks")
    }

    @Test("a refused connection and an unknown user stop startup in one line naming the host")
    func unreachable() async throws {
        let server = try PostgresURL(try TestPostgres.serverURL())
        let closed = await #expect(throws: PostgresStoreError.self) {
            try await PostgresTaskStore.connect(url: "postgres://u:secret@127.0.0.1:1/db", migrate: true)
        }
        #expect(closed?.description.contains("127.0.0.1:1") == true)
        #expect(closed?.description.contains("secret") == false)
        let stranger = await #expect(throws: PostgresStoreError.self) {
            try await PostgresTaskStore.connect(
                url: "postgres://nobody:secret@\(server.host):\(server.port)/\(server.database)",
                migrate: true
            )
        }
        #expect(stranger?.description.contains("refused user nobody") == true, "\(String(describing: stranger))")
        #expect(stranger?.description.contains("secret") == false)
        #expect(stranger?.description.contains("\n") == false)
    }
}
