import Foundation
import Hummingbird

/// Writes a response body in chunks, honouring the throttle, truncate and stall knobs.
struct ImageServerBody: Sendable {
    /// Where the bytes come from.
    enum Source: Sendable {
        /// A file of `count` bytes.
        case file(URL, count: Int)
        /// `count` bytes of the repeating ``ImageServerBody/pattern``.
        case generated(count: Int)

        var count: Int {
            switch self {
            case .file(_, let count), .generated(let count): return count
            }
        }
    }

    /// The 64 KiB block `/bytes/` repeats (a xorshift stream, so digests are not trivial).
    static let pattern: [UInt8] = {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<65536).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state >> 24)
        }
    }()

    let source: Source
    /// The first byte sent (a `Range` request's start).
    var offset = 0
    /// Bytes per second, or nil for full speed.
    let throttle: Int?
    /// Send at most this many bytes.
    let sendLimit: Int?
    /// After `sendLimit` bytes, hang instead of closing.
    let stallAfterLimit: Bool

    /// Writes the body; throws (so the server drops the connection) when truncating.
    func write(to writer: inout any ResponseBodyWriter) async throws {
        let length = source.count - offset
        let total = min(length, sendLimit ?? .max)
        let chunkSize = throttle.map { max(1, min(65536, $0 / 20)) } ?? 65536
        let file = try source.openFile()
        defer { try? file?.close() }
        try file?.seek(toOffset: UInt64(offset))
        var sent = 0
        while sent < total {
            let size = min(chunkSize, total - sent)
            var buffer = ByteBuffer()
            if let file {
                buffer.writeBytes(try file.read(upToCount: size) ?? Data())
            } else {
                let start = (offset + sent) % Self.pattern.count
                let end = min(start + size, Self.pattern.count)
                buffer.writeBytes(Self.pattern[start..<end])
            }
            guard buffer.readableBytes > 0 else { break }
            sent += buffer.readableBytes
            try await writer.write(buffer)
            if let throttle {
                try await Task.sleep(for: .milliseconds(buffer.readableBytes * 1000 / max(throttle, 1)))
            }
        }
        if stallAfterLimit {
            try await Task.sleep(for: .seconds(30))
        }
        if sendLimit != nil && sent < length {
            throw CancellationError()
        }
        try await writer.finish(nil)
    }
}

extension ImageServerBody.Source {
    fileprivate func openFile() throws -> FileHandle? {
        guard case .file(let url, _) = self else { return nil }
        return try FileHandle(forReadingFrom: url)
    }
}
