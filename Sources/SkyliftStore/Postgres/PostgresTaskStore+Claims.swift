import PostgresNIO
import SkyliftDomain

extension PostgresTaskStore: TaskClaims {
    /// Each owner with claimable work, when it was last served (0: never) and its oldest claimable task.
    static func ownerQueuesQuery(now: Timestamp) -> PostgresQuery {
        """
        SELECT q.owner, COALESCE(t.turn, 0) AS turn, q.oldest FROM (
            SELECT owner, MIN(created_at) AS oldest FROM tasks
            WHERE status IN ('pending', 'processing') AND (status = 'pending' OR lease_expires_at < \(now.microseconds))
            GROUP BY owner
        ) AS q LEFT JOIN owner_turns AS t ON t.owner = q.owner
        """
    }

    /// The owner's oldest claimable task, locked; a task another worker is claiming right now is skipped.
    static func nextTaskQuery(owner: String, now: Timestamp) -> PostgresQuery {
        PostgresQuery(
            unsafeSQL: """
                SELECT \(PostgresRows.taskColumns), attempts, lease_epoch, cancel_requested_by, lease_owner FROM tasks
                WHERE status IN ('pending', 'processing') AND owner = $1
                    AND (status = 'pending' OR lease_expires_at < $2)
                ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
                """,
            binds: binds(owner, now.microseconds)
        )
    }

    /// A claim looks at most this many candidates (ending those the policy ends) before it gives up for now.
    static let maxCandidatesPerClaim = 64

    public func claimRound(worker: String, now: Timestamp, terms: ClaimTerms) async throws -> ClaimRound {
        try await transaction { connection in
            var looked = 0
            var ended: [ImageTask] = []
            while looked < Self.maxCandidatesPerClaim {
                let queues = try await Self.rows(Self.ownerQueuesQuery(now: now), on: connection, logger: logger) {
                    row in
                    let (owner, turn, oldest) = try row.decode((String, Int64, Int64).self)
                    return ClaimPolicy.OwnerQueue(owner: owner, turn: turn, oldest: Timestamp(microseconds: oldest))
                }
                guard let candidate = try await lockFirstCandidate(queues, now: now, on: connection) else {
                    return ClaimRound(claimed: nil, ended: ended)
                }
                looked += 1
                let decision = try ClaimPolicy.decide(
                    candidate.task,
                    attempts: candidate.attempts,
                    cancelRequestedBy: candidate.cancelRequestedBy,
                    now: now,
                    terms: terms
                )
                try await Self.announce(candidate.task.id, on: connection, logger: logger)
                switch decision {
                case .end(let finished):
                    _ = try await connection.query(
                        PostgresRows.update(finished, expectedStatus: .processing),
                        logger: logger
                    )
                    try await endImport(of: finished, published: nil, now: now, on: connection)
                    ended.append(finished)
                case .claim:
                    var claimed = try await claim(candidate, worker: worker, now: now, terms: terms, on: connection)
                    if candidate.task.status == .processing {
                        claimed.earlierRun = EarlierRunEnd(leaseOwner: candidate.leaseOwner)
                    }
                    return ClaimRound(claimed: claimed, ended: ended)
                }
            }
            return ClaimRound(claimed: nil, ended: ended)
        }
    }

    /// A candidate row: the task and its claim columns.
    struct Candidate {
        var task: ImageTask
        var attempts: Int
        var epoch: Int64
        var cancelRequestedBy: String?
        var leaseOwner: String?
    }

    /// Locks the first claimable task in owner turn order that no other worker holds locked.
    private func lockFirstCandidate(
        _ queues: [ClaimPolicy.OwnerQueue],
        now: Timestamp,
        on connection: PostgresConnection
    ) async throws -> Candidate? {
        for owner in ClaimPolicy.ownersInTurn(queues) {
            let found = try await Self.rows(Self.nextTaskQuery(owner: owner, now: now), on: connection, logger: logger)
            {
                row in
                let cells = row.makeRandomAccess()
                return Candidate(
                    task: try PostgresRows.task(from: row),
                    attempts: Int(try cells["attempts"].decode(Int64.self)),
                    epoch: try cells["lease_epoch"].decode(Int64.self),
                    cancelRequestedBy: try cells["cancel_requested_by"].decode(String?.self),
                    leaseOwner: try cells["lease_owner"].decode(String?.self)
                )
            }
            if let candidate = found.first { return candidate }
        }
        return nil
    }

