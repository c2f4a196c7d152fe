import Foundation
import HTTPTypes
import Hummingbird
import SkyliftDomain

/// `auth.mode: token`: the principal of the token in `X-Auth-Token` or `Authorization: Bearer`, as the verifier
/// reads it. The identity headers of headers mode are ignored.
public struct TokenIdentityResolver: IdentityResolver {
    let verifier: any TokenVerifier

    public init(verifier: any TokenVerifier) {
        self.verifier = verifier
    }

    public func principal(for request: Request) async -> Result<Principal, IdentityProblem> {
        switch Self.token(in: request.headers) {
        case .failure(var problem):
            let sent = request.headers[.authToken] != nil || request.headers[.authorization] != nil
            problem.challenge = Self.challenge(invalid: sent)
            return .failure(problem)
        case .success(let token):
            return await verifier.principal(forToken: token).mapError { rejection in
                var problem = IdentityProblem(rejection.message, challenge: Self.challenge(invalid: true))
                if case .unavailable = rejection { problem.status = .serviceUnavailable }
                return problem
            }
        }
    }

    /// RFC 6750's challenge: `error="invalid_token"` once a token was sent.
    static func challenge(invalid: Bool) -> String {
        invalid ? #"Bearer realm="skylift", error="invalid_token""# : #"Bearer realm="skylift""#
    }

    /// The one token the request carries: `X-Auth-Token`, or the credentials of `Authorization: Bearer`.
    ///
    /// Two different tokens, a repeated header or another `Authorization` scheme are refused rather than guessed at.
    static func token(in headers: HTTPFields) -> Result<String, IdentityProblem> {
        let authTokens = headers[values: .authToken]
        let authorizations = headers[values: .authorization]
        if authTokens.count > 1 || authorizations.count > 1 {
            let name = authTokens.count > 1 ? "X-Auth-Token" : "Authorization"
            return .failure(IdentityProblem("The request carries more than one \(name) header."))
        }
        var bearer: String?
        if let authorization = authorizations.first {
            let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                return .failure(
                    IdentityProblem(
                        "The Authorization header must be 'Bearer <token>'; other schemes are not accepted."
                    )
                )
            }
            bearer = parts[1].trimmingCharacters(in: .whitespaces)
        }
        switch (authTokens.first, bearer) {
        case (nil, nil):
            return .failure(
                IdentityProblem("The request carries no token: send one in X-Auth-Token or Authorization: Bearer.")
            )
        case (let token?, let other?) where token != other:
            return .failure(IdentityProblem("X-Auth-Token and Authorization: Bearer carry different tokens."))
        case (let token?, _), (nil, let token?):
            guard !token.isEmpty else {
                return .failure(IdentityProblem("The request's token is empty."))
            }
            return .success(token)
        }
    }
}

extension HTTPField.Name {
    static let authToken = HTTPField.Name("X-Auth-Token")!
}
