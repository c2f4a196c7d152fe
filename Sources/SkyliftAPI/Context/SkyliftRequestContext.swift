import HTTPTypes
import Hummingbird
import Logging
import SkyliftDomain

/// The context of every request: the request id, and the caller's principal once identity has been read.
public struct SkyliftRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// `X-Openstack-Request-ID` as given, or `req-<uuid4>`.
    public var requestID: String = ""
    /// The caller, when the request carried an identity that the resolver accepted.
    public var principal: Principal?
    /// Why there is no principal (shown in the 401), when the resolver said.
    public var identityProblem: IdentityProblem?

    public init(source: Source) {
        self.coreContext = .init(source: source)
    }
}

/// The context of routes that need an identity: building it without a principal answers 401, so handlers
/// never see an optional principal.
public struct AuthenticatedRequestContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let requestID: String
    public let principal: Principal

    public init(context: SkyliftRequestContext) throws {
        guard let principal = context.principal else {
            var error = APIError.unauthorized
            if let problem = context.identityProblem {
                error.message = problem.message
                error.status = problem.status
                if let challenge = problem.challenge, problem.status == .unauthorized {
                    error.headers[.wwwAuthenticate] = challenge
                }
            }
            throw error
        }
        self.coreContext = context.coreContext
        self.requestID = context.requestID
        self.principal = principal
    }
}
