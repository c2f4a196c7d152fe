/// The worker's side of the task store (contract §7.3, §11.2): claim the next task fairly, save progress under a
/// lease, and finish, each write fenced by the lease's epoch.
public protocol TaskClaims: Sendable {
    /// Claims the next task to run (none when there is none), and says which tasks it ended instead.
    ///
    /// Candidates are `pending` tasks and `processing` tasks whose lease expired (their worker died). Owners take
    /// turns (round-robin: the owner with candidates who was served longest ago goes first), and within an owner
    /// the oldest task goes first. The claim moves the task to `processing`, counts an attempt and starts a lease.
    /// A task whose lease expired after `terms.maxAttempts` claims fails with `worker_lost` instead.
    func claimRound(worker: String, now: Timestamp, terms: ClaimTerms) async throws -> ClaimRound

    /// Saves a running task's progress, steps and warnings and renews its lease; says whether the lease still
    /// holds and whether a user asked to cancel the task.
    func saveProgress(_ task: ImageTask, lease: TaskLease, leaseUntil: Timestamp) async throws -> LeaseState

    /// Renews the lease without other changes; the same answer as `saveProgress`.
    func renewLease(_ lease: TaskLease, until: Timestamp) async throws -> LeaseState

    /// Gives the task back at once (on shutdown), so any worker can claim it without waiting for the lease.
    func releaseLease(_ lease: TaskLease) async throws

    /// Saves the final state of a claimed task (`success` or `failure`), and on success the image record it
    /// produced, in one transaction.
    /// - Returns: false when the lease was lost (nothing is saved).
    /// - Throws: `SkyliftError.conflict` when the image id is taken (nothing is saved).
    func finish(_ task: ImageTask, lease: TaskLease, image: ImageRecord?) async throws -> Bool

    /// Calls `handler` whenever another process makes work claimable (a task created, a lease given back), so an
    /// idle worker starts it without waiting for its next poll (§7.3). A store shared only within one process
    /// never calls it: the API wakes the worker in-process.
    func onWorkAvailable(_ handler: @escaping @Sendable () -> Void)
}

extension TaskClaims {
    /// Claims the next task to run, or nil when there is none (`claimRound` without the tasks it ended).
    public func claimNext(worker: String, now: Timestamp, terms: ClaimTerms) async throws -> ClaimedTask? {
        try await claimRound(worker: worker, now: now, terms: terms).claimed
    }
}
