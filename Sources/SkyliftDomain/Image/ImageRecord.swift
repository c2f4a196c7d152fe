/// A stored disk image's metadata record (Glance-shaped), owned by the project of the task that made it.
public struct ImageRecord: Sendable, Hashable {
    /// Glance's image statuses used here.
    public enum Status: String, Sendable {
        case queued, saving, active, deleted
    }

    public var id: String
    public var name: String?
    public var status: Status
    public var diskFormat: String
    public var containerFormat: String
    public var size: Int64
    public var virtualSize: Int64?
    public var checksum: String?
    public var osHashAlgo: String?
    public var osHashValue: String?
    public var owner: String
    /// Custom string properties.
    public var properties: [String: String]
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        id: String,
        name: String?,
        status: Status,
        diskFormat: String,
        containerFormat: String,
        size: Int64,
        virtualSize: Int64?,
        checksum: String?,
        osHashAlgo: String?,
        osHashValue: String?,
        owner: String,
        properties: [String: String] = [:],
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
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
