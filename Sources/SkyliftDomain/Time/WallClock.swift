#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where "now" comes from. Injected everywhere a time is stamped or expiry is computed, so tests move time.
public protocol WallClock: Sendable {
    /// The current instant.
    func now() -> Timestamp
}

/// The system's real-time clock.
public struct SystemWallClock: WallClock {
    public init() {}

    public func now() -> Timestamp {
        Timestamp(microseconds: Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()))
    }
}
