/// The input of an `import` task (contract §7.2), as `schemas/task-input/import.json` describes it.
public struct ImportInput: Decodable, Sendable, Hashable {
    /// The expected digest of the downloaded bytes.
    public struct Checksum: Decodable, Sendable, Hashable {
        public var algo: String
        public var value: String
    }

    public var importFrom: String
    public var importFromFormat: String
    public var imageProperties: [String: String]
    public var checksum: Checksum?
    public var imageID: String?

    enum CodingKeys: String, CodingKey {
        case importFrom = "import_from"
        case importFromFormat = "import_from_format"
        case imageProperties = "image_properties"
        case checksum
        case imageID = "image_id"
    }
}
