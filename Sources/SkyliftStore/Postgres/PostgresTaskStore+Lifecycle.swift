import PostgresNIO
import SkyliftDomain

extension PostgresTaskStore {
    public func cancel(
        id: TaskID,
        visibility: Visibility,
        user: String,
        now: Timestamp,
        timeToLive: Double
    ) async throws -> CancelOutcome {
        try await transaction { connection in
            var query = PostgresListQuery.visibleRow(
                id: id,
                columns: PostgresRows.taskColumns + ", cancel_requested_by",
                visibility: visibility,
                now: now
            )
            query = PostgresQuery(unsafeSQL: query.sql + " FOR UPDATE", binds: query.binds)
            let found = try await Self.rows(query, on: connection, logger: logger) { row in
                (
                    try PostgresRows.task(from: row),
                    try row.makeRandomAccess()["cancel_requested_by"].decode(String?.self)
                )
            }
            guard let (task, requestedBy) = found.first else { throw SkyliftError.taskNotFound(id) }
            switch try CancelDecision.decide(
                for: task,
                requestedBy: requestedBy,
                user: user,
                now: now,
                timeToLive: timeToLive
            ) {
            case .failNow(let failed):
                _ = try await connection.query(PostgresRows.update(failed, expectedStatus: .pending), logger: logger)
                try await endImport(of: failed, published: nil, now: now, on: connection)
                try await Self.announce(id, on: connection, logger: logger)
                return .canceled(try await Self.read(id, on: connection, logger: logger))
            case .flagForWorker(let user):
                _ = try await connection.query(
                    "UPDATE tasks SET cancel_requested_by = \(user) WHERE id = \(id.rawValue)",
                    logger: logger
                )
                return .requested(task)
            case .alreadyCanceled:
                return .alreadyCanceled(task)
            }
        }
    }

    /// Deletes up to `limit` expired tasks in one short transaction, oldest expiry first. The partial index
    /// `tasks_expiry` finds them without reading live tasks; concurrent purges skip each other's rows.
    public func purgeExpired(now: Timestamp, limit: Int) async throws -> Int {
        try await transaction { connection in
            let deleted = try await Self.rows(
                """
                DELETE FROM tasks WHERE id IN (
                    SELECT id FROM tasks WHERE expires_at > 0 AND expires_at <= \(now.microseconds)
                    ORDER BY expires_at LIMIT \(Int64(limit)) FOR UPDATE SKIP LOCKED
                ) RETURNING id
                """,
                on: connection,
                logger: logger
            ) { try $0.decode(String.self) }
            return deleted.count
        }
    }
}
