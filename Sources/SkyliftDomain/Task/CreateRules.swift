/// The rules a create obeys besides storing the task (§10.4, §10.5), decided here and applied by each store
/// inside the transaction that inserts.
extension CreateOptions.Idempotency {
    /// What a create does about the task its key already names.
    public enum Decision: Sendable, Hashable {
        /// The key's task has expired: delete it (its key is free again), then create.
        case freeExpiredKey(TaskID)
        /// The key's task is live and came from the same body: answer with it, store nothing.
        case replay(ImageTask)
    }

    /// The decision for `stored`, the task this key names, created from `storedBody`.
    /// - Throws: `SkyliftError.idempotencyMismatch` when a live task came from another body.
    public func decide(stored: ImageTask, storedBody: String?, now: Timestamp) throws(SkyliftError) -> Decision {
        // Keys live as long as their task: an expired one (not yet reaped) gives its key up now.
        if stored.isExpired(at: now) { return .freeExpiredKey(stored.id) }
        guard storedBody == body else { throw .idempotencyMismatch(key: key, taskID: stored.id) }
        return .replay(stored)
    }
}

extension CreateOptions {
    /// Checks the owner's count of pending and processing tasks against `maxActiveTasks`.
    /// - Throws: `SkyliftError.quotaExceeded` when the owner is at the limit.
    public func checkQuota(owner: String, active: Int) throws(SkyliftError) {
        guard let limit = maxActiveTasks, active >= limit else { return }
        throw .quotaExceeded(project: owner, active: active, limit: limit)
    }
}
