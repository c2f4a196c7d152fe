import Foundation
import GRDB
import SkyliftDomain

extension SQLiteTaskStore: ImageStore {
    public func createImage(_ image: ImageRecord) async throws {
        try await writer.write { db in try Self.insert(image, into: db) }
    }

    /// Inserts an image record inside the caller's transaction.
    /// - Throws: `SkyliftError.imageExists` when an image with the same id exists.
    static func insert(_ image: ImageRecord, into db: Database) throws {
        let properties = String(decoding: try JSONEncoder().encode(image.properties), as: UTF8.self)
        let tags = String(decoding: try JSONEncoder().encode(image.tags), as: UTF8.self)
        do {
            try db.execute(
                sql: """
                    INSERT INTO images (id, name, status, disk_format, container_format, size, virtual_size,
                        checksum, os_hash_algo, os_hash_value, owner, properties, created_at, updated_at,
                        min_disk, min_ram, tags, os_hidden)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    image.id, image.name, image.status.rawValue, image.diskFormat, image.containerFormat,
                    image.size, image.virtualSize, image.checksum, image.osHashAlgo, image.osHashValue,
                    image.owner, properties, image.createdAt.microseconds, image.updatedAt.microseconds,
                    image.minDisk, image.minRam, tags, image.osHidden,
                ]
            )
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            throw SkyliftError.imageExists(image.id)
        }
    }

    public func image(id: String, visibility: Visibility) async throws -> ImageRecord? {
        try await writer.read { db in
            try SQLiteImageListQuery.visibleRow(db, id: id, columns: "*", visibility: visibility)
                .map(ImageRecord.init(sqliteRow:))
        }
    }

    public func deleteImage(id: String, visibility: Visibility) async throws -> ImageRecord? {
        try await writer.write { db in
            guard let row = try SQLiteImageListQuery.visibleRow(db, id: id, columns: "*", visibility: visibility)
            else { return nil }
            let image = try ImageRecord(sqliteRow: row)
            try db.execute(sql: "DELETE FROM images WHERE id = ?", arguments: [image.id])
            return image
        }
    }
}

extension ImageRecord {
    /// Reads an image record from a `SELECT * FROM images` row.
    init(sqliteRow row: Row) throws {
        let statusText: String = row["status"]
        guard let status = Status(rawValue: statusText) else {
            throw SkyliftError.unavailable("stored image has unknown status '\(statusText)'")
        }
        let properties: String = row["properties"]
        let tags: String = row["tags"]
        self.init(
            id: row["id"],
            name: row["name"],
            status: status,
            diskFormat: row["disk_format"],
            containerFormat: row["container_format"],
            size: row["size"],
            virtualSize: row["virtual_size"],
            checksum: row["checksum"],
            osHashAlgo: row["os_hash_algo"],
            osHashValue: row["os_hash_value"],
            owner: row["owner"],
            properties: try JSONDecoder().decode([String: String].self, from: Data(properties.utf8)),
            minDisk: row["min_disk"],
            minRam: row["min_ram"],
            tags: try JSONDecoder().decode([String].self, from: Data(tags.utf8)),
            osHidden: row["os_hidden"],
            createdAt: Timestamp(microseconds: row["created_at"]),
            updatedAt: Timestamp(microseconds: row["updated_at"])
        )
    }
}
