import Foundation
import GRDB
import SkyliftDomain

/// Glance's image import on SQLite (contract §16): the task and its image change in one transaction.
extension SQLiteTaskStore {
    public func startImport(
        _ task: ImageTask,
        visibility: Visibility,
        options: CreateOptions
    ) async throws -> CreateOutcome {
        guard let imageID = task.imageID else { throw SkyliftError.imageNotFound("") }
        let row = SQLiteTaskRow(task)
        let outcome = try await writer.write { db -> CreateOutcome in
            if let idempotency = options.idempotency,
                let replayed = try Self.replay(idempotency, owner: task.owner, now: options.now, db: db)
            {
                return .replayed(replayed)
            }
            guard
                let imageRow = try SQLiteImageListQuery.visibleRow(
                    db,
                    id: imageID,
                    columns: "*",
                    visibility: visibility
                )
            else { throw SkyliftError.imageNotFound(imageID) }
            let image = try ImageRecord(sqliteRow: imageRow)
            try image.checkImportable()
            try Self.insert(task, row: row, options: options, db: db)
            try Self.update(image.importing(taskID: task.id.rawValue, at: options.now), db: db)
            return .created(task)
        }
        if case .created = outcome { localChanges.notify(task.id) }
        return outcome
    }

    /// Applies the end of an `api_image_import` task to its image, inside the caller's transaction: `active` with
    /// the `published` data, or `queued` again (contract §16). Other task types are left alone.
    /// - Throws: `SkyliftError.imageNotFound` when data was published for an image that is gone (deleted while
    ///   importing): the transaction is rolled back and the worker removes the file.
    static func endImport(of task: ImageTask, published: ImageRecord?, now: Timestamp, db: Database) throws {
        guard task.type == .apiImageImport, let imageID = task.imageID else { return }
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM images WHERE id = ?", arguments: [imageID]) else {
            if published != nil { throw SkyliftError.imageNotFound(imageID) }
            return
        }
        let image = try ImageRecord(sqliteRow: row)
        guard let ended = image.importEnded(taskID: task.id.rawValue, published: published, at: now) else { return }
        try update(ended, db: db)
    }

    /// Writes the fields an import changes.
    static func update(_ image: ImageRecord, db: Database) throws {
        let properties = String(decoding: try JSONEncoder().encode(image.properties), as: UTF8.self)
        try db.execute(
            sql: """
                UPDATE images SET status = ?, size = ?, virtual_size = ?, checksum = ?, os_hash_algo = ?,
                    os_hash_value = ?, properties = ?, updated_at = ?
                WHERE id = ?
                """,
            arguments: [
                image.status.rawValue, image.size, image.virtualSize, image.checksum, image.osHashAlgo,
                image.osHashValue, properties, image.updatedAt.microseconds, image.id,
            ]
        )
    }
}
