import GRDB
import SkyliftDomain
import Synchronization

extension SQLiteTaskStore {
    public func cancel(
        id: TaskID,
        visibility: Visibility,
        user: String,
        now: Timestamp,
        timeToLive: Double
    ) async throws -> CancelOutcome {
        let outcome = try await writer.write { db -> CancelOutcome in
            guard let row = try SQLiteListQuery.visibleRow(db, id: id, columns: "*", visibility: visibility, now: now)
            else { throw SkyliftError.taskNotFound(id) }
            let task = try ImageTask(sqliteRow: row)
            let decision = try CancelDecision.decide(
                for: task,
                requestedBy: row["cancel_requested_by"],
                user: user,
                now: now,
                timeToLive: timeToLive
            )
            switch decision {
            case .failNow(let failed):
                try db.execute(
                    sql: SQLiteTaskRow.updateSQL,
                    arguments: SQLiteTaskRow(failed).updateArguments(expectedStatus: .pending)
                )
                try Self.endImport(of: failed, published: nil, now: now, db: db)
                return .canceled(try Self.read(id, db: db))
            case .flagForWorker(let user):
                try db.execute(
                    sql: "UPDATE tasks SET cancel_requested_by = ? WHERE id = ?",
                    arguments: [user, id.rawValue]
                )
                return .requested(task)
            case .alreadyCanceled:
                return .alreadyCanceled(task)
            }
        }
        if case .canceled = outcome { localChanges.notify(id) }
        return outcome
    }

    public func purgeExpired(now: Timestamp, limit: Int) async throws -> Int {
        try await writer.writeWithoutTransaction { db in
            // A purge batch need not reach the disk before the next one: a batch lost to a power cut is deleted
            // again by the next pass. Without the sync per commit, a batch costs its deletes only.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // A batch of 1,000 dirties ~900 pages (one entry in each of a dozen indexes a row): a cache that
            // holds them keeps the batch from spilling to the log half-way. Given back after the batch.
            try db.execute(sql: "PRAGMA cache_size = -\(Self.purgeCacheKiB)")
            defer {
                try? db.execute(sql: "PRAGMA cache_size = -2000")
                try? db.execute(sql: "PRAGMA synchronous = FULL")
            }
            var deleted = 0
            try db.inTransaction {
                try db.execute(
                    sql: """
                        DELETE FROM tasks WHERE rowid IN (
                            SELECT rowid FROM tasks WHERE expires_at > 0 AND expires_at <= ? ORDER BY expires_at LIMIT ?
                        )
                        """,
                    arguments: [now.microseconds, limit]
                )
                deleted = db.changesCount
                return .commit
            }
            // Readers that never stop (a busy API) keep a passive checkpoint from ever restarting the log, which
            // then grows by every batch (837 MiB in a 1,000,000-task purge under list load), and each read
            // searches it. So every few batches, and when the pass ends (a short batch), the purge copies the log
            // into the database and waits for the readers of its older frames (a read lasts a millisecond) so
            // that the next write starts the log again from its beginning.
            let logged = purgedSinceCheckpoint.withLock { rows in
                rows += deleted
                return rows
            }
            if logged >= Self.purgeRowsPerCheckpoint || (deleted < limit && logged > 0) {
                do {
                    try db.checkpoint(.restart)
                    purgedSinceCheckpoint.withLock { $0 = 0 }
                } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                    // A reader or another process's writer outlasted the busy timeout: the batch is committed
                    // all the same, and the next batch checkpoints again.
                }
            }
            return deleted
        }
    }

    /// Rows a purge deletes between two checkpoints of its own: ~7,000 logged pages at ~0.9 a row, under the
    /// automatic checkpoint's 10,000 (`walCheckpointPages`), so that the purge, not an API write, pays for them.
    static let purgeRowsPerCheckpoint = 8_000

    /// The page cache of a purge batch, in KiB (SQLite's default is 2,000).
    static let purgeCacheKiB = 8192

    /// The stored task `id`.
    static func read(_ id: TaskID, db: Database) throws -> ImageTask {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM tasks WHERE id = ?", arguments: [id.rawValue])
        else { throw SkyliftError.taskNotFound(id) }
        return try ImageTask(sqliteRow: row)
    }
}
