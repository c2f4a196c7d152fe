import Foundation
import PostgresNIO
import SkyliftDomain

/// The mapping between domain values and rows of the PostgreSQL tables (the columns match the SQLite store's).
enum PostgresRows {
    /// Every column of `tasks` a full task read needs, in the order `task(from:)` reads them.
    static let taskColumns = """
        id, type, status, owner, input, result, message, image_id, source_image_id, user_id, request_id, \
        created_at, updated_at, expires_at, progress, steps, warnings, error, version
        """

    /// The columns a list page reads (`TaskSummary`).
    static let summaryColumns = "id, type, status, owner, created_at, updated_at, expires_at"

    /// The columns of `images`, in the order `image(from:)` reads them.
    static let imageColumns = """
        id, name, status, disk_format, container_format, size, virtual_size, checksum, os_hash_algo, \
        os_hash_value, owner, properties, created_at, updated_at, min_disk, min_ram, tags, os_hidden
        """

    /// A task from a row of `taskColumns`.
    static func task(from row: PostgresRow) throws -> ImageTask {
        let cells = row.makeRandomAccess()
        let decoder = JSONDecoder()
        let expires = try cells["expires_at"].decode(Int64.self)
        let result = try cells["result"].decode(String?.self)
        let error = try cells["error"].decode(String?.self)
        return ImageTask(
            id: TaskID(canonical: try cells["id"].decode(String.self)),
            type: TaskType(rawValue: try cells["type"].decode(String.self)),
            status: try status(try cells["status"].decode(String.self)),
            owner: try cells["owner"].decode(String.self),
            input: RawJSON(try cells["input"].decode(String.self)),
            result: result.map(RawJSON.init),
            message: try cells["message"].decode(String.self),
            imageID: try cells["image_id"].decode(String?.self),
            sourceImageID: try cells["source_image_id"].decode(String?.self),
            userID: try cells["user_id"].decode(String?.self),
            requestID: try cells["request_id"].decode(String?.self),
            createdAt: Timestamp(microseconds: try cells["created_at"].decode(Int64.self)),
            updatedAt: Timestamp(microseconds: try cells["updated_at"].decode(Int64.self)),
            expiresAt: expires == 0 ? nil : Timestamp(microseconds: expires),
            progress: Int(try cells["progress"].decode(Int64.self)),
            steps: try decoder.decode([TaskStep].self, from: Data(try cells["steps"].decode(String.self).utf8)),
            warnings: try decoder.decode([String].self, from: Data(try cells["warnings"].decode(String.self).utf8)),
            failure: try error.map { try decoder.decode(TaskFailure.self, from: Data($0.utf8)) },
            version: try cells["version"].decode(Int64.self)
        )
    }

    /// A list row from a row of `summaryColumns`.
    static func summary(from row: PostgresRow) throws -> TaskSummary {
        let cells = row.makeRandomAccess()
        let expires = try cells["expires_at"].decode(Int64.self)
        return TaskSummary(
            id: TaskID(canonical: try cells["id"].decode(String.self)),
            type: TaskType(rawValue: try cells["type"].decode(String.self)),
            status: try status(try cells["status"].decode(String.self)),
            owner: try cells["owner"].decode(String.self),
            createdAt: Timestamp(microseconds: try cells["created_at"].decode(Int64.self)),
            updatedAt: Timestamp(microseconds: try cells["updated_at"].decode(Int64.self)),
            expiresAt: expires == 0 ? nil : Timestamp(microseconds: expires)
        )
    }

    /// An image record from a row of `imageColumns`.
    static func image(from row: PostgresRow) throws -> ImageRecord {
        let cells = row.makeRandomAccess()
        let statusText = try cells["status"].decode(String.self)
        guard let status = ImageRecord.Status(rawValue: statusText) else {
            throw SkyliftError.unavailable("stored image has unknown status '\(statusText)'")
        }
        let properties = try cells["properties"].decode(String.self)
        return ImageRecord(
            id: try cells["id"].decode(String.self),
            name: try cells["name"].decode(String?.self),
            status: status,
            diskFormat: try cells["disk_format"].decode(String?.self),
            containerFormat: try cells["container_format"].decode(String?.self),
            size: try cells["size"].decode(Int64?.self),
            virtualSize: try cells["virtual_size"].decode(Int64?.self),
            checksum: try cells["checksum"].decode(String?.self),
            osHashAlgo: try cells["os_hash_algo"].decode(String?.self),
            osHashValue: try cells["os_hash_value"].decode(String?.self),
            owner: try cells["owner"].decode(String.self),
            properties: try JSONDecoder().decode([String: String].self, from: Data(properties.utf8)),
            minDisk: try cells["min_disk"].decode(Int64.self),
            minRam: try cells["min_ram"].decode(Int64.self),
            tags: try JSONDecoder().decode([String].self, from: Data(try cells["tags"].decode(String.self).utf8)),
            osHidden: try cells["os_hidden"].decode(Bool.self),
            createdAt: Timestamp(microseconds: try cells["created_at"].decode(Int64.self)),
            updatedAt: Timestamp(microseconds: try cells["updated_at"].decode(Int64.self))
        )
    }

    /// A stored status text; an unknown value is a storage fault, not a client error.
    static func status(_ text: String) throws -> TaskStatus {
        guard let status = TaskStatus(rawValue: text) else {
            throw SkyliftError.unavailable("stored task has unknown status '\(text)'")
        }
        return status
    }

    /// JSON text with sorted keys, as both stores write it.
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Encoding these plain value types cannot fail; a failure would be a programming error.
        let data = (try? encoder.encode(value)) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// `INSERT INTO tasks` of every column of `task`.
    static func insert(_ task: ImageTask) -> PostgresQuery {
        """
        INSERT INTO tasks (id, type, status, owner, input, result, message, image_id, source_image_id, user_id,
            request_id, created_at, updated_at, expires_at, progress, steps, warnings, error, version)
        VALUES (\(task.id.rawValue), \(task.type.rawValue), \(task.status.rawValue), \(task.owner),
            \(task.input.text), \(task.result?.text), \(task.message), \(task.imageID), \(task.sourceImageID),
            \(task.userID), \(task.requestID), \(task.createdAt.microseconds), \(task.updatedAt.microseconds),
            \(task.expiresAt?.microseconds ?? 0), \(Int64(task.progress)), \(encode(task.steps)),
            \(encode(task.warnings)), \(task.failure.map(encode)), \(task.version))
        """
    }

    /// The update of a task's mutable columns, guarded by its expected status (and a claim's epoch when given);
    /// returns the id when a row changed.
    static func update(_ task: ImageTask, expectedStatus: TaskStatus, epoch: Int64? = nil) -> PostgresQuery {
        var query: PostgresQuery = """
            UPDATE tasks SET status = \(task.status.rawValue), result = \(task.result?.text),
                message = \(task.message), image_id = \(task.imageID), updated_at = \(task.updatedAt.microseconds),
                expires_at = \(task.expiresAt?.microseconds ?? 0), progress = \(Int64(task.progress)),
                steps = \(encode(task.steps)), warnings = \(encode(task.warnings)),
                error = \(task.failure.map(encode)), version = version + 1
            WHERE id = \(task.id.rawValue) AND status = \(expectedStatus.rawValue)
            """
        if let epoch {
            query = PostgresQuery(
                unsafeSQL: query.sql + " AND lease_epoch = $\(query.binds.count + 1)",
                binds: {
                    var binds = query.binds
                    binds.append(epoch)
                    return binds
                }()
            )
        }
        return PostgresQuery(unsafeSQL: query.sql + " RETURNING id", binds: query.binds)
    }
}
