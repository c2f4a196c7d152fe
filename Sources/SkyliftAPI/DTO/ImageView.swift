import JSONSchema
import SkyliftDomain

/// The wire form of an image (contract §8), in Glance's key order: custom properties first, then the image fields.
enum ImageView {
    /// Every property the served image schema declares. A custom property with one of these names is not shown:
    /// it can never override an image field, and every view validates against `/v2/schemas/image`.
    static let reservedKeys: Set<String> = [
        "id", "name", "status", "visibility", "protected", "os_hidden", "checksum", "os_hash_algo", "os_hash_value",
        "owner", "size", "virtual_size", "container_format", "disk_format", "created_at", "updated_at", "tags",
        "direct_url", "min_ram", "min_disk", "self", "file", "stores", "schema", "locations",
    ]

    /// The image view of `GET /v2/images/{id}` and of each `GET /v2/images` element.
    static func show(_ image: ImageRecord) -> JSONValue {
        var object = JSONObject()
        for (key, value) in image.properties.sorted(by: { $0.key < $1.key }) where !reservedKeys.contains(key) {
            object[key] = .string(value)
        }
        object["name"] = image.name.map { .string($0) } ?? .null
        object["disk_format"] = image.diskFormat.map { .string($0) } ?? .null
        object["container_format"] = image.containerFormat.map { .string($0) } ?? .null
        object["visibility"] = "private"
        object["size"] = image.size.map { .integer($0) } ?? .null
        object["virtual_size"] = image.virtualSize.map { .integer($0) } ?? .null
        object["status"] = .string(image.status.rawValue)
        object["checksum"] = image.checksum.map { .string($0) } ?? .null
        object["protected"] = .bool(false)
        object["min_ram"] = .integer(image.minRam)
        object["min_disk"] = .integer(image.minDisk)
        object["owner"] = .string(image.owner)
        object["os_hidden"] = .bool(image.osHidden)
        object["os_hash_algo"] = image.osHashAlgo.map { .string($0) } ?? .null
        object["os_hash_value"] = image.osHashValue.map { .string($0) } ?? .null
        object["id"] = .string(image.id)
        object["created_at"] = .string(image.createdAt.glanceString)
        object["updated_at"] = .string(image.updatedAt.glanceString)
        object["tags"] = .array(image.tags.map { .string($0) })
        object["self"] = .string("/v2/images/\(image.id)")
        object["file"] = .string("/v2/images/\(image.id)/file")
        object["schema"] = "/v2/schemas/image"
        // Glance names the stores holding an image's data once it has some.
        if image.status == .active { object["stores"] = .string(ImageRecord.storeID) }
        return .object(object)
    }
}