    /// Moves the candidate to `processing` under a new lease and takes the owner's turn.
    private func claim(
        _ candidate: Candidate,
        worker: String,
        now: Timestamp,
        terms: ClaimTerms,
        on connection: PostgresConnection
    ) async throws -> ClaimedTask {
        let id = candidate.task.id.rawValue
        _ = try await connection.query(
            """
            UPDATE tasks SET status = 'processing', updated_at = \(now.microseconds), attempts = attempts + 1,
                lease_owner = \(worker), lease_expires_at = \(now.adding(seconds: terms.leaseSeconds).microseconds),
                lease_epoch = lease_epoch + 1, version = version + 1
            WHERE id = \(id)
            """,
            logger: logger
        )
        _ = try await connection.query(
            """
            INSERT INTO owner_turns (owner, turn) VALUES (\(candidate.task.owner), nextval('owner_turn_seq'))
            ON CONFLICT (owner) DO UPDATE SET turn = excluded.turn
            """,
            logger: logger
        )
        return ClaimedTask(
            task: try await Self.read(candidate.task.id, on: connection, logger: logger),
            lease: TaskLease(taskID: candidate.task.id, worker: worker, epoch: candidate.epoch + 1),
            attempt: candidate.attempts + 1
        )
    }

    public func saveProgress(_ task: ImageTask, lease: TaskLease, leaseUntil: Timestamp) async throws -> LeaseState {
        try await transaction { connection in
            let state = try await Self.leaseState(
                """
                UPDATE tasks SET progress = \(Int64(task.progress)), steps = \(PostgresRows.encode(task.steps)),
                    warnings = \(PostgresRows.encode(task.warnings)), updated_at = \(task.updatedAt.microseconds),
                    lease_expires_at = \(leaseUntil.microseconds), version = version + 1
                WHERE id = \(lease.taskID.rawValue) AND status = 'processing' AND lease_epoch = \(lease.epoch)
                RETURNING cancel_requested_by
                """,
                on: connection,
                logger: logger
            )
            if state != .lost { try await Self.announce(task.id, on: connection, logger: logger) }
            return state
        }
    }

    public func renewLease(_ lease: TaskLease, until: Timestamp) async throws -> LeaseState {
        try await client.withConnection { connection in
            try await Self.leaseState(
                """
                UPDATE tasks SET lease_expires_at = \(until.microseconds)
                WHERE id = \(lease.taskID.rawValue) AND status = 'processing' AND lease_epoch = \(lease.epoch)
                RETURNING cancel_requested_by
                """,
                on: connection,
                logger: logger
            )
        }
    }

    /// Runs a fenced update that returns `cancel_requested_by`: lost when it changed nothing, else whether a
    /// cancel was asked for.
    private static func leaseState(
        _ query: PostgresQuery,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> LeaseState {
        let rows = try await Self.rows(query, on: connection, logger: logger) { try $0.decode(String?.self) }
        guard let requestedBy = rows.first else { return .lost }
        return requestedBy.map { .cancelRequested(by: $0) } ?? .held
    }

    public func onWorkAvailable(_ handler: @escaping @Sendable () -> Void) {
        workHandlers.add(handler)
    }

    public func releaseLease(_ lease: TaskLease) async throws {
        // A lease given back is not a lost one: the attempt it counted is returned. Idle workers in other
        // processes hear of it at once.
        try await transaction { connection in
            let released = try await Self.rows(
                """
                UPDATE tasks SET lease_expires_at = 0, lease_owner = NULL, attempts = GREATEST(attempts - 1, 0)
                WHERE id = \(lease.taskID.rawValue) AND status = 'processing' AND lease_epoch = \(lease.epoch)
                RETURNING id
                """,
                on: connection,
                logger: logger
            ) { try $0.decode(String.self) }
            if !released.isEmpty { try await Self.announce(lease.taskID, work: true, on: connection, logger: logger) }
        }
    }

    public func finish(_ task: ImageTask, lease: TaskLease, image: ImageRecord?) async throws -> Bool {
        guard TaskStatus.processing.canTransition(to: task.status) else {
            throw SkyliftError.invalidTransition(from: .processing, to: task.status)
        }
        return try await transaction { connection in
            let changed = try await Self.rows(
                PostgresRows.update(task, expectedStatus: .processing, epoch: lease.epoch),
                on: connection,
                logger: logger
            ) { try $0.decode(String.self) }
            guard !changed.isEmpty else { return false }
            if task.type == .apiImageImport {
                try await endImport(of: task, published: image, now: task.updatedAt, on: connection)
            } else if let image {
                try await Self.insert(image, on: connection, logger: logger)
            }
            try await Self.announce(task.id, on: connection, logger: logger)
            return true
        }
    }
}
