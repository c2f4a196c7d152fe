import GRDB
import Logging
import SkyliftDomain
import Synchronization

/// The embedded store: tasks and image records in one SQLite database (WAL mode on files), through GRDB.
public final class SQLiteTaskStore: Sendable {
    /// Where the database lives.
    public enum Location: Sendable, Equatable {
        /// A file on disk, opened as a WAL-mode pool (concurrent readers, one writer).
        case file(String)
        /// A private in-memory database, for tests.
        case memory
    }

    let writer: any DatabaseWriter

    /// The write-ahead log is copied into the database once it holds this many pages (SQLite's default: 1,000).
    /// A checkpoint costs two syncs and one write of each page logged since the last; the expiry reaper logs
    /// ~900 pages a batch, mostly the same index pages again, so checkpointing every ~10 batches instead of
    /// every one made a purge 1.6× faster (BENCHMARKS.md, "Purging"). The log peaks at ~40 MiB.
    static let walCheckpointPages = 10_000
    /// Told about every task this store writes, so waiting requests in this process wake (§10.3). A waiter in
    /// another process sharing the file sees the change when its wait ends (PostgreSQL's store notifies across).
    let localChanges = LocalTaskChangeFeed()
    public var changes: any TaskChangeFeed { localChanges }
    /// Tasks purged since the purge last checkpointed the log (see `purgeExpired`).
    let purgedSinceCheckpoint = Mutex(0)

    /// Opens (and creates) the database and, when `migrate` is true, applies every pending migration.
    public init(location: Location, migrate: Bool = true) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // FULL: in WAL mode every commit syncs the log, so a task is durable (power loss included) before
            // the create answers 201 (contract §4.1). NORMAL would only survive a process crash.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.walCheckpointPages)")
        }
        switch location {
        case .file(let path):
            configuration.maximumReaderCount = 8
            writer = try DatabasePool(path: path, configuration: configuration)
        case .memory:
            writer = try DatabaseQueue(configuration: configuration)
        }
        if migrate {
            try self.migrate()
        }
    }

    /// Applies every pending schema migration.
    public func migrate() throws {
        try SQLiteMigrations.migrator.migrate(writer)
    }

    /// Whether every known migration has been applied.
    public func isMigrated() throws -> Bool {
        try writer.read { db in try SQLiteMigrations.migrator.hasCompletedMigrations(db) }
    }

    /// The journal mode in force (`wal` for file databases).
    public func journalMode() throws -> String {
        try writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// `PRAGMA synchronous` in force (2 = FULL).
    public func synchronousMode() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// The query plan SQLite chooses for a list query, one line per step (for docs and tests).
    public func explainList(_ query: ListQuery, visibility: Visibility, now: Timestamp) throws -> [String] {
        let marker = query.marker.map { _ in MarkerValues.placeholder(for: query) }
        let sql = SQLiteListQuery(query: query, visibility: visibility, now: now, marker: marker)
        return try writer.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql.text, arguments: sql.arguments)
                .map { row in row["detail"] as String }
        }
    }
}

extension SQLiteTaskStore: TaskStore {
    public func create(_ task: ImageTask, options: CreateOptions) async throws -> CreateOutcome {
        let row = SQLiteTaskRow(task)
        let outcome = try await writer.write { db -> CreateOutcome in
            if let idempotency = options.idempotency,
                let replayed = try Self.replay(idempotency, owner: task.owner, now: options.now, db: db)
            {
                return .replayed(replayed)
            }
            try Self.insert(task, row: row, options: options, db: db)
            return .created(task)
        }
        if case .created = outcome { localChanges.notify(task.id) }
        return outcome
    }

    /// Inserts a new task after the quota check, with its idempotency key, inside the caller's transaction.
    /// - Throws: `SkyliftError.quotaExceeded` when the owner has too many active tasks.
    static func insert(_ task: ImageTask, row: SQLiteTaskRow, options: CreateOptions, db: Database) throws {
        if options.maxActiveTasks != nil {
            let active =
                try Int.fetchOne(
                    db,
                    sql: "SELECT COUNT(*) FROM tasks WHERE status IN ('pending', 'processing') AND owner = ?",
                    arguments: [task.owner]
                ) ?? 0
            try options.checkQuota(owner: task.owner, active: active)
        }
        try db.execute(sql: SQLiteTaskRow.insertSQL, arguments: row.arguments)
        if let idempotency = options.idempotency {
            try db.execute(
                sql: "UPDATE tasks SET idempotency_key = ?, idempotency_body = ? WHERE id = ?",
                arguments: [idempotency.key, idempotency.body, task.id.rawValue]
            )
        }
    }

