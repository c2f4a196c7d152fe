#if canImport(Glibc)
import CLinuxIO
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The file a download streams into: created (or truncated) with mode 0600, written with plain `write(2)`.
///
/// Blocks of zeros are not written but skipped over, so the file is sparse where the image is empty (as
/// `qemu-img` writes raw images): disk images are largely zeros, and writing them is what bounds a large import.
/// ``finish()`` sets the size when the bytes end in a hole.
///
/// Written bytes do not pile up in the page cache: once a few MiB are written, the kernel is asked to write them back
/// at once (`sync_file_range`), and bytes written back are dropped from the cache (`posix_fadvise`). An image of many
/// GiB then costs a few MiB of cache instead of evicting what the machine had cached, the same cache pages are used
/// again and again (taking new pages is what made writing cost more than decompressing: 7.6 s of system time per
/// GiB on the benchmark machine, 0.4 s this way), and ``finish()`` finds little left to make durable.
///
/// Writes block the calling thread briefly; disk writes of one body chunk are short, and the network
/// side waits meanwhile, which is the backpressure that keeps memory flat.
final class DownloadFile {
    private let descriptor: Int32
    /// The file's path.
    let path: String
    /// Bytes taken so far, holes included: the size the file must have.
    private var size: Int64 = 0
    /// Whether the last bytes taken were skipped (the file is shorter than ``size`` until ``finish()``).
    private var endsInHole = false
    /// Bytes at the start of the file the kernel was asked to write back.
    private var writebackAsked: Int64 = 0
    /// Bytes at the start of the file written back and dropped from the page cache.
    private var dropped: Int64 = 0
    /// Off once the file system refused to write a range back on request.
    private var writingBehind = true

    /// How far behind the last byte written back bytes are dropped: the page cache a download holds.
    static let writeBehindBytes: Int64 = 16 << 20
    /// The least new bytes that start a writeback (one body chunk may be a few KiB).
    static let writebackBatchBytes: Int64 = 1 << 20

    /// The unit zeros are skipped in: a run of whole blocks of zeros becomes a hole.
    static let blockBytes = 4096

