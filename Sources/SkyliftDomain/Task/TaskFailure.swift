/// The structured error of a failed task (`error` on the wire, contract §10.1).
public struct TaskFailure: Sendable, Hashable, Codable {
    /// A stable classification such as `http_error` or `unsafe_image`.
    public var code: String
    /// A sentence the tenant can act on.
    public var message: String
    /// Whether submitting the same task again may succeed.
    public var retryable: Bool
    /// The step that failed; nil for a task that failed before any step ran.
    public var step: String?

    public init(code: String, message: String, retryable: Bool, step: String?) {
        self.code = code
        self.message = message
        self.retryable = retryable
        self.step = step
    }
}

extension TaskFailure {
    /// Canceled by `user` (§10.2); the step is the one that was running, filled in by `ImageTask.failed`.
    public static func canceled(by user: String) -> TaskFailure {
        TaskFailure(code: "canceled", message: "Canceled by user \(user)", retryable: false, step: nil)
    }
}
