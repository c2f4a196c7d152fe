#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Positioned reads of an image file, for the layout readers that walk a format's tables themselves.
///
/// Reads never follow the file past its end: `bytes(at:count:)` returns what is there, possibly fewer bytes.
final class ImageFileReader {
    /// The file could not be opened or read.
    struct ReadFailed: Error, CustomStringConvertible {
        var description: String { "the file could not be read" }
    }

    /// The size of the file in bytes, taken when it was opened.
    let size: Int64
    private let descriptor: Int32

    /// Opens the file at `path` for reading.
    init(path: String) throws {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ReadFailed() }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            close(descriptor)
            throw ReadFailed()
        }
        size = Int64(info.st_size)
    }

    deinit { close(descriptor) }

    /// Up to `count` bytes from `offset`; fewer when the file ends first, none when `offset` is at or past its end.
    func bytes(at offset: Int64, count: Int) throws -> [UInt8] {
        guard offset >= 0, count > 0, offset < size else { return [] }
        let wanted = Int(min(Int64(count), size - offset))
        var buffer = [UInt8](repeating: 0, count: wanted)
        var done = 0
        while done < wanted {
            let read = buffer.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress! + done, wanted - done, off_t(offset) + off_t(done))
            }
            if read < 0 && errno == EINTR { continue }
            guard read > 0 else { throw ReadFailed() }
            done += read
        }
        return buffer
    }

    /// Exactly `count` bytes from `offset`, or `nil` when the file ends first.
    func exactly(at offset: Int64, count: Int) throws -> [UInt8]? {
        let found = try bytes(at: offset, count: count)
        return found.count == count ? found : nil
    }
}

/// Integers read from byte arrays in either byte order.
extension Array where Element == UInt8 {
    /// The big-endian unsigned integer of `width` bytes at `offset` (0 where the array is too short).
    func bigEndian(_ offset: Int, _ width: Int) -> UInt64 {
        guard offset >= 0, offset + width <= count else { return 0 }
        return (0..<width).reduce(UInt64(0)) { $0 << 8 | UInt64(self[offset + $1]) }
    }

    /// The little-endian unsigned integer of `width` bytes at `offset` (0 where the array is too short).
    func littleEndian(_ offset: Int, _ width: Int) -> UInt64 {
        guard offset >= 0, offset + width <= count else { return 0 }
        return (0..<width).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64(self[offset + $1]) }
    }

    /// The big-endian offset or length of `width` bytes at `offset`, capped at 2^60 so sums of two never overflow.
    func fileOffset(_ offset: Int, _ width: Int) -> Int64 { Int64(Swift.min(bigEndian(offset, width), 1 << 60)) }
}
