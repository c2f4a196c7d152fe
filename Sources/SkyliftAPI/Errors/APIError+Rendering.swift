import Foundation
import HTTPTypes
import Hummingbird
import JSONSchema

extension APIError: HTTPResponseError {
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        render(accept: request.headers[.accept])
    }

    /// The response for a client whose `Accept` header is `accept`.
    public func render(accept: String?) -> Response {
        var headers = self.headers
        let body: String
        if Self.prefersPlainText(accept) {
            headers[.contentType] = "text/plain; charset=UTF-8"
            body = "\(codeText)\n\n\(message)"
        } else {
            headers[.contentType] = "application/json"
            let object: JSONValue = [
                "message": .string(message), "code": .string(codeText), "title": .string(status.reasonPhrase),
            ]
            body = object.serialized()
        }
        headers[.contentLength] = String(body.utf8.count)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// JSON unless the client accepts `text/plain` and none of `application/json`, `application/*` or `*/*`.
    static func prefersPlainText(_ accept: String?) -> Bool {
        guard let accept, !accept.isEmpty else { return false }
        let types = accept.split(separator: ",").map {
            $0.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        }
        if types.contains(where: { $0 == "application/json" || $0 == "application/*" || $0 == "*/*" }) {
            return false
        }
        return types.contains("text/plain") || types.contains("text/*")
    }
}
