/// A CIDR block, and the blocks an import may not reach unless the operator allows it (contract §15.2).
public struct IPRange: Sendable, Hashable, CustomStringConvertible {
    /// The first address of the block (host bits are cleared).
    public let network: IPAddress
    /// How many leading bits are fixed: 0–32 for IPv4, 0–128 for IPv6.
    public let prefixLength: Int

    /// The block of `prefixLength` leading bits of `address`; nil when the length does not fit the family.
    public init?(_ address: IPAddress, prefixLength: Int) {
        switch address {
        case .v4(let value):
            guard (0...32).contains(prefixLength) else { return nil }
            network = .v4(value & Self.mask32(prefixLength))
        case .v6(let value):
            guard (0...128).contains(prefixLength) else { return nil }
            network = .v6(value & Self.mask128(prefixLength))
        }
        self.prefixLength = prefixLength
    }

    /// CIDR text such as `10.0.0.0/8` or `fe80::/10` (a bare address is a single-address block).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(literal: parts[0]) else { return nil }
        let maximum = if case .v4 = address { 32 } else { 128 }
        guard parts.count == 2 else {
            self.init(address, prefixLength: maximum)
            return
        }
        guard (1...3).contains(parts[1].count), parts[1].allSatisfy(\.isASCII), let length = Int(parts[1]),
            parts[1].allSatisfy(\.isNumber)
        else { return nil }
        self.init(address, prefixLength: length)
    }

    /// Whether `address` is inside the block (an IPv4 block never contains an IPv6 address, and vice versa).
    public func contains(_ address: IPAddress) -> Bool {
        switch (network, address) {
        case (.v4(let network), .v4(let value)): value & Self.mask32(prefixLength) == network
        case (.v6(let network), .v6(let value)): value & Self.mask128(prefixLength) == network
        default: false
        }
    }

    /// `network/prefixLength`, the network in canonical form.
    public var description: String { "\(network)/\(prefixLength)" }

    private static func mask32(_ length: Int) -> UInt32 {
        length == 0 ? 0 : ~UInt32(0) << UInt32(32 - length)
    }

    private static func mask128(_ length: Int) -> UInt128 {
        length == 0 ? 0 : ~UInt128(0) << UInt128(128 - length)
    }

    /// The contract's refused blocks: this network, private, shared, loopback, link-local (cloud metadata),
    /// benchmarking, multicast and reserved IPv4; unspecified, loopback, unique-local, link-local and multicast IPv6.
    public static let forbidden: [IPRange] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
        "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8",
    ].map { text in
        guard let range = IPRange(text) else { preconditionFailure("invalid built-in range \(text)") }
        return range
    }

    /// The forbidden block `address` is in, looking through IPv4-mapped, IPv4-compatible and NAT64 (`64:ff9b::/96`)
    /// addresses to the IPv4 address they carry; nil when the address is allowed.
    public static func forbiddenRange(containing address: IPAddress) -> IPRange? {
        if let range = forbidden.first(where: { $0.contains(address) }) { return range }
        guard let embedded = address.embeddedIPv4 else { return nil }
        return forbidden.first { $0.contains(embedded) }
    }

    /// Whether `address` is in one of the forbidden blocks (directly or through an embedded IPv4 address).
    public static func isPrivateOrReserved(_ address: IPAddress) -> Bool {
        forbiddenRange(containing: address) != nil
    }
}
