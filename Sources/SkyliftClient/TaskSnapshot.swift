/// The fields of a task view (§4.3, §10.1) the client shows; list stubs leave the optional ones unset.
public struct TaskSnapshot: Decodable, Sendable, Equatable {
    public var id: String
    public var type: String
    public var status: String
    public var owner: String?
    public var message: String?
    public var progress: Int?
    public var steps: [Step]?
    public var error: Failure?
    public var result: Result?
    public var imageID: String?
    public var createdAt: String?
    public var updatedAt: String?
    public var expiresAt: String?

    /// A task with the fields given (for tests and previews; the client decodes the server's views).
    public init(
        id: String,
        type: String,
        status: String,
        owner: String? = nil,
        message: String? = nil,
        progress: Int? = nil,
        steps: [Step]? = nil,
        error: Failure? = nil
    ) {
        self.id = id
        self.type = type
        self.status = status
        self.owner = owner
        self.message = message
        self.progress = progress
        self.steps = steps
        self.error = error
    }

    /// One step of the task (`download`, `inspect`, `convert`, `store`).
    public struct Step: Decodable, Sendable, Equatable {
        public var name: String
        public var state: String
        public var bytesDone: Int64?
        public var bytesTotal: Int64?

        public init(name: String, state: String, bytesDone: Int64?, bytesTotal: Int64?) {
            self.name = name
            self.state = state
            self.bytesDone = bytesDone
            self.bytesTotal = bytesTotal
        }

        enum CodingKeys: String, CodingKey {
            case name, state
            case bytesDone = "bytes_done"
            case bytesTotal = "bytes_total"
        }
    }

    /// The structured error of a failed task.
    public struct Failure: Decodable, Sendable, Equatable {
        public var code: String
        public var message: String
        public var step: String?
    }

    /// The part of a success's result the client shows.
    public struct Result: Decodable, Sendable, Equatable {
        public var imageID: String?

        enum CodingKeys: String, CodingKey {
            case imageID = "image_id"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, type, status, owner, message, progress, steps, error, result
        case imageID = "image_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case expiresAt = "expires_at"
    }

    /// `success` or `failure`: nothing changes any more.
    public var isFinal: Bool { status == "success" || status == "failure" }

    /// The step being worked on: the running one, else the last one done, else nil (nothing started).
    public var currentStep: Step? {
        if let running = steps?.first(where: { $0.state == "running" }) { return running }
        return steps?.last { $0.state == "done" || $0.state == "failed" }
    }

    /// `error.code: message` of a failed task, or its `message` when it has no structured error.
    public var failureLine: String {
        if let error { return "\(error.code): \(error.message)" }
        return message.flatMap { $0.isEmpty ? nil : $0 } ?? "task ended with status \(status)"
    }
}
