import Foundation
import JSONSchema
import SkyliftDomain

/// The schema documents the service serves, and the validators compiled from those same bytes.
public struct SchemaCatalog: Sendable {
    /// Why the bundled schemas could not be loaded (a broken build; startup stops).
    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Served documents by name (`task`, `tasks`, `image`, `images`, `task-input/import`, …), exactly as stored.
    public let documents: [String: String]
    /// The task document with `additionalProperties: false` at the top level (Glance's `raw()` view).
    let taskRequest: Schema
    /// Each task type's input schema.
    let inputs: [TaskType: Schema]
    /// The served task and collection documents, for validating responses.
    public let task: Schema
    public let tasks: Schema
    /// The served image and image collection documents, for validating responses.
    public let image: Schema
    public let images: Schema

    /// Loads every document from the module bundle.
    /// - Throws: `LoadError` naming the missing or unparsable file.
    public static func load() throws -> SchemaCatalog {
        guard let root = Bundle.module.url(forResource: "Schemas", withExtension: nil) else {
            throw LoadError(description: "the Schemas resource folder is missing from the SkyliftAPI bundle")
        }
        return try SchemaCatalog(root: root)
    }

    /// Loads every document from a folder laid out like `Sources/SkyliftAPI/Schemas`.
    public init(root: URL) throws {
        var documents: [String: String] = [:]
        var parsed: [String: JSONValue] = [:]
        let names = ["task", "tasks", "image", "images"] + TaskType.schemaEnum.map { "task-input/\($0.rawValue)" }
        for name in names {
            let url = root.appendingPathComponent(name + ".json")
            guard let data = try? Data(contentsOf: url) else {
                if name.hasPrefix("task-input/") { continue }
                throw LoadError(description: "schema file \(url.path) is missing")
            }
            do {
                parsed[name] = try JSONParser.parse(data)
            } catch {
                throw LoadError(description: "schema file \(url.path) is not valid JSON: \(error)")
            }
            documents[name] = String(decoding: data, as: UTF8.self)
        }
        self.documents = documents
        guard let taskDocument = parsed["task"], let tasksDocument = parsed["tasks"],
            case .object(var raw) = taskDocument
        else { throw LoadError(description: "the task schema is not a JSON object") }
        raw["additionalProperties"] = .bool(false)
        self.task = try Schema(taskDocument)
        self.tasks = try Schema(tasksDocument)
        self.taskRequest = try Schema(.object(raw))
        guard let imageDocument = parsed["image"], let imagesDocument = parsed["images"] else {
            throw LoadError(description: "the image schemas are missing")
        }
        self.image = try Schema(imageDocument)
        self.images = try Schema(imagesDocument)
        var inputs: [TaskType: Schema] = [:]
        for type in TaskType.schemaEnum {
            if let document = parsed["task-input/\(type.rawValue)"] {
                inputs[type] = try Schema(document)
            }
        }
        self.inputs = inputs
    }

    /// The served document with the given name, if there is one.
    public func document(named name: String) -> String? { documents[name] }
}

extension ValidationError {
    /// One line naming the failure, the keyword and the JSON pointer of the failing value.
    func line(prefix pointerPrefix: String = "") -> String {
        "\(message) (keyword '\(keyword)' at JSON pointer '\(pointerPrefix + instanceLocation)')"
    }
}
