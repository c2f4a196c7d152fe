import HTTPTypes
import Hummingbird
import SkyliftDomain

extension APIError {
    /// The one table from domain errors to HTTP statuses and, for errors that carry values, their wire texts.
    public init(_ error: SkyliftError) {
        switch error {
        case .notFound(let message): self.init(.notFound, message)
        case .forbidden(let message): self.init(.forbidden, message)
        case .badRequest(let message): self.init(.badRequest, message)
        case .conflict(let message): self.init(.conflict, message)
        case .unavailable(let message): self.init(.serviceUnavailable, message)
        case .invalidTransition: self.init(.conflict, error.description)
        case .taskNotFound(let id): self.init(.notFound, "Could not find task \(id.rawValue)")
        // Glance's texts for a list marker that names nothing the caller can see.
        case .taskMarkerNotFound(let id): self.init(.badRequest, "Task with the given id \(id.rawValue) was not found")
        case .imageMarkerNotFound(let id): self.init(.badRequest, "No image found with ID \(id)")
        case .statusChanged(let id, let stored, let expected):
            self.init(.conflict, "Task \(id.rawValue) is \(stored.rawValue), not \(expected.rawValue)")
        case .taskAlreadyEnded(let id, let status):
            self.init(
                .conflict,
                "Task \(id.rawValue) already ended with status \(status.rawValue); only pending or processing "
                    + "tasks can be canceled"
            )
        case .imageExists(let id): self.init(.conflict, "An image with id \(id) already exists")
        // Glance's texts for the checks of POST /v2/images/{id}/import (§16).
        case .imageNotFound(let id): self.init(.notFound, "No image found with ID \(id)")
        case .imageFormatUnset(let field): self.init(.conflict, "'\(field)' needs to be set before import")
        case .imageNotImportable(_, let status):
            self.init(.conflict, "Image with status \(status.rawValue) cannot be target for import")
        case .imageHasActiveTask: self.init(.conflict, "Image has active task")
        case .quotaExceeded(let project, let active, let limit):
            self.init(
                .tooManyRequests,
                "Project \(project) has \(active) active tasks (pending or processing); "
                    + "quota.maxActiveTasksPerProject allows \(limit)"
            )
        case .idempotencyMismatch(let key, let id):
            self.init(
                .unprocessableContent,
                "Idempotency-Key '\(key)' was already used for task \(id.rawValue) with a different request body"
            )
        }
    }
}
