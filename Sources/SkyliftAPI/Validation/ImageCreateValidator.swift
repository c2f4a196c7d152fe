import HTTPTypes
import JSONSchema
import SkyliftDomain

/// Checks a `POST /v2/images` body (contract §16) in Glance's order — read-only keys first (403), then the served
/// image schema (400) — and Skylift's own limits, and turns it into a queued image record.
struct ImageCreateValidator: Sendable {
    /// Keys a tenant may never set: the image's own state, the links, and Glance's `os_glance_*` bookkeeping.
    static let readOnlyKeys: Set<String> = [
        "status", "owner", "size", "virtual_size", "checksum", "os_hash_algo", "os_hash_value", "created_at",
        "updated_at", "self", "file", "schema", "stores", "locations", "direct_url",
    ]
    /// The longest custom property key, as in Glance's database.
    static let maxKeyLength = 255

    let schemas: SchemaCatalog
    let maxStringLength: Int

    /// The image `body` asks for, owned by `owner`, created `now`.
    /// - Throws: `APIError` 403 for a read-only key, 400 saying what else is wrong.
    func validate(_ body: JSONObject, owner: String, now: Timestamp) throws -> ImageRecord {
        for key in body.keys where Self.readOnlyKeys.contains(key) || key.hasPrefix("os_glance_") {
            throw APIError(.forbidden, "Attribute '\(key)' is read-only.")
        }
        let document = JSONValue.object(body)
        try StringLimits(maxLength: maxStringLength, exemptPointers: []).check(document)
        if let error = schemas.image.validate(document).first {
            throw APIError.badRequest("Provided object does not match schema 'image': \(error.line())")
        }
        if case .string(let visibility)? = body["visibility"], visibility != "private" {
            throw APIError.badRequest(
                "Visibility '\(visibility)' is not offered: images here are private to their project"
            )
        }
        if case .bool(true)? = body["protected"] {
            throw APIError.badRequest("Protected images are not offered: 'protected' must be false")
        }
        var id = TaskID().rawValue
        if case .string(let given)? = body["id"] {
            guard let parsed = TaskID(given) else { throw APIError.badRequest("'\(given)' is not a valid image id") }
            id = parsed.rawValue
        }
        var properties: [String: String] = [:]
        for (key, value) in body.entries where !ImageView.reservedKeys.contains(key) {
            guard case .string(let text) = value else { continue }  // the schema allows only strings here
            guard key.count <= Self.maxKeyLength else {
                throw APIError.badRequest("Property name '\(key)' is longer than \(Self.maxKeyLength) characters")
            }
            properties[key] = text
        }
        var tags: [String] = []
        if case .array(let items)? = body["tags"] {
            for case .string(let tag) in items where !tags.contains(tag) { tags.append(tag) }
        }
        return ImageRecord(
            id: id,
            name: body["name"]?.stringValue,
            status: .queued,
            diskFormat: body["disk_format"]?.stringValue,
            containerFormat: body["container_format"]?.stringValue,
            size: nil,
            virtualSize: nil,
            checksum: nil,
            osHashAlgo: nil,
            osHashValue: nil,
            owner: owner,
            properties: properties,
            minDisk: try Self.minimum(body, "min_disk"),
            minRam: try Self.minimum(body, "min_ram"),
            tags: tags,
            osHidden: body["os_hidden"] == .bool(true),
            createdAt: now,
            updatedAt: now
        )
    }

    /// `min_disk` or `min_ram`: 0 unless given, never negative.
    private static func minimum(_ body: JSONObject, _ key: String) throws(APIError) -> Int64 {
        guard case .integer(let value)? = body[key] else { return 0 }
        guard value >= 0 else { throw APIError.badRequest("'\(key)' must be 0 or more, not \(value)") }
        return value
    }
}
