import NIOCore

/// Where a download's bytes go across all its attempts (contract §17): one file, one set of running digests and
/// the count of bytes kept, so a retry that resumes with `Range` continues them instead of starting again, and what
/// the source said about resuming (ranges, a strong validator).
///
/// Used by one download at a time, attempt after attempt, never concurrently.
final class DownloadSink: @unchecked Sendable {
    let file: DownloadFile
    private let requested: ChecksumAlgorithm?
    private(set) var hasher: PipelinedHasher
    /// Bytes written so far (the partial file's length).
    private(set) var done: Int64 = 0
    /// The whole file's size, when the source said it.
    var total: Int64?
    /// The source's strong validator (a strong `ETag`, else `Last-Modified`), when it offered `Accept-Ranges: bytes`.
    var resumeValidator: String?
    /// Warnings for the task, in order.
    private(set) var warnings: [String] = []

    init(path: String, requested: ChecksumAlgorithm?) throws(DownloadFailure) {
        self.file = try DownloadFile(path: path)
        self.requested = requested
        self.hasher = PipelinedHasher(requested: requested)
    }

    /// Whether the next request can ask for only the missing bytes.
    var canResume: Bool { done > 0 && resumeValidator != nil }

    /// Hashes and writes `batch`.
    func append(_ batch: ByteBuffer) async throws(DownloadFailure) {
        guard batch.readableBytes > 0 else { return }
        await hasher.update(batch)
        try batch.withUnsafeReadableBytes { bytes throws(DownloadFailure) in try file.write(bytes) }
        done += Int64(batch.readableBytes)
    }

    /// Forgets every byte: the file emptied, the digests started again.
    func restart() throws(DownloadFailure) {
        try file.truncate()
        hasher = PipelinedHasher(requested: requested)
        done = 0
        total = nil
    }

    /// Adds a warning once.
    func warn(_ text: String) {
        if !warnings.contains(text) { warnings.append(text) }
    }

    /// The digests of every byte written.
    func finalize() async -> (md5: String, sha512: String, requested: String?) {
        await hasher.finalize()
    }
}
