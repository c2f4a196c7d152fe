/// Tasks as tables: one task's fields, or a list of tasks one per row.
public enum TaskTables {
    /// `FIELD VALUE` rows of one task, each step on its own row (`step download  done, 4.00 MiB of 4.00 MiB`).
    public static func detail(_ task: TaskSnapshot) -> Table {
        var fields: [(String, String?)] = [
            ("id", task.id), ("type", task.type), ("status", task.status), ("owner", task.owner),
            ("progress", task.progress.map { "\($0)%" }),
            ("message", task.message.flatMap { $0.isEmpty ? nil : $0 }),
            ("image_id", task.result?.imageID ?? task.imageID),
            ("error", task.error.map { "\($0.code): \($0.message)" }),
        ]
        for step in task.steps ?? [] {
            let change = ProgressDisplay.stepChange(step)
            fields.append(("step \(step.name)", String(change.dropFirst(step.name.count + 2))))
        }
        fields += [("created_at", task.createdAt), ("updated_at", task.updatedAt), ("expires_at", task.expiresAt)]
        return Table(fields: fields)
    }

    /// `ID TYPE STATUS OWNER CREATED_AT UPDATED_AT`, one row per task.
    public static func list(_ tasks: [TaskSnapshot]) -> Table {
        Table(
            header: ["ID", "TYPE", "STATUS", "OWNER", "CREATED_AT", "UPDATED_AT"],
            rows: tasks.map { [$0.id, $0.type, $0.status, $0.owner ?? "", $0.createdAt ?? "", $0.updatedAt ?? ""] }
        )
    }
}
