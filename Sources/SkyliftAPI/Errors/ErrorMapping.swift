import HTTPTypes
import Hummingbird
import SkyliftDomain

extension APIError {
    /// The one table from domain errors to HTTP statuses.
    public init(_ error: SkyliftError) {
        switch error {
        case .notFound(let message): self.init(.notFound, message)
        case .forbidden(let message): self.init(.forbidden, message)
        case .badRequest(let message): self.init(.badRequest, message)
        case .conflict(let message): self.init(.conflict, message)
        case .unavailable(let message): self.init(.serviceUnavailable, message)
        case .quotaExceeded(let message): self.init(.tooManyRequests, message)
        case .idempotencyMismatch(let message): self.init(.unprocessableContent, message)
        case .invalidTransition: self.init(.conflict, error.description)
        }
    }
}
