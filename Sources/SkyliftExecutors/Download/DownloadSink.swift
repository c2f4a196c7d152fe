import Crypto
import Dispatch
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a download's bytes go across all its attempts (contract §17): one file, the running digests and the count
/// of bytes received, so a retry that resumes with `Range` continues them instead of starting again, and what the
/// source said about resuming (ranges, a strong validator).
///
/// A gzip, xz, zstd or bzip2 stream (told by its first bytes) is decompressed on its way to the file unless
/// `decompress` is off: the requested checksum is then of the bytes received, the image digests and the size limit
/// of the bytes stored.
///
/// Used by one download at a time, attempt after attempt, never concurrently.
final class DownloadSink: @unchecked Sendable {
    let file: DownloadFile
    private let requested: ChecksumAlgorithm?
    private let decompress: Bool
    private let maxStoredBytes: Int64
    /// Digests of the stored bytes when they are the received ones (md5 on a lane of its own).
    private var hasher: PipelinedHasher
    /// When decompressing: the requested digest of the received bytes (only when a checksum was asked for), and
    /// the digests of the stored ones.
    private var receivedHasher: DownloadHasher?
    private var storedHasher = StoredDigestLanes()
    /// The first bytes, held until the format can be told.
    private var undecided = ByteBuffer()
    private var decided = false
    /// The compressed format being decoded, if any.
    private(set) var format: CompressionFormat?
    private var decoder: (any StreamDecoder)?
    /// Where the decoder runs: a serial queue, whose thread is not one of the task pool's.
    private let decoding = DispatchQueue(label: "skylift.download.decoder")
    /// The buffers decoded chunks take turns in, made with the decoder (a fresh buffer per chunk came from fresh
    /// pages each time: about 400,000 page faults in a 2 GiB xz import).
    private var ring: ChunkRing?
    /// Bytes received so far (the count a resume continues from).
    private(set) var done: Int64 = 0
    /// Bytes written to the file so far.
    private(set) var stored: Int64 = 0
    /// The whole size the source announced, when it said it.
    var total: Int64?
    /// The source's strong validator (a strong `ETag`, else `Last-Modified`), when it offered `Accept-Ranges: bytes`.
    var resumeValidator: String?
    /// Warnings for the task, in order.
    private(set) var warnings: [String] = []
    /// Told the validator each time the file becomes resumable by another process: bytes stored as received (not
    /// decompressed) from a source with a strong validator.
    var onResumable: (String) -> Void = { _ in }
    private var reportedValidator: String?

    init(path: String, requested: ChecksumAlgorithm?, decompress: Bool, maxStoredBytes: Int64) throws(DownloadFailure) {
        self.file = try DownloadFile(path: path)
        self.requested = requested
        self.decompress = decompress
        self.maxStoredBytes = maxStoredBytes
        self.hasher = PipelinedHasher(requested: requested)
        self.receivedHasher = Self.receivedHasher(requested)
    }

    private static func receivedHasher(_ requested: ChecksumAlgorithm?) -> DownloadHasher? {
        requested.map { DownloadHasher(requested: $0, md5: $0 == .md5) }
    }

    /// How many received bytes to gather before each `append`: 1 MiB, or 4 MiB for a decoder, so liblzma's threaded
    /// decoder has blocks for both its threads. (Four times the bytes as received cost a 2 GiB raw import 20 MiB
    /// more peak memory, for nothing measurable.)
    var batchBytes: Int { decoder == nil ? Self.receivedBatchBytes : Self.decoderBatchBytes }
    static let receivedBatchBytes = 1 << 20
    private static let decoderBatchBytes = 4 << 20

    /// Whether the next request can ask for only the missing bytes.
    var canResume: Bool { done > 0 && resumeValidator != nil }

    /// Takes `batch`, bytes as received: hashes, decompresses when it is a compressed stream, writes.
    func append(_ batch: ByteBuffer) async throws {
        guard batch.readableBytes > 0 else { return }
        done += Int64(batch.readableBytes)
        if decided {
            try await process(batch)
        } else {
            undecided.writeImmutableBuffer(batch)
            guard undecided.readableBytes >= CompressionFormat.magicLength else { return }
            try await decide()
        }
        if decoder == nil, let resumeValidator, resumeValidator != reportedValidator {
            reportedValidator = resumeValidator
            onResumable(resumeValidator)
        }
    }

