import Crypto
import Dispatch
import Foundation
import Synchronization

/// MD5 and SHA-512 of a stored file, with its size: what Glance's `checksum` and `os_hash_value` describe.
public struct FileDigests: Sendable, Hashable {
    public var size: Int64
    public var md5: String
    public var sha512: String

    public init(size: Int64, md5: String, sha512: String) {
        self.size = size
        self.md5 = md5
        self.sha512 = sha512
    }

    /// Reads the file at `path` once, off the cooperative thread pool (hashing is seconds of CPU per GiB, and the
    /// API must not wait behind it). Canceling the calling task stops the read.
    public static func compute(path: String) async throws -> FileDigests {
        let canceled = Atomic<Bool>(false)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global(qos: .utility).async {
                    continuation.resume(with: Result { try digest(path: path, canceled: canceled) })
                }
            }
        } onCancel: {
            canceled.store(true, ordering: .relaxed)
        }
    }

    private static func digest(path: String, canceled: borrowing Atomic<Bool>) throws -> FileDigests {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        // MD5 and SHA-512 of each chunk run side by side on two threads; each lane is touched by one thread.
        let lanes = Lanes()
        var size: Int64 = 0
        while true {
            if canceled.load(ordering: .relaxed) { throw CancellationError() }
            guard let chunk = try handle.read(upToCount: 4 << 20), !chunk.isEmpty else { break }
            DispatchQueue.concurrentPerform(iterations: 2) { lane in
                chunk.withUnsafeBytes { bytes in
                    if lane == 0 { lanes.md5.update(bufferPointer: bytes) } else { lanes.sha512.update(bytes) }
                }
            }
            size += Int64(chunk.count)
        }
        let digests = lanes.sha512.finalize(md5Lane: DownloadHasher.hex(lanes.md5.finalize()))
        return FileDigests(size: size, md5: digests.md5, sha512: digests.sha512)
    }
}

/// The two digests of `FileDigests`, each updated by one thread of `concurrentPerform` at a time.
private final class Lanes: @unchecked Sendable {
    var md5 = Insecure.MD5()
    var sha512 = DownloadHasher(requested: nil, md5: false)
}