    /// The live task an idempotency key already names (same body), after freeing the key of an expired one.
    /// - Throws: `SkyliftError.idempotencyMismatch` when the key's task was created from another body.
    static func replay(
        _ idempotency: CreateOptions.Idempotency,
        owner: String,
        now: Timestamp,
        db: Database
    ) throws -> ImageTask? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT * FROM tasks WHERE owner = ? AND idempotency_key = ?",
                arguments: [owner, idempotency.key]
            )
        else { return nil }
        switch try idempotency.decide(
            stored: try ImageTask(sqliteRow: row),
            storedBody: row["idempotency_body"],
            now: now
        ) {
        case .freeExpiredKey(let id):
            try db.execute(sql: "DELETE FROM tasks WHERE id = ?", arguments: [id.rawValue])
            return nil
        case .replay(let stored):
            return stored
        }
    }

    public func task(id: TaskID, visibility: Visibility, now: Timestamp) async throws -> ImageTask? {
        try await writer.read { db in
            try SQLiteListQuery.visibleRow(db, id: id, columns: "*", visibility: visibility, now: now)
                .map(ImageTask.init(sqliteRow:))
        }
    }

    public func list(_ query: ListQuery, visibility: Visibility, now: Timestamp) async throws -> [TaskSummary] {
        try await writer.read { db in
            var marker: MarkerValues?
            if let id = query.marker {
                guard
                    let row = try SQLiteListQuery.visibleRow(
                        db,
                        id: id,
                        columns: SQLiteListQuery.summaryColumns,
                        visibility: visibility,
                        now: now
                    )
                else {
                    throw SkyliftError.taskMarkerNotFound(id)
                }
                marker = MarkerValues(row: row, keys: query.orderingKeys)
            }
            let sql = SQLiteListQuery(query: query, visibility: visibility, now: now, marker: marker)
            return try Row.fetchAll(db, sql: sql.text, arguments: sql.arguments).map(TaskSummary.init(sqliteRow:))
        }
    }

    public func transition(id: TaskID, from: TaskStatus, to updated: ImageTask) async throws -> ImageTask {
        guard from.canTransition(to: updated.status) else {
            throw SkyliftError.invalidTransition(from: from, to: updated.status)
        }
        let row = SQLiteTaskRow(updated)
        let saved = try await writer.write { db in
            try db.execute(sql: SQLiteTaskRow.updateSQL, arguments: row.updateArguments(expectedStatus: from))
            if db.changesCount == 0 {
                let current = try String.fetchOne(
                    db,
                    sql: "SELECT status FROM tasks WHERE id = ?",
                    arguments: [id.rawValue]
                )
                guard let current else { throw SkyliftError.taskNotFound(id) }
                throw SkyliftError.statusChanged(id, stored: try TaskStatus(storedText: current), expected: from)
            }
            return try Self.read(id, db: db)
        }
        localChanges.notify(id)
        return saved
    }

    public func ping() async throws {
        _ = try await writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    public func statistics(now: Timestamp) async throws -> TaskStatistics {
        try await writer.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT status, COUNT(*) AS count, MIN(created_at) AS oldest FROM tasks
                    WHERE expires_at = 0 OR expires_at > ? GROUP BY status
                    """,
                arguments: [now.microseconds]
            )
            var counts: [TaskStatus: Int] = [:]
            var oldestPending: Timestamp?
            for row in rows {
                guard let status = TaskStatus(rawValue: row["status"]) else { continue }
                counts[status] = row["count"]
                if status == .pending { oldestPending = Timestamp(microseconds: row["oldest"]) }
            }
            return TaskStatistics(counts: counts, oldestPendingCreatedAt: oldestPending, now: now)
        }
    }
}