    /// Opens `path` for writing, creating or truncating it.
    init(path: String) throws(DownloadFailure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw DownloadFailure(
                code: .downloadFailed,
                message: "Download failed: the download file could not be created (errno \(errno))",
                retryable: true
            )
        }
        self.descriptor = fd
        self.path = path
    }

    /// Takes all of `bytes`: runs of whole zero blocks are skipped, the rest written.
    func write(_ bytes: UnsafeRawBufferPointer) throws(DownloadFailure) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var start = 0
        while start < bytes.count {
            // A data run, then a zero run, each of whole blocks (a short last block counts as data).
            var end = start
            while end < bytes.count, !Self.isZeroBlock(base + end, min(Self.blockBytes, bytes.count - end)) {
                end += Self.blockBytes
            }
            end = min(end, bytes.count)
            if end > start {
                try writeAll(base + start, end - start)
                endsInHole = false
            }
            var zeros = end
            while zeros < bytes.count, Self.isZeroBlock(base + zeros, min(Self.blockBytes, bytes.count - zeros)) {
                zeros += Self.blockBytes
            }
            zeros = min(zeros, bytes.count)
            if zeros > end {
                guard lseek(descriptor, off_t(zeros - end), SEEK_CUR) >= 0 else {
                    throw DownloadFailure(
                        code: .downloadFailed,
                        message: "Download failed: seeking in the download file failed (errno \(errno))",
                        retryable: true
                    )
                }
                endsInHole = true
            }
            start = zeros
        }
        size += Int64(bytes.count)
        try writeBehind()
    }

    /// Starts writing back the bytes written since the last call, once there are enough; waits for the bytes
    /// ``writeBehindBytes`` behind the end to be on disk and drops them from the page cache.
    private func writeBehind() throws(DownloadFailure) {
        #if os(Linux)
        guard writingBehind, size - writebackAsked >= Self.writebackBatchBytes else { return }
        // Asking is a hint: a failure here shows again, and is reported, when the range is waited for.
        _ = sync_file_range(
            descriptor,
            Int(writebackAsked),
            Int(size - writebackAsked),
            UInt32(SKYLIFT_SYNC_FILE_RANGE_WRITE)
        )
        writebackAsked = size
        let settled = size - Self.writeBehindBytes
        guard settled > dropped else { return }
        let waitAll =
            UInt32(SKYLIFT_SYNC_FILE_RANGE_WAIT_BEFORE) | UInt32(SKYLIFT_SYNC_FILE_RANGE_WRITE)
            | UInt32(SKYLIFT_SYNC_FILE_RANGE_WAIT_AFTER)
        if sync_file_range(descriptor, Int(dropped), Int(settled - dropped), waitAll) != 0 {
            // A failed write is a failed download; a file system that does not do this only keeps its cache.
            guard errno != EIO, errno != ENOSPC else {
                throw DownloadFailure(
                    code: .downloadFailed,
                    message: "Download failed: writing the download file to disk failed (errno \(errno))",
                    retryable: true
                )
            }
            writingBehind = false
            return
        }
        _ = posix_fadvise(descriptor, off_t(dropped), off_t(settled - dropped), POSIX_FADV_DONTNEED)
        dropped = settled
        #endif
    }

    /// Gives the file its whole size when its last bytes were a hole, and makes its bytes durable: a task that
    /// says its image is stored has it on disk.
    func finish() throws(DownloadFailure) {
        if endsInHole {
            guard ftruncate(descriptor, off_t(size)) == 0 else {
                throw DownloadFailure(
                    code: .downloadFailed,
                    message: "Download failed: the download file could not be sized (errno \(errno))",
                    retryable: true
                )
            }
            endsInHole = false
        }
        guard fsync(descriptor) == 0 else {
            throw DownloadFailure(
                code: .downloadFailed,
                message: "Download failed: writing the download file to disk failed (errno \(errno))",
                retryable: true
            )
        }
    }

    /// Whether the `count` bytes at `block` are all zero, for a whole block (a shorter one is always data).
    private static func isZeroBlock(_ block: UnsafeRawPointer, _ count: Int) -> Bool {
        count == blockBytes && memcmp(block, zeroBlock, blockBytes) == 0
    }

    nonisolated(unsafe) private static let zeroBlock: UnsafeRawPointer = {
        let block = UnsafeMutableRawPointer.allocate(byteCount: blockBytes, alignment: 16)
        block.initializeMemory(as: UInt8.self, repeating: 0, count: blockBytes)
        return UnsafeRawPointer(block)
    }()

    /// Writes `count` bytes at `pointer`, all of them.
    private func writeAll(_ pointer: UnsafeRawPointer, _ count: Int) throws(DownloadFailure) {
        var base = pointer
        var left = count
        while left > 0 {
            let written = systemWrite(descriptor, base, left)
            if written < 0 {
                if errno == EINTR { continue }
                throw DownloadFailure(
                    code: .downloadFailed,
                    message: "Download failed: writing the download file failed (errno \(errno))",
                    retryable: true
                )
            }
            left -= written
            base += written
        }
    }

    /// Empties the file and writes from its start again.
    func truncate() throws(DownloadFailure) {
        size = 0
        endsInHole = false
        writebackAsked = 0
        dropped = 0
        guard ftruncate(descriptor, 0) == 0, lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw DownloadFailure(
                code: .downloadFailed,
                message: "Download failed: the download file could not be emptied (errno \(errno))",
                retryable: false
            )
        }
    }

    deinit {
        close(descriptor)
    }

    /// Removes `path`, ignoring a missing file.
    static func remove(path: String) {
        unlink(path)
    }
}

/// `write(2)`, named apart from the method.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
