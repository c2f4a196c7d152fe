import HTTPTypes
import Hummingbird
import JSONSchema

/// Collects a request body up to the limit and parses it strictly (contract §4.1 step 2 and §6).
struct JSONBodyReader: Sendable {
    let maxBytes: Int
    let maxDepth: Int

    /// The body as a JSON object.
    /// - Throws: `APIError` 413 beyond the size limit, 400 for an absent, malformed, too deep or non-object body.
    func object(from request: Request) async throws -> JSONObject {
        let tooLarge = APIError(.contentTooLarge, "The request body is larger than \(maxBytes) bytes.")
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > maxBytes { throw tooLarge }
        var buffer = ByteBuffer()
        for try await chunk in request.body {
            guard buffer.readableBytes + chunk.readableBytes <= maxBytes else { throw tooLarge }
            var chunk = chunk
            buffer.writeBuffer(&chunk)
        }
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("Body expected in request.") }
        let value: JSONValue
        do {
            value = try JSONParser.parse(
                buffer.readableBytesView,
                options: .init(maxDepth: maxDepth, duplicateKeys: .reject)
            )
        } catch {
            if case .tooDeep = error {
                throw APIError.badRequest("JSON in request body is nested deeper than \(maxDepth) levels.")
            }
            let detail = error.description
            throw APIError.badRequest(
                "Malformed JSON in request body. \(detail.prefix(1).uppercased() + detail.dropFirst())."
            )
        }
        guard case .object(let object) = value else {
            throw APIError.badRequest("Unexpected body type. Expected dict.")
        }
        return object
    }
}
