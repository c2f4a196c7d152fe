import Foundation
import PostgresNIO
import SkyliftDomain

extension PostgresTaskStore: ImageStore {
    public func createImage(_ image: ImageRecord) async throws {
        try await transaction { connection in try await Self.insert(image, on: connection, logger: logger) }
    }

    /// Inserts an image record inside the caller's transaction.
    /// - Throws: `SkyliftError.imageExists` when an image with the same id exists.
    static func insert(_ image: ImageRecord, on connection: PostgresConnection, logger: Logger) async throws {
        let properties = String(decoding: try JSONEncoder().encode(image.properties), as: UTF8.self)
        let tags = String(decoding: try JSONEncoder().encode(image.tags), as: UTF8.self)
        do {
            _ = try await connection.query(
                """
                INSERT INTO images (id, name, status, disk_format, container_format, size, virtual_size,
                    checksum, os_hash_algo, os_hash_value, owner, properties, created_at, updated_at,
                    min_disk, min_ram, tags, os_hidden)
                VALUES (\(image.id), \(image.name), \(image.status.rawValue), \(image.diskFormat),
                    \(image.containerFormat), \(image.size), \(image.virtualSize), \(image.checksum),
                    \(image.osHashAlgo), \(image.osHashValue), \(image.owner), \(properties),
                    \(image.createdAt.microseconds), \(image.updatedAt.microseconds), \(image.minDisk),
                    \(image.minRam), \(tags), \(image.osHidden))
                """,
                logger: logger
            )
        } catch let error as PSQLError where error.isUniqueViolation {
            throw SkyliftError.imageExists(image.id)
        }
    }

    public func image(id: String, visibility: Visibility) async throws -> ImageRecord? {
        try await client.withConnection { connection in
            try await Self.rows(Self.visibleImage(id, visibility: visibility), on: connection, logger: logger) {
                try PostgresRows.image(from: $0)
            }.first
        }
    }

    public func images(_ query: ImageListQuery, visibility: Visibility) async throws -> [ImageRecord] {
        try await client.withConnection { connection in
            var marker: (createdAt: Int64, id: String)?
            if let id = query.marker {
                guard
                    let found = try await Self.rows(
                        Self.visibleImage(id, visibility: visibility),
                        on: connection,
                        logger: logger,
                        PostgresRows.image
                    ).first
                else { throw SkyliftError.imageMarkerNotFound(id) }
                marker = (found.createdAt.microseconds, found.id)
            }
            return try await Self.rows(
                PostgresListQuery.images(query, visibility: visibility, marker: marker),
                on: connection,
                logger: logger,
                PostgresRows.image
            )
        }
    }

    public func deleteImage(id: String, visibility: Visibility) async throws -> ImageRecord? {
        try await transaction { connection in
            var query = Self.visibleImage(id, visibility: visibility)
            query = PostgresQuery(unsafeSQL: query.sql + " FOR UPDATE", binds: query.binds)
            guard let image = try await Self.rows(query, on: connection, logger: logger, PostgresRows.image).first
            else { return nil }
            _ = try await connection.query("DELETE FROM images WHERE id = \(image.id)", logger: logger)
            return image
        }
    }

    /// The image `id` if it is visible.
    static func visibleImage(_ id: String, visibility: Visibility) -> PostgresQuery {
        switch visibility {
        case .all:
            PostgresQuery(
                unsafeSQL: "SELECT \(PostgresRows.imageColumns) FROM images WHERE id = $1",
                binds: binds(id)
            )
        case .owner(let project):
            PostgresQuery(
                unsafeSQL: "SELECT \(PostgresRows.imageColumns) FROM images WHERE id = $1 AND owner = $2",
                binds: binds(id, project)
            )
        }
    }
}
