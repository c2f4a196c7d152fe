/// Durable storage of tasks. Every read takes the caller's `Visibility`, so an unscoped read cannot happen by accident.
///
/// Implementations: `SQLiteTaskStore` (embedded, default) and, later, PostgreSQL; both pass one conformance suite.
public protocol TaskStore: Sendable {
    /// Stores a new task unless `options` say otherwise; it is durable when this returns.
    ///
    /// In one transaction: an idempotency key naming a live task of the same owner replays it (same body) or
    /// throws `SkyliftError.idempotencyMismatch` (another body); then an owner at `maxActiveTasks` throws
    /// `SkyliftError.quotaExceeded`; then the task is inserted.
    func create(_ task: ImageTask, options: CreateOptions) async throws -> CreateOutcome

    /// Cancels the visible task `id` for `user` (§10.2): a pending task fails at once with `canceled`, a
    /// processing one is flagged for its worker, a canceled one is left as it is.
    /// - Throws: `SkyliftError.notFound` when invisible or missing; `SkyliftError.conflict` naming the status
    ///   when the task already ended otherwise.
    func cancel(
        id: TaskID,
        visibility: Visibility,
        user: String,
        now: Timestamp,
        timeToLive: Double
    )
        async throws -> CancelOutcome

    /// Deletes up to `limit` tasks whose `expires_at` has passed at `now`, in one short transaction; returns
    /// how many (the expiry reaper calls it until a batch comes back short).
    func purgeExpired(now: Timestamp, limit: Int) async throws -> Int

    /// The task with `id` if it exists, is visible and has not expired at `now`.
    func task(id: TaskID, visibility: Visibility, now: Timestamp) async throws -> ImageTask?

    /// One page of tasks in the query's order, after its marker.
    /// - Throws: `SkyliftError.badRequest` when the marker is not a visible, unexpired task.
    func list(_ query: ListQuery, visibility: Visibility, now: Timestamp) async throws -> [TaskSummary]

    /// The visible, unexpired tasks that produced image `imageID` (`image_id`) or read it (a convert's source),
    /// oldest first (`created_at`, then `id`).
    func tasks(forImage imageID: String, visibility: Visibility, now: Timestamp) async throws -> [ImageTask]

    /// Saves a status change, guarded by the expected current status (compare-and-set).
    /// - Throws: `SkyliftError.invalidTransition` when the table forbids it, `SkyliftError.conflict` when the
    ///   stored status is no longer `from`, `SkyliftError.notFound` when the task is gone.
    func transition(
        id: TaskID,
        from: TaskStatus,
        to updated: ImageTask
    ) async throws -> ImageTask

    /// Answers when the database is reachable.
    func ping() async throws

    /// Unexpired tasks by status and the oldest pending task's creation time, at `now` (for `/metrics`).
    func statistics(now: Timestamp) async throws -> TaskStatistics

    /// Tells waiting requests (§10.3) about every change of a task this store's database sees.
    var changes: any TaskChangeFeed { get }
}

extension TaskStore {
    /// Stores a new task with no idempotency key and no quota.
    public func create(_ task: ImageTask) async throws {
        _ = try await create(task, options: CreateOptions(now: task.createdAt))
    }
}
