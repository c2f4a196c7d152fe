import JWTKit

/// A key a JWT's signature may be checked with: the algorithm it is for, its `kid` when it has one, and jwt-kit's
/// verifier for it.
struct VerificationKey: Sendable {
    /// The JWS algorithms Skylift verifies.
    enum Algorithm: String, Sendable, CaseIterable {
        case hs256 = "HS256"
        case rs256 = "RS256"
        case es256 = "ES256"
    }

    let algorithm: Algorithm
    /// The key id from a JWKS document; nil for a PEM key or the HS256 secret.
    let keyID: String?
    /// jwt-kit's signer for the key, taken out of a `JWTKeyCollection` once at startup so that checking a signature
    /// is a plain synchronous call.
    let verifier: any JWTAlgorithm

    /// Whether `signature` is this key's signature of `input`; an error inside jwt-kit (a signature of the wrong
    /// length, say) counts as no.
    func verifies(_ signature: [UInt8], of input: Substring) -> Bool {
        (try? verifier.verify(signature, signs: Array(input.utf8))) == true
    }
}
