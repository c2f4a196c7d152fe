#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A task's identifier: a UUID, written lower-case on the wire and in the store.
public struct TaskID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The canonical lower-case text form.
    public let rawValue: String

    /// A fresh identifier made now (see `init(createdAt:)`).
    public init() {
        self.init(createdAt: SystemWallClock().now())
    }

    /// A fresh time-ordered identifier (UUID version 7, RFC 9562) for a task created at `instant`: 48 bits of
    /// Unix milliseconds, then 74 random bits. Ids made later sort later, so the id indexes grow at their end
    /// and the expiry reaper, deleting in time order, finds neighbouring ids on the same pages: a purge batch
    /// of random (version 4) ids dirtied three times as many pages (BENCHMARKS.md, "Purging").
    public init(createdAt instant: Timestamp) {
        let milliseconds = UInt64(max(0, instant.microseconds / 1000)) & 0xFFFF_FFFF_FFFF
        var bytes = UUID().uuid  // 122 random bits; the time, version and variant overwrite 54 of them
        withUnsafeMutableBytes(of: &bytes) { raw in
            for index in 0..<6 { raw[index] = UInt8(truncatingIfNeeded: milliseconds >> (40 - 8 * UInt64(index))) }
            raw[6] = 0x70 | (raw[6] & 0x0F)
            raw[8] = 0x80 | (raw[8] & 0x3F)
        }
        self.rawValue = UUID(uuid: bytes).uuidString.lowercased()
    }

    /// Parses any UUID text (either case); nil when `text` is not a UUID.
    public init?(_ text: String) {
        guard text.utf8.count == 36, let uuid = UUID(uuidString: text) else { return nil }
        self.rawValue = uuid.uuidString.lowercased()
    }

    /// Wraps a value already known to be canonical (read back from the store).
    public init(canonical: String) {
        self.rawValue = canonical
    }

    public var description: String { rawValue }

    public static func < (lhs: TaskID, rhs: TaskID) -> Bool { lhs.rawValue < rhs.rawValue }
}
