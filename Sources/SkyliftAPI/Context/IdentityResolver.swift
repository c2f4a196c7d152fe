import HTTPTypes
import Hummingbird
import SkyliftDomain

/// Turns a request into the caller's principal (contract §3.1).
public protocol IdentityResolver: Sendable {
    /// The principal, or nil with a reason when the request carries no acceptable identity.
    func principal(for request: Request) async -> Result<Principal, IdentityProblem>
}

/// Why a request has no principal; rendered as the 401 message (a 503 when identity cannot be checked now).
public struct IdentityProblem: Error, Sendable, Equatable {
    public var message: String
    /// `.unauthorized`, or `.serviceUnavailable` when the identity service (Keystone) cannot answer.
    public var status: HTTPResponse.Status = .unauthorized
    /// The `WWW-Authenticate` value of the 401, for schemes that define one (RFC 6750 for bearer tokens).
    public var challenge: String?

    public init(_ message: String, challenge: String? = nil) {
        self.message = message
        self.challenge = challenge
    }
}
