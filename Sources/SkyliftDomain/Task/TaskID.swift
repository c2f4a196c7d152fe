#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A task's identifier: a UUID, written lower-case on the wire and in the store.
public struct TaskID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The canonical lower-case text form.
    public let rawValue: String

    /// A fresh random (version 4) identifier.
    public init() {
        self.rawValue = UUID().uuidString.lowercased()
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
