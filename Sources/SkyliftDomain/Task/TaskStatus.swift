/// The four statuses of a task, with Glance's transition table.
public enum TaskStatus: String, Sendable, CaseIterable, Codable {
    case pending
    case processing
    case success
    case failure

    /// The statuses each status may move to (Glance's `_validate_task_status_transition`).
    private static let transitions: [TaskStatus: Set<TaskStatus>] = [
        .pending: [.processing, .failure],
        .processing: [.success, .failure],
        .success: [],
        .failure: [],
    ]

    /// Whether a task in this status may move to `next`.
    public func canTransition(to next: TaskStatus) -> Bool {
        Self.transitions[self, default: []].contains(next)
    }

    /// Checks a transition against the table.
    /// - Throws: `SkyliftError.invalidTransition` when the table does not allow it.
    public func transition(to next: TaskStatus) throws(SkyliftError) -> TaskStatus {
        guard canTransition(to: next) else { throw .invalidTransition(from: self, to: next) }
        return next
    }

    /// Whether no further transition is possible.
    public var isFinal: Bool { self == .success || self == .failure }
}
