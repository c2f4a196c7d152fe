import AsyncHTTPClient
import Logging
import NIOCore
import SkyliftDomain

/// Downloads an import URL to a file (contract §7.2 step `download`, §15.2 URL rules, §10.1 error codes).
///
/// The URL and every redirect target are checked by the ``ImportURLFilter``, and the connection goes to an address
/// that was checked (see ``PinnedRequest``). The body streams to disk with backpressure while MD5, SHA-512 and the
/// requested checksum are computed. The `HTTPClient` belongs to the caller, who shuts it down; configure it with
/// ``clientConfiguration(limits:egress:)``.
public struct Downloader: Sendable {
    /// The shared client (owned by the caller), created when first needed.
    public var client: HTTPClient { makeClient() }
    private let makeClient: @Sendable () -> HTTPClient
    /// The import URL rules, applied to the URL and to every redirect target.
    public let filter: ImportURLFilter
    /// Where requests are logged.
    public let logger: Logger

    /// The trust roots and proxy downloads use; `client` must be configured with the same.
    public let egress: DownloadEgress

    /// A downloader using `client` (not owned, configured by ``clientConfiguration(limits:egress:)`` with the same
    /// `egress`) and `filter`.
    public init(
        client: HTTPClient,
        filter: ImportURLFilter,
        egress: DownloadEgress = DownloadEgress(),
        logger: Logger = Logger(label: "skylift.download")
    ) {
        self.makeClient = { client }
        self.filter = filter
        self.egress = egress
        self.logger = logger
    }

    /// A downloader using `client`'s connection (created on the first download; the caller shuts it down) and its
    /// egress.
    public init(client: LazyHTTPClient, filter: ImportURLFilter, logger: Logger = Logger(label: "skylift.download")) {
        self.makeClient = { client.client }
        self.filter = filter
        self.egress = client.egress
        self.logger = logger
    }

