import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SkyliftDomain
import SkyliftMetrics

/// Turns every error into the JSON error body, writes the access log line, and keeps internals out of 5xx bodies.
///
/// `APIError` and `SkyliftError` render as they say; Hummingbird's own errors (no route: 404, body too large: 413)
/// render in the same format; anything else is a 500 that names the request id, logged at error level.
public struct ErrorMiddleware: RouterMiddleware {
    public typealias Context = SkyliftRequestContext

    let metrics: ServiceMetrics

    public init(metrics: ServiceMetrics = .disabled) {
        self.metrics = metrics
    }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = Self.apiError(for: error, request: request, context: context)
                .render(accept: request.headers[.accept])
        }
        let elapsed = ContinuousClock.now - start
        // Hummingbird names an unmatched request's endpoint `NotFound`; a label has one name for it.
        let route = context.endpointPath.flatMap { $0 == "NotFound" ? nil : $0 } ?? "unmatched"
        metrics.request(
            method: request.method.rawValue,
            route: route,
            status: Int(response.status.code),
            duration: elapsed
        )
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "route": .string(route),
                "status": .stringConvertible(response.status.code),
                "duration_ms": .string(elapsed.millisecondsText),
                "project": .string(context.principal?.projectID ?? "-"),
            ]
        )
        return response
    }

    static func apiError(for error: any Error, request: Request, context: Context) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as SkyliftError:
            if case .unavailable(let detail) = error {
                context.logger.error("storage unavailable", metadata: ["detail": .string(detail)])
                var answer = APIError.internalError(requestID: context.requestID)
                answer.status = .serviceUnavailable
                return answer
            }
            return APIError(error)
        case let error as HTTPError:
            switch error.status {
            case .notFound:
                return APIError(
                    .notFound,
                    "The resource could not be found: \(request.method.rawValue) \(request.uri.path)"
                )
            case .contentTooLarge:
                return APIError(.contentTooLarge, "The request body is too large.")
            case let status where status.code < 500:
                return APIError(status, error.body ?? status.reasonPhrase)
            default:
                break
            }
        default:
            break
        }
        context.logger.error("unhandled error", metadata: ["error": .string(String(reflecting: error))])
        return .internalError(requestID: context.requestID)
    }
}

extension Duration {
    /// Milliseconds with two decimals (`12.34`), without `String(format:)`, which costs microseconds a request.
    var millisecondsText: String {
        let hundredths = components.seconds * 100_000 + components.attoseconds / 10_000_000_000_000
        let fraction = String(hundredths % 100)
        return "\(hundredths / 100)." + (fraction.count == 1 ? "0" + fraction : fraction)
    }
}
