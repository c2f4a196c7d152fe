/// Resolves a host name to its addresses (the system resolver in production).
public protocol HostResolver: Sendable {
    /// Every address of `host`; empty when it does not resolve.
    func resolve(host: String) async throws -> [IPAddress]
}

/// A fixed name → addresses table, for tests that need names without DNS.
public struct StaticHostResolver: HostResolver {
    let table: [String: [IPAddress]]

    public init(_ table: [String: [IPAddress]]) {
        self.table = Dictionary(uniqueKeysWithValues: table.map { ($0.key.lowercased(), $0.value) })
    }

    public func resolve(host: String) async throws -> [IPAddress] {
        table[host.lowercased()] ?? []
    }
}
