/// The `import.*` limits a download runs under (contract §13).
public struct DownloadLimits: Sendable, Hashable {
    /// The most bytes a download may have, inclusive (`import.maxImageBytes`).
    public var maxImageBytes: Int64
    /// The most redirects followed; one more fails with `url_refused` (`import.maxRedirects`).
    public var maxRedirects: Int
    /// How long connecting may take (`import.connectTimeout`).
    public var connectTimeout: Duration
    /// How long the source may send nothing before the download fails (`import.stallTimeout`).
    public var stallTimeout: Duration
    /// How many more times a download that failed for a transient cause is tried (`import.retries`, §17).
    public var retries: Int
    /// The first wait before a retry; each next one doubles it (1 s, 2 s, 4 s … as the contract says).
    public var retryDelay: Duration
    /// Whether gzip, xz, zstd and bzip2 streams are decompressed while they stream (`import.decompress`, §17).
    public var decompress: Bool

    /// The limits; the defaults are the contract's.
    public init(
        maxImageBytes: Int64 = 1_099_511_627_776,
        maxRedirects: Int = 5,
        connectTimeout: Duration = .seconds(10),
        stallTimeout: Duration = .seconds(60),
        retries: Int = 3,
        retryDelay: Duration = .seconds(1),
        decompress: Bool = true
    ) {
        self.decompress = decompress
        self.retries = retries
        self.retryDelay = retryDelay
        self.maxImageBytes = maxImageBytes
        self.maxRedirects = maxRedirects
        self.connectTimeout = connectTimeout
        self.stallTimeout = stallTimeout
    }
}
