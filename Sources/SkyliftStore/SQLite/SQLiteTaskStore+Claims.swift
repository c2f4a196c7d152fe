import GRDB
import SkyliftDomain

extension SQLiteTaskStore: TaskClaims {
    /// Each owner with claimable work, when it was last served (0: never) and its oldest claimable task; the
    /// domain's `ClaimPolicy` picks whose turn it is. The `status IN` term matches the partial index `tasks_queue`,
    /// so only unfinished tasks are read.
    static let ownerQueuesSQL = """
        SELECT q.owner, COALESCE(t.turn, 0) AS turn, q.oldest FROM (
            SELECT owner, MIN(created_at) AS oldest FROM tasks
            WHERE status IN ('pending', 'processing') AND (status = 'pending' OR lease_expires_at < ?1)
            GROUP BY owner
        ) AS q LEFT JOIN owner_turns AS t ON t.owner = q.owner
        """

    static let nextTaskSQL = """
        SELECT * FROM tasks
        WHERE status IN ('pending', 'processing') AND owner = ?1 AND (status = 'pending' OR lease_expires_at < ?2)
        ORDER BY created_at, id
        LIMIT 1
        """

    static let fence = "id = ? AND status = 'processing' AND lease_epoch = ?"

    public func claimRound(worker: String, now: Timestamp, terms: ClaimTerms) async throws -> ClaimRound {
        let (round, changed) = try await writer.write { db -> (ClaimRound, [TaskID]) in
            // Tasks this call changed (claimed, or ended because their claims ran out or they were canceled).
            var changed: [TaskID] = []
            var ended: [ImageTask] = []
            // Each pass claims a task, or ends one the policy says to end, and looks again.
            while let owner = ClaimPolicy.nextOwner(try Self.ownerQueues(now: now, db: db)) {
                guard let row = try Row.fetchOne(db, sql: Self.nextTaskSQL, arguments: [owner, now.microseconds])
                else { return (ClaimRound(claimed: nil, ended: ended), changed) }
                let task = try ImageTask(sqliteRow: row)
                let decision = try ClaimPolicy.decide(
                    task,
                    attempts: row["attempts"],
                    cancelRequestedBy: row["cancel_requested_by"],
                    now: now,
                    terms: terms
                )
                changed.append(task.id)
                guard case .claim = decision else {
                    if case .end(let finished) = decision {
                        try Self.save(finished, db: db)
                        try Self.endImport(of: finished, published: nil, now: now, db: db)
                        ended.append(finished)
                    }
                    continue
                }
                var claimed = try Self.claim(
                    task,
                    epoch: row["lease_epoch"],
                    worker: worker,
                    now: now,
                    terms: terms,
                    db: db
                )
                if task.status == .processing { claimed.earlierRun = EarlierRunEnd(leaseOwner: row["lease_owner"]) }
                return (ClaimRound(claimed: claimed, ended: ended), changed)
            }
            return (ClaimRound(claimed: nil, ended: ended), changed)
        }
        for id in changed { localChanges.notify(id) }
        return round
    }

    public func saveProgress(_ task: ImageTask, lease: TaskLease, leaseUntil: Timestamp) async throws -> LeaseState {
        let state = try await writer.write { db -> LeaseState in
            try db.execute(
                sql: """
                    UPDATE tasks SET progress = ?, steps = ?, warnings = ?, updated_at = ?, lease_expires_at = ?,
                        version = version + 1
                    WHERE \(Self.fence)
                    """,
                arguments: [
                    task.progress, SQLiteTaskRow.encode(task.steps), SQLiteTaskRow.encode(task.warnings),
                    task.updatedAt.microseconds, leaseUntil.microseconds, lease.taskID.rawValue, lease.epoch,
                ]
            )
            return try Self.leaseState(lease, db: db)
        }
        if state != .lost { localChanges.notify(task.id) }
        return state
    }

