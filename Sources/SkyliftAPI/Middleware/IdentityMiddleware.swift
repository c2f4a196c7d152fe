import HTTPTypes
import Hummingbird
import Logging
import SkyliftDomain

/// Reads the caller's identity into the context; routes that need one use `AuthenticatedRequestContext`.
public struct IdentityMiddleware: RouterMiddleware {
    public typealias Context = SkyliftRequestContext

    let resolver: any IdentityResolver

    public init(resolver: any IdentityResolver) {
        self.resolver = resolver
    }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        switch await resolver.principal(for: request) {
        case .success(let principal):
            context.principal = principal
            context.logger[metadataKey: "project"] = .string(principal.projectID)
        case .failure(let problem):
            context.identityProblem = problem
        }
        return try await next(request, context)
    }
}
