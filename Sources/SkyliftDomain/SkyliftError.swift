/// The errors the domain and its ports report; the API maps each case to one HTTP status and, for the cases that
/// carry values, writes the message (message texts belong to the API, so every store reports the same thing).
public enum SkyliftError: Error, Sendable, Equatable {
    /// The resource does not exist or the caller may not see it (the two are indistinguishable).
    case notFound(String)
    /// A policy rule denied an action that is checked without a target.
    case forbidden(String)
    /// A request was malformed or asked for something impossible; the text says what.
    case badRequest(String)
    /// A task status change the transition table does not allow.
    case invalidTransition(from: TaskStatus, to: TaskStatus)
    /// The write lost a race: the stored state was not the expected one.
    case conflict(String)
    /// A backing service (the database) did not answer.
    case unavailable(String)
    /// The task does not exist, has expired, or the caller may not see it.
    case taskNotFound(TaskID)
    /// A list's `marker` is not a visible, unexpired task (Glance answers 400).
    case taskMarkerNotFound(TaskID)
    /// An image list's `marker` is not a visible image (Glance answers 400).
    case imageMarkerNotFound(String)
    /// A compare-and-set status change found another status stored.
    case statusChanged(TaskID, stored: TaskStatus, expected: TaskStatus)
    /// A cancel reached a task that already ended other than canceled (§10.2).
    case taskAlreadyEnded(TaskID, status: TaskStatus)
    /// An image record with this id exists already.
    case imageExists(String)
    /// The image does not exist (any more), or the caller cannot see it.
    case imageNotFound(String)
    /// §16 check 4: an import needs the image's `disk_format` or `container_format` set first.
    case imageFormatUnset(field: String)
    /// §16 check 5: only a `queued` image can be imported into.
    case imageNotImportable(String, status: ImageRecord.Status)
    /// §16 check 6: an import task of the image is pending or processing.
    case imageHasActiveTask(String, task: String)
    /// The project is at its quota of active tasks (§10.5): it has `active`, the limit is `limit`.
    case quotaExceeded(project: String, active: Int, limit: Int)
    /// An `Idempotency-Key` was reused with a different request body (§10.4); `taskID` is the key's task.
    case idempotencyMismatch(key: String, taskID: TaskID)
}

extension SkyliftError: CustomStringConvertible {
    /// The text for cases that carry one, and a plain account of the others (for logs).
    public var description: String {
        switch self {
        case .notFound(let message), .forbidden(let message), .badRequest(let message), .conflict(let message),
            .unavailable(let message):
            message
        case .invalidTransition(let from, let to):
            "Status transition from \(from.rawValue) to \(to.rawValue) is not allowed"
        case .taskNotFound(let id): "task \(id.rawValue) not found"
        case .taskMarkerNotFound(let id): "list marker task \(id.rawValue) not found"
        case .imageMarkerNotFound(let id): "list marker image \(id) not found"
        case .statusChanged(let id, let stored, let expected):
            "task \(id.rawValue) is \(stored.rawValue), expected \(expected.rawValue)"
        case .taskAlreadyEnded(let id, let status): "task \(id.rawValue) already ended \(status.rawValue)"
        case .imageExists(let id): "image \(id) exists"
        case .imageNotFound(let id): "image \(id) not found"
        case .imageFormatUnset(let field): "image \(field) unset"
        case .imageNotImportable(let id, let status): "image \(id) is \(status.rawValue), not queued"
        case .imageHasActiveTask(let id, let task): "image \(id) is locked by import task \(task)"
        case .quotaExceeded(let project, let active, let limit):
            "project \(project) has \(active) active tasks, quota \(limit)"
        case .idempotencyMismatch(let key, let id): "idempotency key \(key) names task \(id.rawValue), other body"
        }
    }
}
