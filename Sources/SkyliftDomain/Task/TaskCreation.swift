/// What a create must respect besides storing the task: an idempotency key and the project's quota (§10.4,
/// §10.5). The store checks both in the transaction that inserts, so concurrent creates cannot slip past them.
public struct CreateOptions: Sendable, Hashable {
    /// A client's `Idempotency-Key` and the canonical text of the request body it came with.
    public struct Idempotency: Sendable, Hashable {
        public var key: String
        /// The body as one JSON value (keys sorted, no whitespace): a replay must carry the same value.
        public var body: String

        public init(key: String, body: String) {
            self.key = key
            self.body = body
        }
    }

    public var idempotency: Idempotency?
    /// The most pending and processing tasks the owner may have; nil for no limit.
    public var maxActiveTasks: Int?
    /// Now, for telling an expired task (whose key is free again) from a live one.
    public var now: Timestamp

    public init(idempotency: Idempotency? = nil, maxActiveTasks: Int? = nil, now: Timestamp) {
        self.idempotency = idempotency
        self.maxActiveTasks = maxActiveTasks
        self.now = now
    }
}

/// How a create ended.
public enum CreateOutcome: Sendable, Hashable {
    /// The task was stored.
    case created(ImageTask)
    /// The idempotency key named a live task created from the same body: that task, nothing stored.
    case replayed(ImageTask)
}

/// How a cancel request ended (§10.2).
public enum CancelOutcome: Sendable, Hashable {
    /// A pending task failed at once with `canceled`.
    case canceled(ImageTask)
    /// A processing task was asked to stop; its worker ends it with `canceled`.
    case requested(ImageTask)
    /// The task had already been canceled (or asked to stop): nothing changed.
    case alreadyCanceled(ImageTask)
}

/// What a worker learns when it saves progress or renews its lease.
public enum LeaseState: Sendable, Hashable {
    /// The lease holds; carry on.
    case held
    /// Another worker owns the task now (or it ended): stop without writing.
    case lost
    /// A user asked to cancel the task: stop, clean up, and save it as canceled by that user.
    case cancelRequested(by: String)
}
