import GRDB
import SkyliftDomain

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
            else { throw SkyliftError.notFound("Could not find task \(id.rawValue)") }
            let task = try ImageTask(sqliteRow: row)
            let requestedBy: String? = row["cancel_requested_by"]
            switch task.status {
            case .pending:
                let failed = try task.failed(.canceled(by: user), at: now, timeToLive: timeToLive)
                try db.execute(
                    sql: SQLiteTaskRow.updateSQL,
                    arguments: SQLiteTaskRow(failed).updateArguments(expectedStatus: .pending)
                )
                return .canceled(try Self.read(id, db: db))
            case .processing:
                guard requestedBy == nil else { return .alreadyCanceled(task) }
                try db.execute(
                    sql: "UPDATE tasks SET cancel_requested_by = ? WHERE id = ?",
                    arguments: [user, id.rawValue]
                )
                return .requested(task)
            case .failure where task.failure?.code == "canceled":
                return .alreadyCanceled(task)
            case .success, .failure:
                throw SkyliftError.conflict(
                    "Task \(id.rawValue) already ended with status \(task.status.rawValue); only pending or "
                        + "processing tasks can be canceled"
                )
            }
        }
        if case .canceled = outcome { changes.notify(id) }
        return outcome
    }

    public func purgeExpired(now: Timestamp, limit: Int) async throws -> Int {
        try await writer.writeWithoutTransaction { db in
            // A purge batch need not reach the disk before the next one: a batch lost to a power cut is deleted
            // again by the next pass. Without the sync per commit, a batch costs its deletes only.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            defer { try? db.execute(sql: "PRAGMA synchronous = FULL") }
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
            return deleted
        }
    }

    /// The stored task `id`.
    static func read(_ id: TaskID, db: Database) throws -> ImageTask {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM tasks WHERE id = ?", arguments: [id.rawValue])
        else { throw SkyliftError.notFound("Could not find task \(id.rawValue)") }
        return try ImageTask(sqliteRow: row)
    }
}
