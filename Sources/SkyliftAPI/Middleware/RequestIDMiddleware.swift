import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Gives every request its id (`X-Openstack-Request-ID` kept verbatim, else (absent or empty) `req-<uuid4>`), puts it on every
/// response and in every log line, and refuses over-long ids (431) and URLs (414).
public struct RequestIDMiddleware: RouterMiddleware {
    public typealias Context = SkyliftRequestContext

    /// Longest request id accepted (Glance's `max_request_id_length`).
    public static let maxRequestIDLength = 64
    /// Longest request target accepted.
    public static let maxURILength = 8192

    public init() {}

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        let given = request.headers[.requestID].flatMap { $0.isEmpty ? nil : $0 }
        let valid = given.map { $0.utf8.count <= Self.maxRequestIDLength } ?? false
        context.requestID = valid ? given! : "req-\(UUID().uuidString.lowercased())"
        context.logger[metadataKey: "request_id"] = .string(context.requestID)
        var response: Response
        if given != nil, !valid {
            response = APIError(
                .requestHeaderFieldsTooLarge,
                "X-Openstack-Request-ID is longer than \(Self.maxRequestIDLength) characters."
            ).render(accept: request.headers[.accept])
        } else if request.uri.description.utf8.count > Self.maxURILength {
            response = APIError(.uriTooLong, "The request URL is longer than \(Self.maxURILength) bytes.")
                .render(accept: request.headers[.accept])
        } else {
            response = try await next(request, context)
        }
        response.headers[.requestID] = context.requestID
        return response
    }
}
