/// A worker's claim on one task (contract §11.2): who holds it and the fencing epoch every write must match.
///
/// A worker whose lease expired, and was claimed again by another, holds an older epoch; the store refuses its
/// writes, so it can no longer change the task.
public struct TaskLease: Sendable, Hashable {
    /// The claimed task.
    public var taskID: TaskID
    /// Which worker holds it (for logs and diagnosis).
    public var worker: String
    /// Moves on every claim; writes carry it and fail when the stored one differs.
    public var epoch: Int64

    public init(taskID: TaskID, worker: String, epoch: Int64) {
        self.taskID = taskID
        self.worker = worker
        self.epoch = epoch
    }
}

/// A task a worker claimed: the task as stored after the claim, the lease, and which attempt this is (1 first).
public struct ClaimedTask: Sendable, Hashable {
    public var task: ImageTask
    public var lease: TaskLease
    public var attempt: Int
    /// How the task's previous run ended, when it had one that did not finish (it was `processing` when claimed).
    public var earlierRun: EarlierRunEnd?

    public init(task: ImageTask, lease: TaskLease, attempt: Int, earlierRun: EarlierRunEnd? = nil) {
        self.task = task
        self.lease = lease
        self.attempt = attempt
        self.earlierRun = earlierRun
    }
}

/// How an unfinished run of a task ended before another claim (§11.3).
public enum EarlierRunEnd: Sendable, Hashable {
    /// Its worker stopped renewing the lease (killed, hung, cut off) and the lease expired.
    case leaseExpired
    /// Its worker gave the task back on shutdown.
    case givenBack

    /// Tells the two apart by the stored lease owner: a lease given back has none.
    public init(leaseOwner: String?) {
        self = leaseOwner == nil ? .givenBack : .leaseExpired
    }
}

/// What one claim call did: the task it claimed, if any, and the tasks it ended instead of claiming (their
/// claims ran out, `worker_lost`, or a cancel was asked of a task whose worker died).
public struct ClaimRound: Sendable, Hashable {
    public var claimed: ClaimedTask?
    public var ended: [ImageTask]

    public init(claimed: ClaimedTask?, ended: [ImageTask] = []) {
        self.claimed = claimed
        self.ended = ended
    }
}

/// How claims are made: the lease length, how many claims a task gets, and how long finished tasks stay visible.
public struct ClaimTerms: Sendable, Hashable {
    /// How long a claim lasts without a renewal (`worker.leaseSeconds`).
    public var leaseSeconds: Double
    /// How many times a task may be claimed in all (`worker.maxAttempts`); beyond, it fails `worker_lost`.
    public var maxAttempts: Int
    /// How long a finished task stays visible, in seconds (`task.timeToLive` in hours × 3600).
    public var timeToLive: Double

    public init(leaseSeconds: Double, maxAttempts: Int, timeToLive: Double) {
        self.leaseSeconds = leaseSeconds
        self.maxAttempts = maxAttempts
        self.timeToLive = timeToLive
    }
}
