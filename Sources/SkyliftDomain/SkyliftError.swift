/// The errors the domain and its ports report; the API maps each case to one HTTP status, in one table.
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
    /// A project is at its quota of active tasks (§10.5).
    case quotaExceeded(String)
    /// An `Idempotency-Key` was reused with a different request body (§10.4).
    case idempotencyMismatch(String)
}

extension SkyliftError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .notFound(let message), .forbidden(let message), .badRequest(let message), .conflict(let message),
            .unavailable(let message), .quotaExceeded(let message), .idempotencyMismatch(let message):
            message
        case .invalidTransition(let from, let to):
            "Status transition from \(from.rawValue) to \(to.rawValue) is not allowed"
        }
    }
}
