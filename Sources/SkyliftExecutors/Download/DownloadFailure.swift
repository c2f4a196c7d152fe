/// Why a download failed: a contract §10.1 error code, a sentence a tenant can act on, and whether a retry may help.
public struct DownloadFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `error.code` values a download step can end with (contract §10.1).
    public enum Code: String, Sendable, Hashable {
        /// The source answered an HTTP status ≥ 400.
        case httpError = "http_error"
        /// Connection refused or reset, DNS failure, body shorter than its Content-Length, or a stall.
        case downloadFailed = "download_failed"
        /// The URL or a redirect target broke the import URL rules, or there were too many redirects.
        case urlRefused = "url_refused"
        /// More than `import.maxImageBytes` bytes, announced or streamed.
        case tooLarge = "too_large"
        /// The `checksum` input did not match the downloaded bytes.
        case checksumMismatch = "checksum_mismatch"
        /// The task running the download was canceled.
        case canceled
    }

    /// The error code.
    public var code: Code
    /// One sentence naming what went wrong; never a stack trace.
    public var message: String
    /// Whether trying again later may succeed.
    public var retryable: Bool
    /// The source's `Retry-After`, in seconds, when it sent one with the failure.
    public var retryAfter: Int?

    /// A failure with `code`, `message` and `retryable`.
    public init(code: Code, message: String, retryable: Bool, retryAfter: Int? = nil) {
        self.code = code
        self.message = message
        self.retryable = retryable
        self.retryAfter = retryAfter
    }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }

    /// The source answered `status` (5xx, 408 and 429 are retryable).
    /// The statuses a download is tried again after (contract §17): timeouts, throttling, server trouble.
    static let transientStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]

    static func http(status: Int, host: String, retryAfter: Int? = nil) -> DownloadFailure {
        DownloadFailure(
            code: .httpError,
            message: "Download failed: HTTP \(status) from \(host)",
            retryable: transientStatuses.contains(status),
            retryAfter: retryAfter
        )
    }

    /// A transport problem (refused, reset, timed out, stalled, truncated); always retryable.
    static func transport(_ message: String) -> DownloadFailure {
        DownloadFailure(code: .downloadFailed, message: message, retryable: true)
    }

    /// A URL or redirect target refused by the rules, or a redirect limit exceeded.
    static func refused(_ message: String) -> DownloadFailure {
        DownloadFailure(code: .urlRefused, message: message, retryable: false)
    }

    /// More bytes than `limit`.
    static func tooLarge(limit: Int64, detail: String) -> DownloadFailure {
        DownloadFailure(
            code: .tooLarge,
            message: "Download failed: \(detail), more than the limit of \(limit) bytes (import.maxImageBytes)",
            retryable: false
        )
    }

    /// The requested checksum did not match.
    static func checksumMismatch(algorithm: ChecksumAlgorithm, expected: String, actual: String) -> DownloadFailure {
        DownloadFailure(
            code: .checksumMismatch,
            message: "Checksum mismatch: expected \(algorithm.rawValue) \(expected), got \(actual)",
            retryable: false
        )
    }

    /// The download's task was canceled.
    static let canceled = DownloadFailure(code: .canceled, message: "The download was canceled", retryable: false)
}
