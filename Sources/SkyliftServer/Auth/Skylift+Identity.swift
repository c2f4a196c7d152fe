import AsyncHTTPClient
import Foundation
import Logging
import SkyliftAPI
import SkyliftAuth
import SkyliftDomain

extension Skylift {
    /// The identity resolver `auth.mode` chooses (contract §3.1); in token mode the key and token files are read
    /// here, so a bad one stops startup.
    /// - Throws: `ConfigurationError` naming the key and file that are wrong.
    public static func identityResolver(
        _ configuration: SkyliftConfiguration,
        clock: any WallClock = SystemWallClock(),
        logger: Logger
    ) async throws(ConfigurationError) -> any IdentityResolver {
        switch configuration.authMode {
        case .headers:
            return HeaderIdentityResolver()
        case .token:
            let authenticator = try await tokenAuthenticator(configuration.token, clock: clock)
            for key in authenticator.skippedPublicKeys {
                logger.info(
                    "public key not used",
                    metadata: [
                        "key": .string(key), "file": .string(configuration.token.jwtPublicKeysFile ?? ""),
                    ]
                )
            }
            return TokenIdentityResolver(verifier: authenticator)
        case .keystone:
            return TokenIdentityResolver(
                verifier: keystoneVerifier(configuration.keystone, clock: clock, logger: logger)
            )
        }
    }

    /// The Keystone verifier of the `auth.keystone*` keys (checked present by the configuration); it talks to
    /// Keystone with the process-wide HTTP client, and only once a token arrives.
    static func keystoneVerifier(
        _ keystone: SkyliftConfiguration.KeystoneSettings,
        clock: any WallClock,
        logger: Logger
    ) -> KeystoneTokenVerifier {
        KeystoneTokenVerifier(
            settings: KeystoneTokenVerifier.Settings(
                url: keystone.url ?? "",
                user: keystone.user ?? "",
                password: keystone.password ?? "",
                project: keystone.project ?? "",
                domain: keystone.domain,
                cacheSeconds: keystone.cacheSeconds
            ),
            client: .shared,
            clock: clock,
            logger: logger
        )
    }

    /// The token verifier for the `auth.*` token keys.
    static func tokenAuthenticator(
        _ token: SkyliftConfiguration.TokenSettings,
        clock: any WallClock
    ) async throws(ConfigurationError) -> TokenAuthenticator {
        var settings = TokenAuthenticator.Settings(
            secret: token.jwtSecret,
            staticTokens: try token.tokensFile.map(TokensFileLoader.load(path:)) ?? [],
            rules: claimRules(token)
        )
        if let path = token.jwtPublicKeysFile {
            let key = "configuration key 'auth.jwtPublicKeysFile'"
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigurationError("\(key): cannot read \(path) (missing or not readable)")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw ConfigurationError("\(key): \(path) is not UTF-8 text")
            }
            do {
                settings.publicKeys = try await PublicKeySet.parse(text)
            } catch {
                throw ConfigurationError("\(key): \(path) \(error.description)")
            }
        }
        do {
            return try await TokenAuthenticator(settings: settings, clock: clock)
        } catch {
            // The configuration has already refused a short secret and a token mode without any key or file.
            throw ConfigurationError("configuration key 'auth.mode': \(error.description)")
        }
    }

    /// The claim rules of the `auth.jwt*` keys.
    static func claimRules(_ token: SkyliftConfiguration.TokenSettings) -> ClaimRules {
        ClaimRules(
            issuer: token.jwtIssuer,
            audience: token.jwtAudience,
            projectClaim: token.jwtProjectClaim,
            rolesClaim: token.jwtRolesClaim
        )
    }

    /// `skylift token`: an HS256 JWT for `project`, `user` and `roles`, signed with `auth.jwtSecret`, valid for
    /// `lifetime` seconds from now.
    /// - Throws: `ConfigurationError` naming `auth.jwtSecret` when it is not set.
    public static func mintToken(
        configuration: SkyliftConfiguration,
        project: String,
        user: String?,
        roles: [String],
        lifetime: Int,
        clock: any WallClock = SystemWallClock()
    ) async throws -> String {
        guard let secret = configuration.token.jwtSecret else {
            throw ConfigurationError(
                "configuration key 'auth.jwtSecret' is not set: skylift token signs its tokens with it"
            )
        }
        let minter = try await TokenMinter(secret: secret, rules: claimRules(configuration.token))
        return try minter.token(project: project, user: user, roles: roles, now: clock.now(), lifetime: lifetime)
    }
}
