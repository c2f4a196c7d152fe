import HTTPTypes
import JSONSchema
import SkyliftDomain

/// The `Idempotency-Key` request header (§10.4): 1–255 printable ASCII characters.
enum IdempotencyKey {
    static let header = HTTPField.Name("Idempotency-Key")!

    /// The key, nil without the header.
    /// - Throws: `APIError` 400 for an empty, over-long, non-printable or repeated key.
    static func parse(_ headers: HTTPFields) throws(APIError) -> String? {
        let values = headers[values: header]
        guard let value = values.first else { return nil }
        guard values.count == 1 else { throw .badRequest("Idempotency-Key may be sent once") }
        guard (1...255).contains(value.utf8.count), value.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw .badRequest("Idempotency-Key must be 1 to 255 printable ASCII characters")
        }
        return value
    }
}

extension CreateOptions {
    /// The options of a create made by a request: its `Idempotency-Key` with the canonical body (sorted keys), the
    /// project quota of `api.maxActiveTasksPerProject`.
    init(key: String?, body: JSONObject, configuration: APIConfiguration, now: Timestamp) {
        self.init(
            idempotency: key.map { Idempotency(key: $0, body: JSONValue.object(body).serialized(sortedKeys: true)) },
            maxActiveTasks: configuration.maxActiveTasksPerProject,
            now: now
        )
    }
}
