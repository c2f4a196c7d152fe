/// One step of a task's executor (`download`, `inspect`, `convert`, `store`) and how far it got.
public struct TaskStep: Sendable, Hashable, Codable {
    /// Where a step stands.
    public enum State: String, Sendable, Hashable, Codable {
        case pending, running, done, failed, skipped
    }

    /// The step's name.
    public var name: String
    /// Its state.
    public var state: State
    /// Bytes processed so far.
    public var bytesDone: Int64
    /// Bytes expected in all, when known.
    public var bytesTotal: Int64?
    /// When the step started.
    public var startedAt: Timestamp?
    /// When the step ended.
    public var finishedAt: Timestamp?

    /// How long the step ran, once it started and ended.
    public var elapsed: Duration? {
        guard let start = startedAt, let end = finishedAt else { return nil }
        return .microseconds(end.microseconds - start.microseconds)
    }

    public init(
        name: String,
        state: State = .pending,
        bytesDone: Int64 = 0,
        bytesTotal: Int64? = nil,
        startedAt: Timestamp? = nil,
        finishedAt: Timestamp? = nil
    ) {
        self.name = name
        self.state = state
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}