    /// The configuration the shared client should have: no redirects followed by the client (the downloader
    /// checks each one), no decompression, no connection retries of its own, `limits.connectTimeout` for
    /// connecting, and `egress`'s trust roots and proxy.
    public static func clientConfiguration(
        limits: DownloadLimits,
        egress: DownloadEgress = DownloadEgress()
    ) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: Self.timeAmount(limits.connectTimeout)),
            decompression: .disabled
        )
        configuration.httpVersion = .http1Only
        // A connection that cannot be made fails the attempt at once: the downloader's own retries (contract §17)
        // decide whether to try again, and a refused certificate is not waited on for the connect timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        egress.apply(to: &configuration, proxied: true)
        return configuration
    }

    /// Downloads `url` into the file at `path` (created or truncated; removed again on failure). A transient failure
    /// (contract §17) is tried again up to `limits.retries` times after a doubling backoff, resuming with `Range`
    /// when the source allows it; each retry adds a warning to the result.
    /// - Parameters:
    ///   - checksum: when given, the bytes must have this digest, else `checksum_mismatch`.
    ///   - partial: what an earlier attempt of the task received from `url`: its bytes are taken first and only the
    ///     rest is asked for, as in a retry.
    ///   - progress: called as bytes arrive with the bytes so far and the announced total (nil without
    ///     Content-Length); callers batch their writes.
    ///   - resumable: told the source's validator whenever the file at `path` becomes one another attempt can
    ///     continue (bytes stored as received, a source with ranges and a strong validator).
    /// - Throws: ``DownloadFailure`` with a contract code; `canceled` when the task is canceled.
    public func download(
        url: String,
        to path: String,
        limits: DownloadLimits,
        checksum: ExpectedChecksum? = nil,
        partial: PartialDownload? = nil,
        progress: @escaping @Sendable (Int64, Int64?) -> Void = { _, _ in },
        resumable: @escaping (String) -> Void = { _ in }
    ) async throws(DownloadFailure) -> DownloadResult {
        do {
            let sink = try DownloadSink(
                path: path,
                requested: checksum?.algorithm,
                decompress: limits.decompress,
                maxStoredBytes: limits.maxImageBytes
            )
            sink.onResumable = resumable
            if let partial {
                try await sink.seed(from: partial.path, validator: partial.validator)
                if sink.canResume {
                    sink.warn("Download resumed at byte \(sink.done) from what an earlier attempt received")
                }
            }
            var attempt = 0
            while true {
                do {
                    let result = try await attemptOnce(url: url, sink: sink, limits: limits, progress: progress)
                    if let checksum, let actual = result.requestedDigest, actual != checksum.hex.lowercased() {
                        throw DownloadFailure.checksumMismatch(
                            algorithm: checksum.algorithm,
                            expected: checksum.hex.lowercased(),
                            actual: actual
                        )
                    }
                    return result
                } catch let failure as DownloadFailure
                    where failure.retryable && attempt < limits.retries && !Task.isCancelled
                {
                    attempt += 1
                    let cause =
                        failure.message.hasPrefix("Download failed: ")
                        ? String(failure.message.dropFirst("Download failed: ".count)) : failure.message
                    sink.warn("Download retried after \(cause) (attempt \(attempt + 1) of \(limits.retries + 1))")
                    logger.info("download retried", metadata: ["url": "\(url)", "cause": "\(cause)"])
                    try await Task.sleep(for: Self.delay(before: attempt, after: failure, limits: limits))
                }
            }
        } catch {
            DownloadFile.remove(path: path)
            if Task.isCancelled { throw .canceled }
            if let failure = error as? DownloadFailure { throw failure }
            throw .canceled
        }
    }

    /// The wait before retry `attempt` (1 first): the source's `Retry-After` when it is at most 60 s, else the
    /// doubling backoff from `limits.retryDelay`.
    static func delay(before attempt: Int, after failure: DownloadFailure, limits: DownloadLimits) -> Duration {
        if let seconds = failure.retryAfter, (0...60).contains(seconds) { return .seconds(seconds) }
        return limits.retryDelay * (1 << min(attempt - 1, 20))
    }

    /// One attempt: the redirect loop under a stall watch, every failure made a `DownloadFailure`.
    private func attemptOnce(
        url: String,
        sink: DownloadSink,
        limits: DownloadLimits,
        progress: @escaping @Sendable (Int64, Int64?) -> Void
    ) async throws(DownloadFailure) -> DownloadResult {
        let activity = TransferActivity(limits: limits)
        do {
            return try await withThrowingTaskGroup(of: DownloadResult?.self) { group in
                group.addTask {
                    try await transfer(url: url, sink: sink, limits: limits, activity: activity) { progress($0, $1) }
                }
                group.addTask {
                    try await activity.watch()
                    return nil
                }
                defer { group.cancelAll() }
                while let outcome = try await group.next() {
                    if let outcome { return outcome }
                }
                throw CancellationError()
            }
        } catch {
            if Task.isCancelled { throw .canceled }
            if let failure = error as? DownloadFailure { throw failure }
            logger.warning("download failed", metadata: ["url": "\(url)", "error": "\(String(reflecting: error))"])
            throw .transport("Download failed: \(TransportErrorText.describe(error))")
        }
    }

    /// The redirect loop: check, request, follow or stream.
    private func transfer(
        url: String,
        sink: DownloadSink,
        limits: DownloadLimits,
        activity: TransferActivity,
        progress: @escaping @Sendable (Int64, Int64?) -> Void
    ) async throws -> DownloadResult {
        var current = try await check(url, redirect: false)
        var redirects = 0
        while true {
            let pinned = PinnedRequest(current)
            activity.requestStarted(host: pinned.displayHost)
            let hop = ResponseHandler(
                pinned: pinned,
                url: current.url,
                sink: sink,
                limits: limits,
                activity: activity,
                progress: progress
            )
            let outcome = try await withClient(for: pinned, limits: limits) { client in
                try await hop.run(on: client, logger: logger)
            }
            switch outcome {
            case .finished(let result):
                return result
            case .redirect(let location):
                redirects += 1
                guard redirects <= limits.maxRedirects else {
                    throw DownloadFailure.refused(
                        "The import URL was redirected more than \(limits.maxRedirects) times (import.maxRedirects)"
                    )
                }
                guard let next = RedirectLocation.resolve(location, against: current.url.original) else {
                    throw DownloadFailure.refused("The redirect target '\(location)' is not a valid URL")
                }
                current = try await check(next, redirect: true)
            }
        }
    }

    /// The filter's verdict: `url_refused`, or `download_failed` when the name does not resolve.
    private func check(_ url: String, redirect: Bool) async throws(DownloadFailure) -> CheckedImportURL {
        do {
            return try await filter.check(url)
        } catch {
            let what = redirect ? "The redirect target \(url)" : "The import URL"
            if error.kind == .unresolvable { throw .transport("Download failed: \(error.reason)") }
            if error.isSchemeRejection { throw .refused("\(what) was refused: \(error.reason)") }
            throw .refused("\(what) does not pass filtering: \(error.reason)")
        }
    }

    /// Runs `body` on the shared client, or on a short-lived one sharing its event loops for a pinned `https` name
    /// (its `dnsOverride` also makes a proxy's `CONNECT` name the checked address) or a host in `import.noProxy`.
    private func withClient<T>(
        for pinned: PinnedRequest,
        limits: DownloadLimits,
        _ body: (HTTPClient) async throws -> T
    ) async throws -> T {
        let bypassesProxy = egress.proxy != nil && !egress.proxies(host: pinned.displayHost)
        guard pinned.dnsOverride != nil || bypassesProxy else { return try await body(client) }
        var configuration = Self.clientConfiguration(limits: limits)
        egress.apply(to: &configuration, proxied: !bypassesProxy)
        configuration.dnsOverride = pinned.dnsOverride ?? [:]
        let pinnedClient = HTTPClient(
            eventLoopGroupProvider: .shared(client.eventLoopGroup),
            configuration: configuration
        )
        do {
            let result = try await body(pinnedClient)
            try? await pinnedClient.shutdown()
            return result
        } catch {
            try? await pinnedClient.shutdown()
            throw error
        }
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

/// The bytes an earlier attempt of a task received, for ``Downloader/download(url:to:limits:checksum:partial:progress:resumable:)``
/// to continue.
public struct PartialDownload: Sendable {
    /// The file holding them (read, never written).
    public var path: String
    /// The source's strong validator when they were received (`If-Range` asks for the rest only if it still holds).
    public var validator: String

    /// The partial download at `path`, received under `validator`.
    public init(path: String, validator: String) {
        self.path = path
        self.validator = validator
    }
}
