/// Resolves a host name to its addresses (the system resolver in production).
public protocol HostResolver: Sendable {
    /// Every address of `host` (lower-case, no trailing dot); empty, or a thrown error, when it does not resolve.
    func resolve(host: String) async throws -> [IPAddress]
}

/// A fixed name → addresses table, for tests that need a name to have given addresses without DNS.
public struct StaticHostResolver: HostResolver {
    private let table: [String: [IPAddress]]

    /// A resolver answering from `table` (names matched case-insensitively, without a trailing dot).
    public init(_ table: [String: [IPAddress]]) {
        self.table = Dictionary(table.map { (Self.key($0.key), $0.value) }) { first, second in first + second }
    }

    /// The table's addresses for `host`, or none.
    public func resolve(host: String) async throws -> [IPAddress] {
        table[Self.key(host)] ?? []
    }

    private static func key(_ name: String) -> String {
        let name = name.lowercased()
        return name.hasSuffix(".") ? String(name.dropLast()) : name
    }
}
