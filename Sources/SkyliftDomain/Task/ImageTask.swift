/// A unit of asynchronous work owned by one project. Never called `Task`, which would hide Swift's own.
public struct ImageTask: Sendable, Hashable {
    /// The task's identifier.
    public var id: TaskID
    /// Which executor runs it.
    public var type: TaskType
    /// Where it stands in Glance's state machine.
    public var status: TaskStatus
    /// The owning project; always the creator's project, never taken from a body.
    public var owner: String
    /// The input exactly as submitted.
    public var input: RawJSON
    /// The executor's result; nil until success.
    public var result: RawJSON?
    /// Something to say, usually why it failed; `""` otherwise, never nil.
    public var message: String
    /// The image the task produced or uses.
    public var imageID: String?
    /// The image a `convert` task reads from (`input.image_id`, canonical lower-case); nil for other types.
    public var sourceImageID: String?
    /// The user who created it.
    public var userID: String?
    /// The request id of the create request.
    public var requestID: String?
    /// When it was created.
    public var createdAt: Timestamp
    /// When it last changed.
    public var updatedAt: Timestamp
    /// When it disappears; set on entering a final status.
    public var expiresAt: Timestamp?
    /// 0–100, never decreasing, 100 only on success.
    public var progress: Int
    /// The executor's steps, in order.
    public var steps: [TaskStep]
    /// Things the tenant should know that did not stop the task.
    public var warnings: [String]
    /// Why it failed, when it did.
    public var failure: TaskFailure?
    /// A counter that moves on every saved change (the ETag).
    public var version: Int64

    public init(
        id: TaskID,
        type: TaskType,
        status: TaskStatus,
        owner: String,
        input: RawJSON,
        result: RawJSON? = nil,
        message: String = "",
        imageID: String? = nil,
        sourceImageID: String? = nil,
        userID: String? = nil,
        requestID: String? = nil,
        createdAt: Timestamp,
        updatedAt: Timestamp,
        expiresAt: Timestamp? = nil,
        progress: Int = 0,
        steps: [TaskStep] = [],
        warnings: [String] = [],
        failure: TaskFailure? = nil,
        version: Int64 = 1
    ) {
        self.id = id
        self.type = type
        self.status = status
        self.owner = owner
        self.input = input
        self.result = result
        self.message = message
        self.imageID = imageID
        self.sourceImageID = sourceImageID
        self.userID = userID
        self.requestID = requestID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.expiresAt = expiresAt
        self.progress = progress
        self.steps = steps
        self.warnings = warnings
        self.failure = failure
        self.version = version
    }
}