    /// Takes the bytes an earlier attempt received from a source whose validator was `validator` (the file at
    /// `path`, which another process may have written) as if they had just arrived: hashed and written to this
    /// sink's file, so the next request asks only for the rest. A partial file that turns out to be a compressed
    /// stream cannot be continued (its decoder's state is gone): then nothing is taken.
    func seed(from path: String, validator: String) async throws {
        let source = open(path, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else { return }
        defer { close(source) }
        var buffer = ByteBuffer()
        while true {
            buffer.clear()
            let count = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: Self.chunkBytes) { output in
                let read = systemRead(source, output.baseAddress!, Self.chunkBytes)
                guard read >= 0 else {
                    throw DownloadFailure(
                        code: .downloadFailed,
                        message: "Download failed: the partial download could not be read (errno \(errno))",
                        retryable: true
                    )
                }
                return read
            }
            guard count > 0 else { break }
            try await append(buffer)
            if decoder != nil { break }
        }
        if decided, decoder == nil {
            resumeValidator = validator
        } else {
            try restart()
        }
    }

    /// Forgets every byte: the file emptied, the digests and the decoder started again.
    func restart() throws(DownloadFailure) {
        try file.truncate()
        hasher = PipelinedHasher(requested: requested)
        receivedHasher = Self.receivedHasher(requested)
        storedHasher = StoredDigestLanes()
        // The old lanes may still read the old ring's buffers; they keep it alive until they are done.
        ring = nil
        undecided.clear()
        decided = false
        format = nil
        decoder = nil
        done = 0
        stored = 0
        total = nil
        reportedValidator = nil
    }

    /// Adds a warning once.
    func warn(_ text: String) {
        if !warnings.contains(text) { warnings.append(text) }
    }

    /// The digests once every byte arrived: of the stored bytes, and the requested one of the received bytes.
    /// - Throws: `DownloadFailure` when a compressed stream was cut short.
    func finalize() async throws -> (md5: String, sha512: String, requested: String?) {
        if !decided { try await decide() }
        guard let decoder, let format else {
            try file.finish()
            return await hasher.finalize()
        }
        try decoder.finish()
        try file.finish()
        warn("Decompressed \(format.rawValue) stream (\(done) → \(stored) bytes)")
        let storedDigests = await storedHasher.finalize()
        return (storedDigests.md5, storedDigests.sha512, receivedHasher?.finalize().requested)
    }

    /// Tells the format from the held bytes, then processes them.
    private func decide() async throws {
        decided = true
        let prefix = undecided.getBytes(at: undecided.readerIndex, length: undecided.readableBytes) ?? []
        if decompress, let found = CompressionFormat.sniff(prefix) {
            format = found
            decoder = try found.decoder()
            ring = ChunkRing()
        }
        let held = undecided
        undecided = ByteBuffer()
        try await process(held)
    }

    private func process(_ batch: ByteBuffer) async throws {
        guard batch.readableBytes > 0 else { return }
        guard let decoder, let format, let ring else {
            await hasher.update(batch)
            try batch.withUnsafeReadableBytes { bytes throws(DownloadFailure) in try file.write(bytes) }
            stored += Int64(batch.readableBytes)
            return
        }
        // The decoder reads from a copy that lives until it has used it up. It runs on a thread of its own, one
        // chunk ahead: while chunk N is hashed (MD5 and SHA-512 on lanes of their own) and written, chunk N + 1 is
        // decoded. liblzma's threaded decoder waits inside its calls for its own threads, which must not hold a
        // thread of the task pool the hash lanes run on.
        let input = UnsafeMutableRawBufferPointer.allocate(byteCount: batch.readableBytes, alignment: 1)
        defer { input.deallocate() }
        batch.withUnsafeReadableBytes { input.copyMemory(from: $0) }
        receivedHasher?.update(UnsafeRawBufferPointer(input))
        decoder.setInput(UnsafeRawBufferPointer(input))
        let pending = AheadDecoder(decoder, queue: decoding)
        // Three buffers are enough: when chunk N + 1 starts decoding, the lanes may still read N - 1 and N is yet to
        // be hashed and written, but the lanes finished N - 2 before they were given N - 1 (`update` waits for
        // them), so N + 1 takes N - 2's buffer.
        var ahead = pending.start(into: ring.next())
        do {
            while true {
                let chunk = try await ahead.value
                guard chunk.bytes.count > 0 else { return }
                ahead = pending.start(into: ring.next())
                stored += Int64(chunk.bytes.count)
                if stored > maxStoredBytes {
                    throw DownloadFailure.tooLarge(
                        limit: maxStoredBytes,
                        detail: "the \(format.rawValue) stream decompressed to more than \(maxStoredBytes) bytes"
                    )
                }
                await storedHasher.update(chunk)
                try file.write(chunk.bytes)
            }
        } catch {
            // The decoder is idle before its input is freed.
            _ = try? await ahead.value
            throw error
        }
    }

