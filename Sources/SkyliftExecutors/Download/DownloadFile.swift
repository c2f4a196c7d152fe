#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The file a download streams into: created (or truncated) with mode 0600, written with plain `write(2)`.
///
/// Writes block the calling thread briefly; disk writes of one body chunk are short, and the network
/// side waits meanwhile, which is the backpressure that keeps memory flat.
final class DownloadFile {
    private let descriptor: Int32
    /// The file's path.
    let path: String

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

    /// Writes all of `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws(DownloadFailure) {
        guard var base = bytes.baseAddress else { return }
        var left = bytes.count
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
