import JSONSchema
import JWTKit
import SkyliftDomain

/// Makes the HS256 JWTs `skylift token` prints: signed with `auth.jwtSecret`, carrying the claims `TokenAuthenticator`
/// reads (under the configured claim names) and the configured issuer and audience, so they pass its checks.
public struct TokenMinter: Sendable {
    let key: VerificationKey
    let rules: ClaimRules

    /// - Throws: `TokenSetupError` when the secret is shorter than `TokenAuthenticator.minimumSecretBytes`.
    public init(secret: String, rules: ClaimRules) async throws(TokenSetupError) {
        guard secret.utf8.count >= TokenAuthenticator.minimumSecretBytes else {
            throw TokenSetupError(
                "the HS256 secret must be at least \(TokenAuthenticator.minimumSecretBytes) bytes"
            )
        }
        key = await TokenAuthenticator.hmacKey(secret)
        self.rules = rules
    }

    /// A token for `user` of `project` with `roles`, valid from `now` for `lifetime` seconds.
    /// - Throws: jwt-kit's error if HMAC signing fails.
    public func token(project: String, user: String?, roles: [String], now: Timestamp, lifetime: Int) throws -> String {
        let issuedAt = now.microseconds / 1_000_000
        var claims = JSONObject()
        if let user { claims["sub"] = .string(user) }
        claims[rules.projectClaim] = .string(project)
        claims[rules.rolesClaim] = .array(roles.map(JSONValue.string))
        claims["iat"] = .integer(issuedAt)
        claims["exp"] = .integer(issuedAt + Int64(lifetime))
        if let issuer = rules.issuer { claims["iss"] = .string(issuer) }
        if let audience = rules.audience { claims["aud"] = .string(audience) }
        let header: JSONValue = ["alg": "HS256", "typ": "JWT"]
        let input =
            Base64URL.encode(header.serialized().utf8) + "."
            + Base64URL.encode(JSONValue.object(claims).serialized().utf8)
        return input + "." + Base64URL.encode(try key.verifier.sign(Array(input.utf8)))
    }
}
