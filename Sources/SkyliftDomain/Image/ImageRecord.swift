/// A stored disk image's metadata record (Glance-shaped), owned by the project of the task that made it, or of the
/// tenant who created it to import into (contract §16: a `queued` record has no data, and may have no formats yet).
public struct ImageRecord: Sendable, Hashable {
    /// Glance's image statuses used here: `queued` (no data) → `importing` (an import task runs) → `active`.
    public enum Status: String, Sendable {
        case queued, saving, importing, active, deleted
    }

    public var id: String
    public var name: String?
    public var status: Status
    /// Unset until the tenant sets it (a `queued` image may have none yet).
    public var diskFormat: String?
    public var containerFormat: String?
    /// The file's size in bytes; nil while the image has no data.
    public var size: Int64?
    public var virtualSize: Int64?
    public var checksum: String?
    public var osHashAlgo: String?
    public var osHashValue: String?
    public var owner: String
    /// Custom string properties.
    public var properties: [String: String]
    /// Glance's `min_disk` (GiB) and `min_ram` (MiB): what the image needs to boot, as the tenant says.
    public var minDisk: Int64
    public var minRam: Int64
    /// Glance's image tags, in the order given, without duplicates.
    public var tags: [String]
    /// Glance's `os_hidden`: left out of image lists unless asked for.
    public var osHidden: Bool
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        id: String,
        name: String?,
        status: Status,
        diskFormat: String?,
        containerFormat: String?,
        size: Int64?,
        virtualSize: Int64?,
        checksum: String?,
        osHashAlgo: String?,
        osHashValue: String?,
        owner: String,
        properties: [String: String] = [:],
        minDisk: Int64 = 0,
        minRam: Int64 = 0,
        tags: [String] = [],
        osHidden: Bool = false,
        createdAt: Timestamp,
        updatedAt: Timestamp
    ) {
        self.id = id
        self.name = name
        self.status = status
        self.diskFormat = diskFormat
        self.containerFormat = containerFormat
        self.size = size
        self.virtualSize = virtualSize
        self.checksum = checksum
        self.osHashAlgo = osHashAlgo
        self.osHashValue = osHashValue
        self.owner = owner
        self.properties = properties
        self.minDisk = minDisk
        self.minRam = minRam
        self.tags = tags
        self.osHidden = osHidden
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
