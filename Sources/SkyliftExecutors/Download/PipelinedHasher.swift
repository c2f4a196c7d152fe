import Crypto
import NIOCore

/// Hashes a stream of chunks on two cores: MD5 of chunk N runs in a task of its own while the caller computes
/// SHA-512 (and the requested digest) of the same chunk. At most one chunk is in flight on the MD5 lane, so memory
/// stays one chunk deep.
struct PipelinedHasher {
    /// The MD5 state, touched by one lane task at a time (each awaits the previous one).
    private final class MD5Lane: @unchecked Sendable {
        var digest = Insecure.MD5()
    }

    private var main: DownloadHasher
    private let lane = MD5Lane()
    private var pending: Task<Void, Never>?

    init(requested: ChecksumAlgorithm?) {
        main = DownloadHasher(requested: requested, md5: false)
    }

    /// Feeds `chunk` to every digest; returns once SHA-512 has it (MD5 may still be working on it).
    mutating func update(_ chunk: ByteBuffer) async {
        await pending?.value
        let lane = self.lane
        pending = Task { chunk.withUnsafeReadableBytes { lane.digest.update(bufferPointer: $0) } }
        chunk.withUnsafeReadableBytes { main.update($0) }
    }

    /// The hex digests once both lanes are done.
    mutating func finalize() async -> (md5: String, sha512: String, requested: String?) {
        await pending?.value
        pending = nil
        let md5 = DownloadHasher.hex(lane.digest.finalize())
        return main.finalize(md5Lane: md5)
    }
}
