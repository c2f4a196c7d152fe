import SkyliftDomain
import SkyliftTesting
import Testing

@testable import SkyliftAuth

/// The verified-token cache stays bounded and never outlives a token's `exp`.
@Suite struct VerifiedTokenCacheTests {
    static func authenticator(capacity: Int, clock: ManualWallClock) async throws -> TokenAuthenticator {
        try await TokenAuthenticator(
            settings: TokenAuthenticator.Settings(secret: TestTokens.secret, cacheCapacity: capacity),
            clock: clock
        )
    }

    @Test("more distinct tokens than the capacity: the cache never holds more, and every token still verifies")
    func bounded() async throws {
        let clock = ManualWallClock()
        let authenticator = try await Self.authenticator(capacity: 3, clock: clock)
        for number in 0..<10 {
            let identity = TestIdentity.member(user: "user-\(number)")
            let claims = TestTokens.claims(project: identity.project, user: identity.user, now: clock.now())
            let token = try TestTokens.jwt(claims, key: .hs256(TestTokens.secret))
            #expect(try authenticator.principal(forToken: token).get().userID == identity.user)
            #expect(try authenticator.principal(forToken: token).get().userID == identity.user)
            #expect(authenticator.cache.count <= 3)
        }
    }

    @Test("a cached token is refused at its exp, and its entry is dropped")
    func neverPastExp() async throws {
        let clock = ManualWallClock()
        let authenticator = try await Self.authenticator(capacity: 10, clock: clock)
        let token = try TestTokens.jwt(TestTokens.claims(now: clock.now(), lifetime: 5), key: .hs256(TestTokens.secret))
        #expect(throws: Never.self) { try authenticator.principal(forToken: token).get() }
        #expect(authenticator.cache.count == 1)
        clock.advance(seconds: 5)
        #expect(authenticator.principal(forToken: token) == .failure(.expired))
        #expect(authenticator.cache.count == 0)
    }
}
