import Foundation
import PostgresNIO
import SkyliftDomain

/// Glance's image import on PostgreSQL (contract §16): the task and its image change in one transaction, the image
/// row locked (`FOR UPDATE`) so two imports into one image cannot both pass the checks.
extension PostgresTaskStore {
    public func startImport(
        _ task: ImageTask,
        visibility: Visibility,
        options: CreateOptions
    ) async throws -> CreateOutcome {
        guard let imageID = task.imageID else { throw SkyliftError.imageNotFound("") }
        return try await transaction { connection in
            if let replayed = try await lockOwnerAndReplay(task, options: options, on: connection) {
                return .replayed(replayed)
            }
            var query = Self.visibleImage(imageID, visibility: visibility)
            query.sql += " FOR UPDATE"
            guard let image = try await Self.rows(query, on: connection, logger: logger, PostgresRows.image).first
            else { throw SkyliftError.imageNotFound(imageID) }
            try image.checkImportable()
            try await insertNew(task, options: options, on: connection)
            try await update(image.importing(taskID: task.id.rawValue, at: options.now), on: connection)
            return .created(task)
        }
    }

    /// Applies the end of an `api_image_import` task to its image, inside the caller's transaction: `active` with
    /// the `published` data, or `queued` again (contract §16). Other task types are left alone.
    /// - Throws: `SkyliftError.imageNotFound` when data was published for an image that is gone (deleted while
    ///   importing): the transaction is rolled back and the worker removes the file.
    func endImport(
        of task: ImageTask,
        published: ImageRecord?,
        now: Timestamp,
        on connection: PostgresConnection
    ) async throws {
        guard task.type == .apiImageImport, let imageID = task.imageID else { return }
        var query = Self.visibleImage(imageID, visibility: .all)
        query.sql += " FOR UPDATE"
        guard let image = try await Self.rows(query, on: connection, logger: logger, PostgresRows.image).first else {
            if published != nil { throw SkyliftError.imageNotFound(imageID) }
            return
        }
        guard let ended = image.importEnded(taskID: task.id.rawValue, published: published, at: now) else { return }
        try await update(ended, on: connection)
    }

    /// Writes the fields an import changes.
    private func update(_ image: ImageRecord, on connection: PostgresConnection) async throws {
        let properties = String(decoding: try JSONEncoder().encode(image.properties), as: UTF8.self)
        _ = try await connection.query(
            """
            UPDATE images SET status = \(image.status.rawValue), size = \(image.size),
                virtual_size = \(image.virtualSize), checksum = \(image.checksum), os_hash_algo = \(image.osHashAlgo),
                os_hash_value = \(image.osHashValue), properties = \(properties),
                updated_at = \(image.updatedAt.microseconds)
            WHERE id = \(image.id)
            """,
            logger: logger
        )
    }
}
