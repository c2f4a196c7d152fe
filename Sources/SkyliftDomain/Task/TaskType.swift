/// A task type name, such as `import` or `convert`.
///
/// Stored as text: a row may carry any type name, but only types with a registered executor can be created.
public struct TaskType: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The wire name.
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// Download an image from a URL, inspect it, convert it if asked and store it.
    public static let `import` = TaskType(rawValue: "import")
    /// Convert a stored image into another format, as a new image.
    public static let convert = TaskType(rawValue: "convert")
    /// Glance's image import (contract §16): download data into a queued image, in its own format. Made by
    /// `POST /v2/images/{id}/import`, never by `POST /v2/tasks`.
    public static let apiImageImport = TaskType(rawValue: "api_image_import")

    /// Every type name the served task schema lists: Glance's three plus Skylift's `convert`.
    public static let schemaEnum: [TaskType] = [
        .import, .apiImageImport, TaskType(rawValue: "location_import"), .convert,
    ]

    /// The steps an executor of this type goes through, in order (empty for types without an executor).
    public var stepNames: [String] {
        switch self {
        case .import: ["download", "inspect", "convert", "store"]
        case .convert: ["inspect", "convert", "store"]
        case .apiImageImport: ["download", "inspect", "store"]
        default: []
        }
    }

    public var description: String { rawValue }

    public static func < (lhs: TaskType, rhs: TaskType) -> Bool { lhs.rawValue < rhs.rawValue }
}
