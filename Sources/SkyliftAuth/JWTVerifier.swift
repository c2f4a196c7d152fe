import SkyliftDomain

/// Checks a JWT: its algorithm against the keys configured for it, its signature, then its claims (§3.1).
///
/// HS256 is checked only against `auth.jwtSecret`, RS256 and ES256 only against the public keys of
/// `auth.jwtPublicKeysFile`: a token cannot choose how it is verified (no `alg: none`, no HS256 signed with a
/// public key), and an algorithm without configured keys is refused by name.
struct JWTVerifier: Sendable {
    /// The HS256 secret's key, when `auth.jwtSecret` is set.
    let secret: VerificationKey?
    /// RS256 and ES256 keys.
    let publicKeys: [VerificationKey]
    let rules: ClaimRules

    init(secret: VerificationKey?, publicKeys: [VerificationKey], rules: ClaimRules) {
        self.secret = secret
        self.publicKeys = publicKeys
        self.rules = rules
    }

    /// The verified token, or why `token` is refused.
    func verify(_ token: String, now: Timestamp) -> Result<VerifiedToken, TokenRejection> {
        Result { () throws(TokenRejection) in
            let jwt = try CompactJWT(token)
            let keys = try candidates(for: jwt)
            guard !jwt.signature.isEmpty else { throw .missingSignature }
            guard keys.contains(where: { $0.verifies(jwt.signature, of: jwt.signingInput) }) else {
                throw .badSignature
            }
            return try rules.verifiedToken(from: jwt.claims(), now: now).get()
        }
    }

    /// The keys `jwt` may be checked with: the configured ones for its algorithm, narrowed by its `kid`.
    ///
    /// A `kid` that names a key selects that key alone. A `kid` that names none may still be checked with the keys
    /// that have no id (PEM keys); without a `kid`, every key for the algorithm is tried.
    private func candidates(for jwt: CompactJWT) throws(TokenRejection) -> [VerificationKey] {
        guard let algorithm = VerificationKey.Algorithm(rawValue: jwt.algorithm) else {
            throw .unsupportedAlgorithm(Self.refusal(of: jwt.algorithm, accepted: acceptedAlgorithms))
        }
        let configured = algorithm == .hs256 ? [secret].compactMap { $0 } : publicKeys
        let keys = configured.filter { $0.algorithm == algorithm }
        guard !keys.isEmpty else {
            throw .unsupportedAlgorithm(Self.refusal(of: jwt.algorithm, accepted: acceptedAlgorithms))
        }
        guard let kid = jwt.keyID else { return keys }
        if let named = configured.first(where: { $0.keyID == kid }) {
            guard named.algorithm == algorithm else { throw .unknownKey }
            return [named]
        }
        let unnamed = keys.filter { $0.keyID == nil }
        guard !unnamed.isEmpty else { throw .unknownKey }
        return unnamed
    }

    /// The algorithms some configured key verifies, in a fixed order.
    var acceptedAlgorithms: [String] {
        let present = Set(([secret].compactMap { $0 } + publicKeys).map(\.algorithm))
        return VerificationKey.Algorithm.allCases.filter(present.contains).map(\.rawValue)
    }

    /// The message for a refused `alg`: the name is repeated only when it is a registered JWS algorithm (anything
    /// else came from the caller and is not echoed).
    static func refusal(of algorithm: String, accepted: [String]) -> String {
        let registered: Set<String> = [
            "none", "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384",
            "PS512", "EdDSA",
        ]
        let name = registered.contains(algorithm) ? "'\(algorithm)'" : "the token's algorithm"
        return "\(name) is not accepted here; accepted: \(accepted.joined(separator: ", "))"
    }
}
