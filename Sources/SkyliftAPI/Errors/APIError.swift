import HTTPTypes
import Hummingbird

/// An error answer: a status, a message saying what was wrong, and any headers the status needs (`Allow`).
///
/// Rendered as Glance's JSON body `{"message", "code", "title"}`, or as `<code> <title>\n\n<message>` for clients
/// that accept `text/plain` only (contract §6).
public struct APIError: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var message: String
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    /// `400 Bad Request` with a message.
    public static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }

    /// `401` for a request without a confirmed identity.
    public static let unauthorized = APIError(
        .unauthorized,
        "This server could not verify that you are authorized to access the document you requested. "
            + "Provide a confirmed identity (X-Identity-Status: Confirmed and X-Project-Id)."
    )

    /// `405` with the `Allow` header listing the methods the path supports.
    public static func methodNotAllowed(
        _ method: HTTPRequest.Method,
        allow: [HTTPRequest.Method],
        message: String? = nil
    ) -> APIError {
        var headers = HTTPFields()
        headers[.allow] = allow.map(\.rawValue).joined(separator: ", ")
        return APIError(
            .methodNotAllowed,
            message ?? "The method \(method.rawValue) is not allowed for this resource.",
            headers: headers
        )
    }

    /// `500` that names only the request id; the log line with the same id has the detail.
    public static func internalError(requestID: String) -> APIError {
        APIError(
            .internalServerError,
            "The server has either erred or is incapable of performing the requested operation. "
                + "Request id: \(requestID)."
        )
    }

    /// `"<code> <reason>"`, Glance's `code` field.
    var codeText: String { "\(status.code) \(status.reasonPhrase)" }
}
