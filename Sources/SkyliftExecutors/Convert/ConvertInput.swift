/// The input of a `convert` task (contract §7.2), as `schemas/task-input/convert.json` describes it.
public struct ConvertInput: Decodable, Sendable, Hashable {
    public var imageID: String
    public var diskFormat: String
    public var imageProperties: [String: String]?

    enum CodingKeys: String, CodingKey {
        case imageID = "image_id"
        case diskFormat = "disk_format"
        case imageProperties = "image_properties"
    }
}
