import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SkyliftDomain

/// `auth.mode: keystone` (contract §3.1): a token is whatever OpenStack Keystone says it is.
///
/// Tokens are validated as keystonemiddleware does for Glance, with `GET /v3/auth/tokens` and `X-Subject-Token`,
/// authenticated by a service token that this verifier obtains with the service user's password and renews before
/// it expires (and once more when Keystone answers 401 to it). Valid answers are cached for `cacheSeconds`, never
/// past the token's `expires_at`.
public actor KeystoneTokenVerifier: TokenVerifier {
    /// Where Keystone is and who the service user is.
    public struct Settings: Sendable {
        /// Keystone's base URL, with or without a trailing `/v3`.
        public var url: String
        public var user: String
        public var password: String
        public var project: String
        public var domain: String
        public var cacheSeconds: Int
        /// Most validated tokens held in the cache.
        public var cacheCapacity: Int = 10_000
        /// How long one call to Keystone may take before Keystone counts as unreachable.
        public var timeout: TimeAmount = .seconds(5)

        public init(url: String, user: String, password: String, project: String, domain: String, cacheSeconds: Int) {
            self.url = url
            self.user = user
            self.password = password
            self.project = project
            self.domain = domain
            self.cacheSeconds = cacheSeconds
        }
    }

    /// The service token, with the instant it is no longer used.
    private struct ServiceToken {
        var token: String
        var renewAt: Timestamp
    }

    /// Why Keystone's answer cannot be used; `unavailable` becomes a 503, the rest a 401.
    enum Failure: Error {
        case unavailable(String)
        case rejected(TokenRejection)
        case serviceTokenRefused
    }

    /// Longest token sent to Keystone (Fernet tokens are about 200 bytes, PKI tokens were a few kilobytes).
    static let maxTokenBytes = 16_384
    /// A service token is renewed this long before its `expires_at`.
    static let serviceTokenMargin: Double = 120

    let settings: Settings
    let baseURL: String
    let client: HTTPClient
    let clock: any WallClock
    let logger: Logger
    private let cache: VerifiedTokenCache
    private var serviceToken: ServiceToken?
    private var pendingServiceToken: Task<ServiceToken, any Error>?

    public init(settings: Settings, client: HTTPClient, clock: any WallClock = SystemWallClock(), logger: Logger) {
        self.settings = settings
        var base = settings.url
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasSuffix("/v3") { base.removeLast(3) }
        self.baseURL = base
        self.client = client
        self.clock = clock
        self.logger = logger
        self.cache = VerifiedTokenCache(capacity: settings.cacheCapacity)
    }

    /// Checks the form and the cache without entering the actor, so cached tokens are answered in parallel; only
    /// a token Keystone must be asked about waits for it.
    public nonisolated func principal(forToken token: String) async -> Result<Principal, TokenRejection> {
        guard token.utf8.count <= Self.maxTokenBytes else {
            return .failure(.malformed("it is longer than \(Self.maxTokenBytes) bytes"))
        }
        guard token.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            return .failure(.malformed("it holds bytes other than printable ASCII"))
        }
        let digest = SHA256.hash(data: Array(token.utf8))
        if let principal = cache.principal(for: digest, now: clock.now()) { return .success(principal) }
        return await askKeystone(token, digest: digest)
    }

    /// Keystone's answer for a token not in the cache, cached when valid.
    private func askKeystone(_ token: String, digest: SHA256Digest) async -> Result<Principal, TokenRejection> {
        let verified: VerifiedToken
        do throws(Failure) {
            verified = try await validate(token, retryingServiceToken: true)
        } catch {
            switch error {
            case .rejected(let rejection):
                return .failure(rejection)
            case .serviceTokenRefused:
                logger.error(
                    "Keystone refuses the service user's credentials",
                    metadata: ["keystone": .string(baseURL)]
                )
                return .failure(.unavailable("Keystone refuses this server's service credentials"))
            case .unavailable(let detail):
                logger.error("Keystone is down", metadata: ["keystone": .string(baseURL), "error": .string(detail)])
                return .failure(.unavailable(detail))
            }
        }
        let now = clock.now()
        let cacheUntil = min(verified.expiresAt, now.adding(seconds: Double(settings.cacheSeconds)))
        if settings.cacheSeconds > 0 {
            cache.insert(VerifiedToken(principal: verified.principal, expiresAt: cacheUntil), for: digest, now: now)
        }
        return .success(verified.principal)
    }

    /// Keystone's answer for `token`; a 401 to the service token renews it and asks once more.
    private func validate(_ token: String, retryingServiceToken: Bool) async throws(Failure) -> VerifiedToken {
        let service = try await currentServiceToken()
        var request = HTTPClientRequest(url: baseURL + "/v3/auth/tokens")
        request.method = .GET
        request.headers.add(name: "X-Auth-Token", value: service)
        request.headers.add(name: "X-Subject-Token", value: token)
        request.headers.add(name: "Accept", value: "application/json")
        let (status, body, _) = try await send(request)
        switch status.code {
        case 200:
            return try Self.verifiedToken(from: body)
        case 404:
            throw .rejected(.unknownToken)
        case 401, 403:
            // Keystone answers 401 when the service token itself is no longer valid.
            guard retryingServiceToken else { throw .serviceTokenRefused }
            serviceToken = nil
            return try await validate(token, retryingServiceToken: false)
        default:
            throw .unavailable("Keystone answered \(status.code) to a token validation")
        }
    }

    /// The service token, obtained or renewed when missing or close to its expiry; concurrent callers share one
    /// request to Keystone.
    private func currentServiceToken() async throws(Failure) -> String {
        if let serviceToken, clock.now() < serviceToken.renewAt { return serviceToken.token }
        let task: Task<ServiceToken, any Error>
        if let pendingServiceToken {
            task = pendingServiceToken
        } else {
            task = Task { try await self.issueServiceToken() }
            pendingServiceToken = task
        }
        do {
            let token = try await task.value
            if pendingServiceToken == task { pendingServiceToken = nil }
            serviceToken = token
            return token.token
        } catch {
            if pendingServiceToken == task { pendingServiceToken = nil }
            throw (error as? Failure) ?? .unavailable("\(error)")
        }
    }

    /// `POST /v3/auth/tokens` with the service user's password, scoped to its project.
    private func issueServiceToken() async throws(Failure) -> ServiceToken {
        let domain: [String: String] = ["name": settings.domain]
        let body: [String: Any] = [
            "auth": [
                "identity": [
                    "methods": ["password"],
                    "password": [
                        "user": ["name": settings.user, "domain": domain, "password": settings.password]
                    ],
                ],
                "scope": ["project": ["name": settings.project, "domain": domain]],
            ]
        ]
        // The dictionary holds only strings, arrays and dictionaries, which JSONSerialization always encodes.
        let data = try! JSONSerialization.data(withJSONObject: body)
        var request = HTTPClientRequest(url: baseURL + "/v3/auth/tokens")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: data))
        let (status, responseBody, headers) = try await send(request)
        switch status.code {
        case 201, 200:
            guard let token = headers.first(name: "X-Subject-Token"), !token.isEmpty else {
                throw .unavailable("Keystone issued a service token without X-Subject-Token")
            }
            let expiresAt = try Self.expiry(in: Self.tokenObject(in: responseBody))
            let now = clock.now()
            let lifetime = Double(expiresAt.microseconds - now.microseconds) / 1_000_000
            // Renew well before expiry, or halfway through a very short lifetime.
            let margin = min(Self.serviceTokenMargin, max(lifetime / 2, 0))
            return ServiceToken(token: token, renewAt: expiresAt.adding(seconds: -margin))
        case 401, 403:
            throw .serviceTokenRefused
        default:
            throw .unavailable("Keystone answered \(status.code) when this server asked for its service token")
        }
    }

    /// One call to Keystone, with the timeout; any failure to get an answer is `unavailable`.
    private func send(
        _ request: HTTPClientRequest
    ) async throws(Failure) -> (HTTPResponseStatus, ByteBuffer, HTTPHeaders) {
        do {
            let response = try await client.execute(request, timeout: settings.timeout)
            let body = try await response.body.collect(upTo: 4 * 1024 * 1024)
            return (response.status, body, response.headers)
        } catch {
            throw .unavailable("Keystone cannot be reached (\(error))")
        }
    }

    /// The principal and expiry of a validation's `token` object.
    static func verifiedToken(from body: ByteBuffer) throws(Failure) -> VerifiedToken {
        let token = try tokenObject(in: body)
        guard let project = token["project"] as? [String: Any], let projectID = project["id"] as? String,
            !projectID.isEmpty
        else {
            throw .rejected(.invalidClaim("the token is not scoped to a project"))
        }
        guard projectID.utf8.count <= Principal.maxIDLength else {
            throw .rejected(.invalidClaim("its project id is longer than \(Principal.maxIDLength) characters"))
        }
        let user = (token["user"] as? [String: Any])?["id"] as? String
        let roles = (token["roles"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        return VerifiedToken(
            principal: Principal(projectID: projectID, userID: user, roles: roles),
            expiresAt: try expiry(in: token)
        )
    }

    static func tokenObject(in body: ByteBuffer) throws(Failure) -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
            let token = object["token"] as? [String: Any]
        else {
            throw .unavailable("Keystone's answer is not a JSON object with a token")
        }
        return token
    }

    /// `expires_at` such as `2026-12-02T23:48:26.000000Z` (the fraction is dropped: the instant is only earlier).
    static func expiry(in token: [String: Any]) throws(Failure) -> Timestamp {
        guard let text = token["expires_at"] as? String, text.count >= 19 else {
            throw .unavailable("Keystone's token has no expires_at")
        }
        let formatter = ISO8601DateFormatter()
        guard let date = formatter.date(from: String(text.prefix(19)) + "Z") else {
            throw .unavailable("Keystone's expires_at '\(text)' is not a date")
        }
        return Timestamp(seconds: Int64(date.timeIntervalSince1970))
    }
}
