/// What a finished download produced: its size, its digests, warnings, and where it came from in the end.
public struct DownloadResult: Sendable, Hashable, Codable {
    /// The number of bytes written (decompressed, when the source was a compressed stream).
    public var bytes: Int64
    /// The number of bytes received, when it differs from `bytes` (a decompressed source).
    public var downloadedBytes: Int64?
    /// MD5 of the bytes, lower-case hex (Glance's `checksum`).
    public var md5: String
    /// SHA-512 of the bytes, lower-case hex (Glance's `os_hash_value`).
    public var sha512: String
    /// The requested checksum algorithm's digest, lower-case hex, when a checksum was requested.
    public var requestedDigest: String?
    /// Warnings for the task's `warnings` (e.g. `Source sent no Content-Length`).
    public var warnings: [String]
    /// The URL the bytes came from, after redirects.
    public var finalURL: String

    /// A result.
    public init(
        bytes: Int64,
        downloadedBytes: Int64? = nil,
        md5: String,
        sha512: String,
        requestedDigest: String?,
        warnings: [String],
        finalURL: String
    ) {
        self.bytes = bytes
        self.downloadedBytes = downloadedBytes == bytes ? nil : downloadedBytes
        self.md5 = md5
        self.sha512 = sha512
        self.requestedDigest = requestedDigest
        self.warnings = warnings
        self.finalURL = finalURL
    }
}
