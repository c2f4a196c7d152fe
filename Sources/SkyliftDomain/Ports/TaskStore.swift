/// Durable storage of tasks. Every read takes the caller's `Visibility`, so an unscoped read cannot happen by accident.
///
/// Implementations: `SQLiteTaskStore` (embedded, default) and, later, PostgreSQL; both pass one conformance suite.
public protocol TaskStore: Sendable {
    /// Stores a new task; it is durable when this returns.
    func create(_ task: ImageTask) async throws

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
}
