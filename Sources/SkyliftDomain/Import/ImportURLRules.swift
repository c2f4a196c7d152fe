/// The operator's rules for import URLs (`import.*` keys, contract §15.2).
public struct ImportURLRules: Sendable, Equatable {
    /// Schemes an import may use (compared case-insensitively; `file` is refused whatever this says).
    public var allowedSchemes: [String]
    /// Ports an import URL may name (explicit or default); empty allows any.
    public var allowedPorts: [Int]
    /// Hosts (names or IP literals, as written in the URL) exempt from the private-range check.
    public var allowedHosts: [String]
    /// Hosts (names or IP literals) always refused: as written, and as any resolved address for IP literals.
    public var deniedHosts: [String]
    /// Whether private and reserved addresses are allowed for every host.
    public var allowPrivateNetworks: Bool

    /// The rules; the defaults are the contract's (§13).
    public init(
        allowedSchemes: [String] = ["http", "https"],
        allowedPorts: [Int] = [80, 443],
        allowedHosts: [String] = [],
        deniedHosts: [String] = [],
        allowPrivateNetworks: Bool = false
    ) {
        self.allowedSchemes = allowedSchemes
        self.allowedPorts = allowedPorts
        self.allowedHosts = allowedHosts
        self.deniedHosts = deniedHosts
        self.allowPrivateNetworks = allowPrivateNetworks
    }
}