    public func renewLease(_ lease: TaskLease, until: Timestamp) async throws -> LeaseState {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE tasks SET lease_expires_at = ? WHERE \(Self.fence)",
                arguments: [until.microseconds, lease.taskID.rawValue, lease.epoch]
            )
            return try Self.leaseState(lease, db: db)
        }
    }

    /// After a fenced update: lost when it changed nothing, else whether a cancel was asked for.
    private static func leaseState(_ lease: TaskLease, db: Database) throws -> LeaseState {
        guard db.changesCount == 1 else { return .lost }
        let user = try String.fetchOne(
            db,
            sql: "SELECT cancel_requested_by FROM tasks WHERE id = ?",
            arguments: [lease.taskID.rawValue]
        )
        return user.map { .cancelRequested(by: $0) } ?? .held
    }

    /// Saves a task that ends inside a claim's transaction.
    private static func save(_ task: ImageTask, db: Database) throws {
        try db.execute(
            sql: SQLiteTaskRow.updateSQL,
            arguments: SQLiteTaskRow(task).updateArguments(expectedStatus: .processing)
        )
    }

    /// The SQLite file is shared by processes on one machine only, whose workers poll it every second; within one
    /// process the API wakes the worker itself.
    public func onWorkAvailable(_ handler: @escaping @Sendable () -> Void) {}

    public func releaseLease(_ lease: TaskLease) async throws {
        // A lease given back is not a lost one: the attempt it counted is returned.
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE tasks SET lease_expires_at = 0, lease_owner = NULL, attempts = MAX(attempts - 1, 0)
                    WHERE \(Self.fence)
                    """,
                arguments: [lease.taskID.rawValue, lease.epoch]
            )
        }
    }

    public func finish(_ task: ImageTask, lease: TaskLease, image: ImageRecord?) async throws -> Bool {
        guard TaskStatus.processing.canTransition(to: task.status) else {
            throw SkyliftError.invalidTransition(from: .processing, to: task.status)
        }
        let row = SQLiteTaskRow(task)
        let saved = try await writer.write { db in
            try db.execute(
                sql: SQLiteTaskRow.fencedUpdateSQL,
                arguments: row.updateArguments(expectedStatus: .processing) + [lease.epoch]
            )
            guard db.changesCount == 1 else { return false }
            if task.type == .apiImageImport {
                try Self.endImport(of: task, published: image, now: task.updatedAt, db: db)
            } else if let image {
                try Self.insert(image, into: db)
            }
            return true
        }
        if saved { localChanges.notify(task.id) }
        return saved
    }

    /// Moves `task` to `processing` under a new lease and takes the owner's turn.
    private static func claim(
        _ task: ImageTask,
        epoch: Int64,
        worker: String,
        now: Timestamp,
        terms: ClaimTerms,
        db: Database
    ) throws -> ClaimedTask {
        try db.execute(
            sql: """
                UPDATE tasks SET status = 'processing', updated_at = ?, attempts = attempts + 1, lease_owner = ?,
                    lease_expires_at = ?, lease_epoch = lease_epoch + 1, version = version + 1
                WHERE id = ?
                """,
            arguments: [
                now.microseconds, worker, now.adding(seconds: terms.leaseSeconds).microseconds, task.id.rawValue,
            ]
        )
        try db.execute(
            sql: """
                INSERT INTO owner_turns (owner, turn) VALUES (?, (SELECT COALESCE(MAX(turn), 0) + 1 FROM owner_turns))
                ON CONFLICT (owner) DO UPDATE SET turn = excluded.turn
                """,
            arguments: [task.owner]
        )
        guard let saved = try Row.fetchOne(db, sql: "SELECT * FROM tasks WHERE id = ?", arguments: [task.id.rawValue])
        else { throw SkyliftError.taskNotFound(task.id) }
        let attempt: Int = saved["attempts"]
        return ClaimedTask(
            task: try ImageTask(sqliteRow: saved),
            lease: TaskLease(taskID: task.id, worker: worker, epoch: epoch + 1),
            attempt: attempt
        )
    }

    /// The owners with claimable work at `now`.
    private static func ownerQueues(now: Timestamp, db: Database) throws -> [ClaimPolicy.OwnerQueue] {
        try Row.fetchAll(db, sql: ownerQueuesSQL, arguments: [now.microseconds]).map { row in
            ClaimPolicy.OwnerQueue(
                owner: row["owner"],
                turn: row["turn"],
                oldest: Timestamp(microseconds: row["oldest"])
            )
        }
    }
}
