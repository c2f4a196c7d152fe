/// A CIDR block, and the blocks an import may not reach unless allowed (contract §15.2).
public struct IPRange: Sendable, Hashable, CustomStringConvertible {
    public let network: IPAddress
    public let prefixLength: Int

    public init(_ network: IPAddress, _ prefixLength: Int) {
        self.network = network
        self.prefixLength = prefixLength
    }

    /// Whether `address` is inside the block (an IPv4 block never contains an IPv6 address and vice versa).
    public func contains(_ address: IPAddress) -> Bool {
        switch (network, address) {
        case (.v4(let net), .v4(let value)):
            let mask: UInt32 = prefixLength == 0 ? 0 : ~UInt32(0) << UInt32(32 - prefixLength)
            return net & mask == value & mask
        case (.v6(let netHigh, let netLow), .v6(let high, let low)):
            let highBits = min(prefixLength, 64)
            let lowBits = max(prefixLength - 64, 0)
            let highMask: UInt64 = highBits == 0 ? 0 : ~UInt64(0) << UInt64(64 - highBits)
            let lowMask: UInt64 = lowBits == 0 ? 0 : ~UInt64(0) << UInt64(64 - lowBits)
            return netHigh & highMask == high & highMask && netLow & lowMask == low & lowMask
        default:
            return false
        }
    }

    public var description: String { "\(network)/\(prefixLength)" }

    private static func v4(_ text: String, _ length: Int) -> IPRange {
        guard let address = IPAddress(dottedQuad: text) else { preconditionFailure("bad literal \(text)") }
        return IPRange(address, length)
    }

    private static func v6(_ text: String, _ length: Int) -> IPRange {
        guard let address = IPAddress(ipv6: text) else { preconditionFailure("bad literal \(text)") }
        return IPRange(address, length)
    }

    /// Private, loopback, link-local (cloud metadata), shared, benchmark, multicast and reserved blocks.
    public static let forbidden: [IPRange] = [
        v4("0.0.0.0", 8), v4("10.0.0.0", 8), v4("100.64.0.0", 10), v4("127.0.0.0", 8), v4("169.254.0.0", 16),
        v4("172.16.0.0", 12), v4("192.168.0.0", 16), v4("198.18.0.0", 15), v4("224.0.0.0", 4), v4("240.0.0.0", 4),
        v6("::", 128), v6("::1", 128), v6("fc00::", 7), v6("fe80::", 10), v6("ff00::", 8),
    ]

    /// The forbidden block `address` is in (checking the IPv4 address an IPv6 one embeds too), if any.
    public static func forbiddenRange(containing address: IPAddress) -> IPRange? {
        if let range = forbidden.first(where: { $0.contains(address) }) { return range }
        if let embedded = address.embeddedIPv4 { return forbidden.first { $0.contains(embedded) } }
        return nil
    }
}
