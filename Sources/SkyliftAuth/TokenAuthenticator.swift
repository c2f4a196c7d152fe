import Crypto
import JWTKit
import SkyliftDomain

/// `auth.mode: token`: accepts static tokens by digest and JWTs signed with the HS256 secret or a configured public
/// key (contract §3.1); remembers verified JWTs until their `exp`.
public struct TokenAuthenticator: TokenVerifier {
    /// What `auth.*` configures, read and checked by the server's configuration.
    public struct Settings: Sendable {
        /// `auth.jwtSecret` (at least 32 bytes; the configuration refuses shorter ones).
        public var secret: String?
        /// The keys of `auth.jwtPublicKeysFile`.
        public var publicKeys: PublicKeySet
        /// The entries of `auth.tokensFile`.
        public var staticTokens: [StaticToken]
        public var rules: ClaimRules
        /// Verified JWTs remembered (0: none).
        public var cacheCapacity: Int

        public init(
            secret: String? = nil,
            publicKeys: PublicKeySet = PublicKeySet(),
            staticTokens: [StaticToken] = [],
            rules: ClaimRules = ClaimRules(),
            cacheCapacity: Int = 10_000
        ) {
            self.secret = secret
            self.publicKeys = publicKeys
            self.staticTokens = staticTokens
            self.rules = rules
            self.cacheCapacity = cacheCapacity
        }
    }

    /// Longest token accepted, in bytes (an RS256 JWT with a 4096-bit key and many roles stays well under it).
    public static let maxTokenBytes = 16384
    /// Shortest HS256 secret, in bytes (the SHA-256 output size; jwt-kit asserts on shorter keys).
    public static let minimumSecretBytes = 32

    let jwt: JWTVerifier?
    let staticTokens: StaticTokenTable
    let cache: VerifiedTokenCache
    let clock: any WallClock
    /// Public keys of a JWKS document that are not used, for the startup log.
    public var skippedPublicKeys: [String] { publicKeys.skipped }
    let publicKeys: PublicKeySet

    /// Builds the verifier, taking jwt-kit's HS256 verifier for the secret out of a key collection.
    /// - Throws: `TokenSetupError` when nothing is configured or the secret is short.
    public init(settings: Settings, clock: any WallClock) async throws(TokenSetupError) {
        var secret: VerificationKey?
        if let text = settings.secret {
            guard text.utf8.count >= Self.minimumSecretBytes else {
                throw TokenSetupError("the HS256 secret must be at least \(Self.minimumSecretBytes) bytes")
            }
            secret = await Self.hmacKey(text)
        }
        let publicKeys = settings.publicKeys
        guard secret != nil || !publicKeys.keys.isEmpty || !settings.staticTokens.isEmpty else {
            throw TokenSetupError("token mode needs an HS256 secret, public keys or static tokens")
        }
        let hasKeys = secret != nil || !publicKeys.keys.isEmpty
        jwt = hasKeys ? JWTVerifier(secret: secret, publicKeys: publicKeys.keys, rules: settings.rules) : nil
        staticTokens = StaticTokenTable(tokens: settings.staticTokens)
        cache = VerifiedTokenCache(capacity: settings.cacheCapacity)
        self.clock = clock
        self.publicKeys = publicKeys
    }

    public func principal(forToken token: String) -> Result<Principal, TokenRejection> {
        guard token.utf8.count <= Self.maxTokenBytes else {
            return .failure(.malformed("it is longer than \(Self.maxTokenBytes) bytes"))
        }
        guard token.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            return .failure(.malformed("it holds bytes other than printable ASCII"))
        }
        let digest = SHA256.hash(data: Array(token.utf8))
        if let principal = staticTokens.principal(for: digest) { return .success(principal) }
        guard let jwt, CompactJWT.looksLikeJWT(token) else { return .failure(.unknownToken) }
        let now = clock.now()
        if let principal = cache.principal(for: digest, now: now) { return .success(principal) }
        return jwt.verify(token, now: now).map { verified in
            cache.insert(verified, for: digest, now: now)
            return verified.principal
        }
    }

    /// jwt-kit's HS256 verifier for the secret.
    static func hmacKey(_ secret: String) async -> VerificationKey {
        let collection = JWTKeyCollection()
        let kid = JWKIdentifier(string: "skylift-hs256")
        await collection.add(hmac: HMACKey(from: Array(secret.utf8)), digestAlgorithm: .sha256, kid: kid)
        // The collection holds exactly this key under this id, so the lookup cannot miss.
        let verifier = try! await collection.getKey(for: kid, alg: "HS256")
        return VerificationKey(algorithm: .hs256, keyID: nil, verifier: verifier)
    }
}
