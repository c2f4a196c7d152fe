/// The fields of a task a list shows (Glance's `TaskStub`): no input, result, message or progress.
///
/// Lists read only these columns, so a page never decodes inputs or steps it does not show.
public struct TaskSummary: Sendable, Hashable {
    public var id: TaskID
    public var type: TaskType
    public var status: TaskStatus
    public var owner: String
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var expiresAt: Timestamp?

    public init(
        id: TaskID,
        type: TaskType,
        status: TaskStatus,
        owner: String,
        createdAt: Timestamp,
        updatedAt: Timestamp,
        expiresAt: Timestamp?
    ) {
        self.id = id
        self.type = type
        self.status = status
        self.owner = owner
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.expiresAt = expiresAt
    }
}

extension ImageTask {
    /// This task's list fields.
    public var summary: TaskSummary {
        TaskSummary(
            id: id,
            type: type,
            status: status,
            owner: owner,
            createdAt: createdAt,
            updatedAt: updatedAt,
            expiresAt: expiresAt
        )
    }
}
