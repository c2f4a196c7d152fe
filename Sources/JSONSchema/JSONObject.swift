/// An ordered JSON object: keeps the document order of its keys, compares like a JSON object (order ignored).
///
/// Keys are compared by Unicode code points (no normalization), as JSON requires.
public struct JSONObject: Sendable {
    /// The members in document order.
    public private(set) var entries: [(key: String, value: JSONValue)] = []
    /// Key → position in `entries`; built only once the object grows past `indexThreshold` members.
    private var index: [ScalarKey: Int]?

    private static let indexThreshold = 12

    /// Creates an empty object.
    public init() {}

    /// Creates an object from pairs in order; a repeated key keeps its first position and its last value.
    public init(_ pairs: [(String, JSONValue)]) {
        entries.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    /// The keys in document order.
    public var keys: [String] { entries.map(\.key) }

    /// The values in document order.
    public var values: [JSONValue] { entries.map(\.value) }

    /// The number of members.
    public var count: Int { entries.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { entries.isEmpty }

    /// Whether the object has a member named `key`.
    public func contains(_ key: String) -> Bool { position(of: key) != nil }

    /// The value for `key`; setting `nil` removes the member, setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let position = position(of: key) else { return nil }
            return entries[position].value
        }
        set {
            if let position = position(of: key) {
                if let newValue {
                    entries[position].value = newValue
                } else {
                    entries.remove(at: position)
                    rebuildIndex()
                }
            } else if let newValue {
                entries.append((key, newValue))
                if index != nil {
                    index?[ScalarKey(key)] = entries.count - 1
                } else if entries.count > Self.indexThreshold {
                    rebuildIndex()
                }
            }
        }
    }

    /// Appends a member whose key is known to be absent (used by the parser after its own duplicate check).
    mutating func appendNew(_ key: String, _ value: JSONValue) {
        entries.append((key, value))
        if index != nil {
            index?[ScalarKey(key)] = entries.count - 1
        } else if entries.count > Self.indexThreshold {
            rebuildIndex()
        }
    }

    /// The position of `key` in `entries`.
    func position(of key: String) -> Int? {
        if let index { return index[ScalarKey(key)] }
        return entries.firstIndex { $0.key.utf8.elementsEqual(key.utf8) }
    }

    private mutating func rebuildIndex() {
        guard entries.count > Self.indexThreshold else {
            index = nil
            return
        }
        var newIndex = [ScalarKey: Int](minimumCapacity: entries.count)
        for (position, entry) in entries.enumerated() { newIndex[ScalarKey(entry.key)] = position }
        index = newIndex
    }
}

extension JSONObject: Equatable {
    /// JSON object equality: same key set and equal values, order ignored.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (key, value) in lhs.entries {
            guard let other = rhs[key], other == value else { return false }
        }
        return true
    }
}

extension JSONObject: Hashable {
    /// Order-independent hash consistent with JSON equality.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for (key, value) in entries {
            var entryHasher = Hasher()
            entryHasher.combine(ScalarKey(key))
            entryHasher.combine(value)
            combined &+= entryHasher.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}

extension JSONObject: Sequence {
    /// Iterates members in document order.
    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> {
        entries.makeIterator()
    }
}

/// A dictionary key comparing strings by code points rather than by canonical equivalence.
struct ScalarKey: Hashable, Sendable {
    let string: String

    init(_ string: String) { self.string = string }

    static func == (lhs: ScalarKey, rhs: ScalarKey) -> Bool { lhs.string.utf8.elementsEqual(rhs.string.utf8) }

    func hash(into hasher: inout Hasher) { ScalarKey.hashBytes(of: string, into: &hasher) }

    /// Feeds the UTF-8 bytes of `string` (plus a terminator) into `hasher`.
    static func hashBytes(of string: String, into hasher: inout Hasher) {
        let done: Void? = string.utf8.withContiguousStorageIfAvailable {
            hasher.combine(bytes: UnsafeRawBufferPointer($0))
        }
        if done == nil {
            for byte in string.utf8 { hasher.combine(byte) }
        }
        hasher.combine(0xFF as UInt8)
    }
}
