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

    /// JSON unless the client's `Accept` names `*/*` or a `text/` type and neither `application/json` nor
    /// `application/*`; then the plain-text form.
    ///
    /// python-glanceclient sends `Accept: */*` and parses a JSON error body only in the nested
    /// `{"<name>": {"message": …}}` shape (a flat body makes it crash), but reads `text/*` bodies as the message,
    /// as it does with Glance's HTML. So `*/*` gets text, which glanceclient, openstacksdk and curl all show.
    static func prefersPlainText(_ accept: String?) -> Bool {
        guard let accept, !accept.trimmingCharacters(in: .whitespaces).isEmpty else { return false }
        let types = accept.split(separator: ",").map {
            $0.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        }
        if types.contains(where: { $0 == "application/json" || $0 == "application/*" }) { return false }
        return types.contains { $0 == "*/*" || $0.hasPrefix("text/") }
    }
}
