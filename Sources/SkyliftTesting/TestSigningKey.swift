import Crypto
import Foundation
import JSONSchema
import _CryptoExtras

/// A key that signs JWTs in tests, made here with swift-crypto so that the server's jwt-kit verification is checked
/// against an independent signer.
public enum TestSigningKey: Sendable {
    case hs256(String)
    case es256(P256.Signing.PrivateKey)
    case rs256(_RSA.Signing.PrivateKey)

    /// A fresh P-256 key.
    public static func newES256() -> TestSigningKey { .es256(P256.Signing.PrivateKey()) }

    /// A fresh 2048-bit RSA key.
    public static func newRS256() throws -> TestSigningKey { .rs256(try _RSA.Signing.PrivateKey(keySize: .bits2048)) }

    /// The JWS `alg` this key signs with.
    public var algorithm: String {
        switch self {
        case .hs256: "HS256"
        case .es256: "ES256"
        case .rs256: "RS256"
        }
    }

    /// The JWS signature of `input` (ES256 as the raw 64-byte r‖s, as RFC 7518 wants).
    public func sign(_ input: [UInt8]) throws -> [UInt8] {
        switch self {
        case .hs256(let secret):
            Array(HMAC<SHA256>.authenticationCode(for: input, using: SymmetricKey(data: Array(secret.utf8))))
        case .es256(let key):
            Array(try key.signature(for: input).rawRepresentation)
        case .rs256(let key):
            Array(try key.signature(for: input, padding: .insecurePKCS1v1_5).rawRepresentation)
        }
    }

    /// The public key as a `PUBLIC KEY` PEM block (nil for the HS256 secret).
    public var publicKeyPEM: String? {
        switch self {
        case .hs256: nil
        case .es256(let key): key.publicKey.pemRepresentation
        case .rs256(let key): key.publicKey.pemRepresentation
        }
    }

    /// The public key as a JWK, with `kid` when given and `alg` unless `withAlgorithm` is false.
    public func jwk(kid: String?, withAlgorithm: Bool = true) throws -> JSONValue {
        var object = JSONObject()
        switch self {
        case .hs256:
            return .null
        case .es256(let key):
            let raw = Array(key.publicKey.rawRepresentation)
            object["kty"] = "EC"
            object["crv"] = "P-256"
            object["x"] = .string(TestTokens.base64URL(raw[0..<32]))
            object["y"] = .string(TestTokens.base64URL(raw[32..<64]))
        case .rs256(let key):
            let primitives = try key.publicKey.getKeyPrimitives()
            object["kty"] = "RSA"
            object["n"] = .string(TestTokens.base64URL(primitives.modulus))
            object["e"] = .string(TestTokens.base64URL(primitives.publicExponent))
        }
        object["use"] = "sig"
        if withAlgorithm { object["alg"] = .string(algorithm) }
        if let kid { object["kid"] = .string(kid) }
        return .object(object)
    }
}
