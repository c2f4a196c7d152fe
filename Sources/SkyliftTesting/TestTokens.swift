import Crypto
import Foundation
import JSONSchema
import SkyliftDomain

/// JWTs for tests, built byte for byte from a header and a payload, so that malformed and hostile tokens can be
/// made as easily as good ones.
public enum TestTokens {
    /// An HS256 secret of 40 bytes.
    public static let secret = "skylift-test-secret-0123456789abcdefghij"

    /// Claims for `project`, `user` and `roles`, expiring `lifetime` seconds after `now`.
    public static func claims(
        project: String = Projects.a,
        user: String = "alice",
        roles: [String] = ["admin", "member", "reader"],
        now: Timestamp,
        lifetime: Int64 = 3600
    ) -> JSONObject {
        let seconds = now.microseconds / 1_000_000
        return [
            "sub": .string(user), "project_id": .string(project), "roles": .array(roles.map(JSONValue.string)),
            "iat": .integer(seconds), "exp": .integer(seconds + lifetime),
        ]
    }

    /// A JWT of `claims` signed with `key`, with `kid` in its header when given.
    public static func jwt(_ claims: JSONObject, key: TestSigningKey, kid: String? = nil) throws -> String {
        var header: JSONObject = ["alg": .string(key.algorithm), "typ": "JWT"]
        if let kid { header["kid"] = .string(kid) }
        return try jwt(header: .object(header), payload: JSONValue.object(claims).serialized(), key: key)
    }

    /// A JWT of any header and any payload text, signed with `key` (nil: an empty signature).
    public static func jwt(header: JSONValue, payload: String, key: TestSigningKey?) throws -> String {
        let input = base64URL(Array(header.serialized().utf8)) + "." + base64URL(Array(payload.utf8))
        let signature = try key?.sign(Array(input.utf8)) ?? []
        return input + "." + base64URL(signature)
    }

    /// Base64url without padding.
    public static func base64URL(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The lower-case hex SHA-256 of `token`, as `auth.tokensFile` holds it.
    public static func sha256Hex(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