    /// The most decompressed bytes handled at once.
    static let chunkBytes = 4 << 20
}

/// A decoder that produces its next chunk on a queue of its own (a thread outside the task pool), so its work (and,
/// for liblzma's threaded decoder, its waits for its own threads) overlaps what the caller does with the chunk before.
///
/// One chunk is asked for at a time: `start(into:)` again only once the last one's value has been taken.
private struct AheadDecoder: @unchecked Sendable {
    private let decoder: any StreamDecoder
    private let queue: DispatchQueue

    init(_ decoder: any StreamDecoder, queue: DispatchQueue) {
        self.decoder = decoder
        self.queue = queue
    }

    /// Decodes up to one buffer's worth on the queue; an empty chunk when the input is used up.
    func start(into buffer: ChunkRing.Buffer) -> Task<DecodedChunk, any Error> {
        let decoder = self
        return Task {
            try await withCheckedThrowingContinuation { continuation in
                decoder.queue.async {
                    continuation.resume(
                        with: Result {
                            let count = try decoder.decoder.next(into: buffer.memory)
                            return DecodedChunk(
                                ring: buffer.ring,
                                bytes: UnsafeRawBufferPointer(rebasing: buffer.memory.prefix(count))
                            )
                        }
                    )
                }
            }
        }
    }
}

/// Three buffers of ``DownloadSink/chunkBytes`` that decoded chunks take turns in, freed when the ring and every
/// chunk in it are gone.
final class ChunkRing: @unchecked Sendable {
    /// One of the ring's buffers, with the ring that keeps it alive.
    struct Buffer: @unchecked Sendable {
        let ring: ChunkRing
        let memory: UnsafeMutableRawBufferPointer
    }

    private let buffers: [UnsafeMutableRawBufferPointer]
    private var turn = 0

    init() {
        buffers = (0..<3).map { _ in .allocate(byteCount: DownloadSink.chunkBytes, alignment: 64) }
    }

    deinit {
        for buffer in buffers { buffer.deallocate() }
    }

    /// The buffer whose turn it is.
    func next() -> Buffer {
        defer { turn = (turn + 1) % buffers.count }
        return Buffer(ring: self, memory: buffers[turn])
    }
}

/// Decoded bytes in a ``ChunkRing`` buffer, which stays allocated while the chunk exists.
struct DecodedChunk: @unchecked Sendable {
    let ring: ChunkRing
    let bytes: UnsafeRawBufferPointer
}

/// MD5 and SHA-512 of the stored bytes, each on a lane of its own: a chunk is hashed on both while the caller
/// produces the next one.
struct StoredDigestLanes {
    private final class MD5Lane: @unchecked Sendable {
        var digest = Insecure.MD5()
    }

    private final class SHA512Lane: @unchecked Sendable {
        var digest = SHA512()
    }

    private let md5 = MD5Lane()
    private let sha512 = SHA512Lane()
    private var pending: [Task<Void, Never>] = []

    /// Hashes `chunk` once the previous chunk is done on both lanes.
    mutating func update(_ chunk: DecodedChunk) async {
        for task in pending { await task.value }
        let md5 = self.md5
        let sha512 = self.sha512
        pending = [
            Task { md5.digest.update(bufferPointer: chunk.bytes) },
            Task { sha512.digest.update(bufferPointer: chunk.bytes) },
        ]
    }

    /// The hex digests of every chunk.
    mutating func finalize() async -> (md5: String, sha512: String) {
        for task in pending { await task.value }
        pending = []
        return (DownloadHasher.hex(md5.digest.finalize()), DownloadHasher.hex(sha512.digest.finalize()))
    }
}

/// `read(2)`, named apart from the methods around it.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
