/// Checks a bearer token and says whose it is (contract §3.1, `auth.mode: token`).
///
/// The API reads the token from `X-Auth-Token` or `Authorization: Bearer`; an implementation decides what the
/// token means (a signed JWT, a static token's digest, Keystone's answer for it).
public protocol TokenVerifier: Sendable {
    /// The principal `token` stands for, or why it is refused.
    func principal(forToken token: String) async -> Result<Principal, TokenRejection>
}

/// Why a token was refused; each case renders as the message of a 401, and none repeats the token.
public enum TokenRejection: Error, Sendable, Equatable {
    /// Over the length limit, or holding bytes other than printable ASCII.
    case malformed(String)
    /// A JWT whose `alg` is not one this server verifies (`none`, HS512, HS256 when only public keys are set…).
    case unsupportedAlgorithm(String)
    /// A JWT without a signature.
    case missingSignature
    /// A JWT whose signature does not match any key it may be checked with.
    case badSignature
    /// A JWT naming a key (`kid`) this server does not have.
    case unknownKey
    /// A JWT past its `exp`.
    case expired
    /// A JWT before its `nbf`.
    case notYetValid
    /// A JWT whose `iss` is not `auth.jwtIssuer`.
    case wrongIssuer(expected: String)
    /// A JWT whose `aud` does not name `auth.jwtAudience`.
    case wrongAudience(expected: String)
    /// A JWT whose claims are missing or of the wrong type.
    case invalidClaim(String)
    /// A token that is neither a JWT this server accepts nor a known static token.
    case unknownToken
    /// The service that says what tokens mean (Keystone) cannot answer: a 503, never a request let through.
    case unavailable(String)

    /// The 401 message.
    public var message: String {
        switch self {
        case .malformed(let detail): "The token is malformed: \(detail)."
        case .unsupportedAlgorithm(let detail): "The token's signing algorithm is not accepted: \(detail)."
        case .missingSignature: "The token is not signed: its signature part is empty."
        case .badSignature: "The token's signature is not valid."
        case .unknownKey: "The token names a signing key (kid) that this server does not know."
        case .expired: "The token has expired."
        case .notYetValid: "The token is not valid yet (its nbf is in the future)."
        case .wrongIssuer(let expected): "The token was issued by another issuer: iss must be '\(expected)'."
        case .wrongAudience(let expected): "The token is meant for another audience: aud must include '\(expected)'."
        case .invalidClaim(let detail): "The token's claims are not acceptable: \(detail)."
        case .unknownToken: "The token is not known to this server."
        case .unavailable(let detail):
            "The identity service cannot validate tokens right now (\(detail)); try again later."
        }
    }
}
