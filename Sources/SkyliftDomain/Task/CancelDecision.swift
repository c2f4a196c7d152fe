/// What a cancel request does to a task (§10.2), decided from the stored task; each store applies it in the
/// transaction that read the task.
public enum CancelDecision: Sendable, Hashable {
    /// A pending task fails at once: save this task (status `failure`, code `canceled`).
    case failNow(ImageTask)
    /// A processing task is flagged for its worker, which stops it and saves it canceled by `user`.
    case flagForWorker(user: String)
    /// The task was already canceled or asked to stop: nothing changes.
    case alreadyCanceled

    /// The decision for `task` (whose cancel was already asked for by `requestedBy`, if anyone), canceled by
    /// `user` at `now`.
    /// - Throws: `SkyliftError.taskAlreadyEnded` when the task ended other than canceled.
    public static func decide(
        for task: ImageTask,
        requestedBy: String?,
        user: String,
        now: Timestamp,
        timeToLive: Double
    ) throws(SkyliftError) -> CancelDecision {
        switch task.status {
        case .pending:
            return .failNow(try task.failed(.canceled(by: user), at: now, timeToLive: timeToLive))
        case .processing:
            return requestedBy == nil ? .flagForWorker(user: user) : .alreadyCanceled
        case .failure where task.failure?.code == "canceled":
            return .alreadyCanceled
        case .success, .failure:
            throw .taskAlreadyEnded(task.id, status: task.status)
        }
    }
}
