import Foundation
import GRDB
import SkyliftDomain

/// A task as the `tasks` table holds it, and the mapping both ways (Glance's `_format_task_from_db`/`_to_db`).
struct SQLiteTaskRow {
    let task: ImageTask

    init(_ task: ImageTask) { self.task = task }

    static let insertSQL = """
        INSERT INTO tasks (id, type, status, owner, input, result, message, image_id, source_image_id, user_id,
            request_id, created_at, updated_at, expires_at, progress, steps, warnings, error, version)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static let updateSQL = """
        UPDATE tasks SET status = ?, result = ?, message = ?, image_id = ?, updated_at = ?, expires_at = ?,
            progress = ?, steps = ?, warnings = ?, error = ?, version = version + 1
        WHERE id = ? AND status = ?
        """

    /// `updateSQL` that also requires the claim's fencing epoch (a worker's final save).
    static let fencedUpdateSQL = updateSQL + " AND lease_epoch = ?"

    var arguments: StatementArguments {
        [
            task.id.rawValue, task.type.rawValue, task.status.rawValue, task.owner, task.input.text,
            task.result?.text, task.message, task.imageID, task.sourceImageID, task.userID, task.requestID,
            task.createdAt.microseconds, task.updatedAt.microseconds, task.expiresAt?.microseconds ?? 0,
            task.progress, Self.encode(task.steps), Self.encode(task.warnings), task.failure.map(Self.encode),
            task.version,
        ]
    }

    func updateArguments(expectedStatus: TaskStatus) -> StatementArguments {
        [
            task.status.rawValue, task.result?.text, task.message, task.imageID, task.updatedAt.microseconds,
            task.expiresAt?.microseconds ?? 0, task.progress, Self.encode(task.steps), Self.encode(task.warnings),
            task.failure.map(Self.encode), task.id.rawValue, expectedStatus.rawValue,
        ]
    }

    static func encode(_ value: some Encodable) -> String {
        // Encoding these plain value types cannot fail; a failure would be a programming error.
        let data = (try? JSONEncoder.sorted.encode(value)) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

extension JSONEncoder {
    fileprivate static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }
}

extension ImageTask {
    /// Reads a task from a `SELECT * FROM tasks` row.
    init(sqliteRow row: Row) throws {
        let decoder = JSONDecoder()
        let expires: Int64 = row["expires_at"]
        let status = try TaskStatus(sqliteRow: row)
        let steps: String = row["steps"]
        let warnings: String = row["warnings"]
        let error: String? = row["error"]
        let result: String? = row["result"]
        self.init(
            id: TaskID(canonical: row["id"]),
            type: TaskType(rawValue: row["type"]),
            status: status,
            owner: row["owner"],
            input: RawJSON(row["input"]),
            result: result.map(RawJSON.init),
            message: row["message"],
            imageID: row["image_id"],
            sourceImageID: row["source_image_id"],
            userID: row["user_id"],
            requestID: row["request_id"],
            createdAt: Timestamp(microseconds: row["created_at"]),
            updatedAt: Timestamp(microseconds: row["updated_at"]),
            expiresAt: expires == 0 ? nil : Timestamp(microseconds: expires),
            progress: row["progress"],
            steps: try decoder.decode([TaskStep].self, from: Data(steps.utf8)),
            warnings: try decoder.decode([String].self, from: Data(warnings.utf8)),
            failure: try error.map { try decoder.decode(TaskFailure.self, from: Data($0.utf8)) },
            version: row["version"]
        )
    }
}

extension TaskSummary {
    /// Reads a list row (`SQLiteListQuery.summaryColumns`).
    init(sqliteRow row: Row) throws {
        let expires: Int64 = row["expires_at"]
        let status = try TaskStatus(sqliteRow: row)
        self.init(
            id: TaskID(canonical: row["id"]),
            type: TaskType(rawValue: row["type"]),
            status: status,
            owner: row["owner"],
            createdAt: Timestamp(microseconds: row["created_at"]),
            updatedAt: Timestamp(microseconds: row["updated_at"]),
            expiresAt: expires == 0 ? nil : Timestamp(microseconds: expires)
        )
    }
}

extension TaskStatus {
    /// The `status` column of a row; an unknown value is a storage fault, not a client error.
    init(sqliteRow row: Row) throws {
        try self.init(storedText: row["status"])
    }

    /// A stored status text; an unknown value is a storage fault, not a client error.
    init(storedText text: String) throws {
        guard let status = TaskStatus(rawValue: text) else {
            throw SkyliftError.unavailable("stored task has unknown status '\(text)'")
        }
        self = status
    }
}
