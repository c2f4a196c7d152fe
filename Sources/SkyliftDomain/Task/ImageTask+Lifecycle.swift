extension ImageTask {
    /// A new `pending` task as `POST /v2/tasks` creates it (Glance's `TaskFactory.new_task`).
    ///
    /// - Parameter sourceImageID: the image a `convert` task reads from, so the image's task list can find it.
    public static func new(
        type: TaskType,
        owner: String,
        input: RawJSON,
        imageID: String?,
        sourceImageID: String? = nil,
        userID: String?,
        requestID: String?,
        now: Timestamp,
        id: TaskID? = nil
    ) -> ImageTask {
        ImageTask(
            id: id ?? TaskID(createdAt: now),
            type: type,
            status: .pending,
            owner: owner,
            input: input,
            imageID: imageID,
            sourceImageID: sourceImageID,
            userID: userID,
            requestID: requestID,
            createdAt: now,
            updatedAt: now,
            steps: type.stepNames.map { TaskStep(name: $0) }
        )
    }

    /// This task moved to `next` at `now`: `updated_at` moves, and a final status sets `expires_at`.
    ///
    /// - Parameter timeToLive: how long a finished task stays visible, in seconds (0 is valid).
    /// - Throws: `SkyliftError.invalidTransition` when the transition table forbids it.
    public func transitioned(
        to next: TaskStatus,
        at now: Timestamp,
        timeToLive: Double
    ) throws(SkyliftError) -> ImageTask {
        var copy = self
        copy.status = try status.transition(to: next)
        copy.updatedAt = now
        if next.isFinal {
            copy.expiresAt = now.adding(seconds: timeToLive)
        }
        if next == .success {
            copy.progress = 100
        }
        return copy
    }

    /// This task ended in `failure` at `now`, for the reason `failure` gives: a running step is marked failed and,
    /// when the failure names no step, it names that one; `message` is the failure's sentence; `result` is cleared.
    /// The one definition every path that fails a task uses (worker, cancel, lost leases).
    public func failed(_ failure: TaskFailure, at now: Timestamp, timeToLive: Double) throws(SkyliftError) -> ImageTask
    {
        var copy = self
        var failure = failure
        if failure.step == nil { failure.step = steps.first { $0.state == .running }?.name }
        for index in copy.steps.indices where copy.steps[index].state == .running {
            copy.steps[index].state = .failed
            copy.steps[index].finishedAt = now
        }
        copy.failure = failure
        copy.message = failure.message
        copy.result = nil
        return try copy.transitioned(to: .failure, at: now, timeToLive: timeToLive)
    }

    /// Whether the task has expired at `now` (from `expires_at` on it is gone for everyone).
    public func isExpired(at now: Timestamp) -> Bool {
        guard let expiresAt else { return false }
        return expiresAt <= now
    }
}
