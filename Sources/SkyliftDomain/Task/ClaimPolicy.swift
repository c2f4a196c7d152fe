/// How workers pick and take tasks (§7.3, §11.2, §11.3), decided here; each store runs the queries and applies
/// the decision in its claim transaction.
public enum ClaimPolicy {
    /// One owner's claimable work: pending tasks, and processing tasks whose lease expired.
    public struct OwnerQueue: Sendable, Hashable {
        /// The owner (project).
        public var owner: String
        /// When the owner was last served (a counter; 0 for never).
        public var turn: Int64
        /// When the owner's oldest claimable task was created.
        public var oldest: Timestamp

        public init(owner: String, turn: Int64, oldest: Timestamp) {
            self.owner = owner
            self.turn = turn
            self.oldest = oldest
        }
    }

    /// What the claim does with the candidate it read.
    public enum Decision: Sendable, Hashable {
        /// Take it: move it to `processing` under a new lease, count an attempt.
        case claim
        /// End it instead (save this task, then look for another): its worker died after a cancel was asked for,
        /// or its claims ran out (`worker_lost`).
        case end(ImageTask)
    }

    /// Round-robin by owner: the owner served longest ago goes first (never served first of all), ties broken
    /// by whose oldest task is older, then by name.
    public static func nextOwner(_ queues: [OwnerQueue]) -> String? {
        queues.min(by: comesFirst)?.owner
    }

    /// Every owner in turn order, for a store whose first choice may be taken by another worker at the same time.
    public static func ownersInTurn(_ queues: [OwnerQueue]) -> [String] {
        queues.sorted(by: comesFirst).map(\.owner)
    }

    /// Whether `first`'s turn comes before `second`'s.
    private static func comesFirst(_ first: OwnerQueue, _ second: OwnerQueue) -> Bool {
        (first.turn, first.oldest, first.owner) < (second.turn, second.oldest, second.owner)
    }

    /// The decision for a candidate task (oldest first within its owner) that has been claimed `attempts` times.
    public static func decide(
        _ task: ImageTask,
        attempts: Int,
        cancelRequestedBy: String?,
        now: Timestamp,
        terms: ClaimTerms
    ) throws(SkyliftError) -> Decision {
        if let user = cancelRequestedBy {
            // Its worker died after a cancel was asked for: nothing to resume, it ends canceled.
            return .end(try task.failed(.canceled(by: user), at: now, timeToLive: terms.timeToLive))
        }
        if attempts >= terms.maxAttempts {
            return .end(try task.failed(.workerLost(attempts: attempts), at: now, timeToLive: terms.timeToLive))
        }
        return .claim
    }
}

extension TaskFailure {
    /// The task's lease was lost on every one of its `attempts` claims (§11.3).
    public static func workerLost(attempts: Int) -> TaskFailure {
        TaskFailure(
            code: "worker_lost",
            message: "The task's worker stopped responding \(attempts) times; it was given up (worker.maxAttempts)",
            retryable: true,
            step: nil
        )
    }
}
