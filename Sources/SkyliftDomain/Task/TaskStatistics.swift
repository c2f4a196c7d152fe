/// How many unexpired tasks are in each status and how long the oldest pending one has waited, read at each
/// `/metrics` scrape (contract §12: `skylift_tasks`, `skylift_queue_depth`, `skylift_oldest_pending_task_age_seconds`).
public struct TaskStatistics: Sendable, Hashable {
    /// Unexpired tasks by status; a status with none is absent.
    public var counts: [TaskStatus: Int]
    /// When the oldest pending task was created, or nil when none is pending.
    public var oldestPendingCreatedAt: Timestamp?
    /// When the statistics were read.
    public var now: Timestamp

    public init(counts: [TaskStatus: Int], oldestPendingCreatedAt: Timestamp?, now: Timestamp) {
        self.counts = counts
        self.oldestPendingCreatedAt = oldestPendingCreatedAt
        self.now = now
    }

    /// Unexpired tasks in `status`.
    public func count(_ status: TaskStatus) -> Int { counts[status] ?? 0 }

    /// Tasks waiting for a worker.
    public var queueDepth: Int { count(.pending) }

    /// Seconds the oldest pending task has waited (0 when none waits).
    public var oldestPendingAgeSeconds: Double {
        guard let created = oldestPendingCreatedAt else { return 0 }
        return max(0, Double(now.microseconds - created.microseconds) / 1_000_000)
    }
}
