/// The fields of an image view (§8) the client shows in tables.
public struct ImageSnapshot: Decodable, Sendable, Equatable {
    public var id: String
    public var name: String?
    public var status: String?
    public var diskFormat: String?
    public var containerFormat: String?
    public var size: Int64?
    public var virtualSize: Int64?
    public var owner: String?
    public var checksum: String?
    public var createdAt: String?

    enum CodingKeys: String, CodingKey {
        case id, name, status, size, owner, checksum
        case diskFormat = "disk_format"
        case containerFormat = "container_format"
        case virtualSize = "virtual_size"
        case createdAt = "created_at"
    }
}
