import HTTPTypes
import JSONSchema
import SkyliftDomain

/// A create request that passed every check: what the task will be.
struct ValidTaskCreation: Sendable {
    let type: TaskType
    let input: JSONValue
    let imageID: String?
    /// The image a `convert` reads (its `input.image_id`, canonical lower-case); nil for other types.
    var sourceImageID: String? = nil
}

/// The checks of `POST /v2/tasks` after policy, in the contract's order (§4.1 steps 3–7 and §7.2).
struct TaskCreateValidator: Sendable {
    let schemas: SchemaCatalog
    let supportedTypes: [TaskType]
    let maxStringLength: Int
    let urlFilter: ImportURLFilter
    let images: any ImageStore

    /// Most custom image properties an image may carry, and their key length.
    static let maxCustomProperties = 64
    static let maxPropertyKeyLength = 255

    /// - Throws: `APIError` 400 (409 for an import into an existing image id) saying what was wrong.
    func validate(_ body: JSONObject, principal: Principal, visibility: Visibility) async throws -> ValidTaskCreation {
        let document = JSONValue.object(body)
        try StringLimits(maxLength: maxStringLength, exemptPointers: ["/input"]).check(document)
        guard let typeValue = body["type"] else { throw APIError.badRequest("Task 'type' is required") }
        guard let input = body["input"] else { throw APIError.badRequest("Task 'input' is required") }
        if let error = schemas.taskRequest.validate(document).first {
            throw APIError.badRequest("Provided object does not match schema 'task': \(error.line())")
        }
        guard case .string(let typeName) = typeValue else {
            throw APIError.badRequest("Invalid type value: \(typeValue.serialized())")
        }
        guard supportedTypes.contains(TaskType(rawValue: typeName)),
            let inputSchema = schemas.inputs[TaskType(rawValue: typeName)]
        else { throw APIError.badRequest("Invalid type value: \(typeName)") }
        let type = TaskType(rawValue: typeName)
        if let error = inputSchema.validate(input).first {
            throw APIError.badRequest("Invalid input for task type '\(typeName)': \(error.line(prefix: "/input"))")
        }
        guard case .object(let fields) = input else {
            throw APIError.badRequest("Invalid input for task type '\(typeName)': input must be an object")
        }
        try checkImageProperties(fields["image_properties"])
        switch type {
        case .import:
            return try await validateImport(fields, input: input)
        case .convert:
            let source = try await validateConvert(fields, visibility: visibility)
            return ValidTaskCreation(type: type, input: input, imageID: nil, sourceImageID: source)
        default:
            return ValidTaskCreation(type: type, input: input, imageID: nil)
        }
    }

    private func validateImport(_ fields: JSONObject, input: JSONValue) async throws -> ValidTaskCreation {
        if case .string(let url) = fields["import_from"] {
            do {
                _ = try await urlFilter.check(url)
            } catch {
                throw APIError.badRequest(error.apiMessage)
            }
        }
        if case .object(let properties) = fields["image_properties"], case .string("iso") = properties["disk_format"],
            case .string(let source) = fields["import_from_format"], source != "iso"
        {
            throw APIError.badRequest("Invalid input for task type 'import': cannot convert \(source) to iso")
        }
        if case .object(let checksum) = fields["checksum"], case .string(let algo) = checksum["algo"],
            case .string(let value) = checksum["value"]
        {
            let expected = ["md5": 32, "sha1": 40, "sha256": 64, "sha512": 128][algo] ?? 0
            if value.utf8.count != expected {
                throw APIError.badRequest(
                    "Invalid input for task type 'import': checksum value for \(algo) must be \(expected) hex digits"
                )
            }
        }
        var imageID: String?
        if case .string(let id) = fields["image_id"] {
            let canonical = TaskID(id)?.rawValue ?? id
            if try await images.image(id: canonical, visibility: .all) != nil {
                throw APIError(.conflict, "An image with id \(canonical) already exists")
            }
            imageID = canonical
        }
        return ValidTaskCreation(type: .import, input: input, imageID: imageID)
    }

    /// - Returns: the source image's canonical id.
    private func validateConvert(_ fields: JSONObject, visibility: Visibility) async throws -> String? {
        guard case .string(let id) = fields["image_id"] else { return nil }
        let canonical = TaskID(id)?.rawValue ?? id
        guard let image = try await images.image(id: canonical, visibility: visibility) else {
            throw APIError.badRequest("Invalid input for task type 'convert': image \(canonical) was not found")
        }
        guard image.status == .active else {
            throw APIError.badRequest(
                "Invalid input for task type 'convert': image \(canonical) is \(image.status.rawValue), not active"
            )
        }
        return image.id
    }

    /// The limits on custom image properties that a draft-4 schema cannot say: their count and key length.
    private func checkImageProperties(_ value: JSONValue?) throws(APIError) {
        guard case .object(let properties) = value else { return }
        let standard: Set<String> = ["name", "disk_format", "container_format"]
        let custom = properties.keys.filter { !standard.contains($0) }
        if custom.count > Self.maxCustomProperties {
            throw .badRequest(
                "Invalid input: image_properties has \(custom.count) custom properties; at most "
                    + "\(Self.maxCustomProperties) are allowed"
            )
        }
        if let long = custom.first(where: { $0.unicodeScalars.count > Self.maxPropertyKeyLength }) {
            throw .badRequest(
                "Invalid input: image property name '\(long.prefix(40))…' is longer than "
                    + "\(Self.maxPropertyKeyLength) characters"
            )
        }
    }
}
