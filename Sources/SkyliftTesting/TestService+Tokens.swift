import Logging
import SkyliftDomain
import SkyliftServer

extension TestService {
    /// The service in `auth.mode: token`, its identity built by the composition root from `configure`'s settings
    /// (by default just `auth.jwtSecret` = `TestTokens.secret`); the verifier reads the service's clock.
    public static func tokenMode(
        policyFile: String? = nil,
        _ configure: (inout SkyliftConfiguration.TokenSettings) throws -> Void = { $0.jwtSecret = TestTokens.secret }
    ) async throws -> TestService {
        var configuration = SkyliftConfiguration()
        configuration.authMode = .token
        try configure(&configuration.token)
        let clock = ManualWallClock(tickMicroseconds: 1000)
        let identity = try await Skylift.identityResolver(configuration, clock: clock, logger: Logger(label: "test"))
        return try await TestService(policyFile: policyFile, clock: clock, identity: identity)
    }

    /// The service clock's reading in whole seconds (JWT times are in seconds).
    public var nowSeconds: Int64 { clock.now().microseconds / 1_000_000 }

    /// A JWT for `identity`, signed with `key` (by default the HS256 test secret), valid for `lifetime` seconds from
    /// the service's now.
    public func token(
        _ identity: TestIdentity = .admin(),
        key: TestSigningKey = .hs256(TestTokens.secret),
        kid: String? = nil,
        lifetime: Int64 = 3600
    ) throws -> String {
        let claims = TestTokens.claims(
            project: identity.project,
            user: identity.user,
            roles: identity.roles,
            now: clock.now(),
            lifetime: lifetime
        )
        return try TestTokens.jwt(claims, key: key, kid: kid)
    }
}
