import GRDB
import SkyliftDomain

extension SQLiteTaskStore {
    public func tasks(forImage imageID: String, visibility: Visibility, now: Timestamp) async throws -> [ImageTask] {
        let sql = Self.tasksForImageSQL(imageID: imageID, visibility: visibility, now: now)
        return try await writer.read { db in
            try Row.fetchAll(db, sql: sql.text, arguments: sql.arguments).map(ImageTask.init(sqliteRow:))
        }
    }

    /// The query plan SQLite chooses for `tasks(forImage:visibility:now:)`, one line per step (for tests).
    public func explainTasks(forImage imageID: String, visibility: Visibility, now: Timestamp) throws -> [String] {
        let sql = Self.tasksForImageSQL(imageID: imageID, visibility: visibility, now: now)
        return try writer.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql.text, arguments: sql.arguments)
                .map { row in row["detail"] as String }
        }
    }

    /// Both partial indexes (`tasks_image`, `tasks_source_image`) answer the OR; expiry and visibility only filter
    /// the few rows they find (the unary `+` keeps SQLite from scanning the owner's tasks through an owner index).
    private static func tasksForImageSQL(
        imageID: String,
        visibility: Visibility,
        now: Timestamp
    ) -> (text: String, arguments: StatementArguments) {
        var text =
            "SELECT * FROM tasks WHERE (image_id = ? OR source_image_id = ?) "
            + "AND (+expires_at = 0 OR +expires_at > ?)"
        var arguments: StatementArguments = [imageID, imageID, now.microseconds]
        if case .owner(let project) = visibility {
            text += " AND +owner = ?"
            arguments += [project]
        }
        return (text + " ORDER BY created_at ASC, id ASC", arguments)
    }
}
