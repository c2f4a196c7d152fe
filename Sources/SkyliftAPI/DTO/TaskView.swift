import JSONSchema
import SkyliftDomain

/// The wire forms of a task: the full view (create, show) and the list stub, in Glance's key order.
enum TaskView {
    /// The full view: Glance's fields, the optional ones only when set, then Skylift's extensions (§4.3, §10.1).
    static func full(_ task: ImageTask) -> JSONValue {
        var object = JSONObject()
        object["id"] = .string(task.id.rawValue)
        object["input"] = parse(task.input) ?? .null
        object["type"] = .string(task.type.rawValue)
        object["status"] = .string(task.status.rawValue)
        object["owner"] = .string(task.owner)
        object["message"] = .string(task.message)
        object["result"] = task.result.flatMap(parse) ?? .null
        object["created_at"] = .string(task.createdAt.glanceString)
        object["updated_at"] = .string(task.updatedAt.glanceString)
        object["self"] = .string("/v2/tasks/\(task.id.rawValue)")
        object["schema"] = "/v2/schemas/task"
        if let imageID = task.imageID, !imageID.isEmpty { object["image_id"] = .string(imageID) }
        if let requestID = task.requestID, !requestID.isEmpty { object["request_id"] = .string(requestID) }
        if let userID = task.userID, !userID.isEmpty { object["user_id"] = .string(userID) }
        if let expiresAt = task.expiresAt { object["expires_at"] = .string(expiresAt.glanceString) }
        object["progress"] = .integer(Int64(task.progress))
        object["steps"] = .array(task.steps.map(step))
        object["warnings"] = .array(task.warnings.map { .string($0) })
        if let failure = task.failure {
            object["error"] = [
                "code": .string(failure.code), "message": .string(failure.message),
                "retryable": .bool(failure.retryable), "step": failure.step.map { .string($0) } ?? .null,
            ]
        }
        return .object(object)
    }

    /// The list stub: exactly `id, type, status, owner, created_at, updated_at, self, schema`, plus `expires_at`.
    static func stub(_ task: TaskSummary) -> JSONValue {
        var object = JSONObject()
        object["id"] = .string(task.id.rawValue)
        object["type"] = .string(task.type.rawValue)
        object["status"] = .string(task.status.rawValue)
        object["owner"] = .string(task.owner)
        if let expiresAt = task.expiresAt { object["expires_at"] = .string(expiresAt.glanceString) }
        object["created_at"] = .string(task.createdAt.glanceString)
        object["updated_at"] = .string(task.updatedAt.glanceString)
        object["self"] = .string("/v2/tasks/\(task.id.rawValue)")
        object["schema"] = "/v2/schemas/task"
        return .object(object)
    }

    private static func step(_ step: TaskStep) -> JSONValue {
        [
            "name": .string(step.name), "state": .string(step.state.rawValue),
            "bytes_done": .integer(step.bytesDone), "bytes_total": step.bytesTotal.map { .integer($0) } ?? .null,
            "started_at": step.startedAt.map { .string($0.glanceString) } ?? .null,
            "finished_at": step.finishedAt.map { .string($0.glanceString) } ?? .null,
        ]
    }

    private static func parse(_ raw: RawJSON) -> JSONValue? {
        try? JSONParser.parse(Array(raw.text.utf8))
    }
}
