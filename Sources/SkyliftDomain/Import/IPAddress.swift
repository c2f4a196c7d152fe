/// An IPv4 or IPv6 address, parsed strictly: no shorthand, octal, hex or integer forms of IPv4, no zone ids.
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// An IPv4 address, most significant octet first.
    case v4(UInt32)
    /// An IPv6 address, most significant group first.
    case v6(UInt128)

    /// Exactly four decimal octets 0–255 without leading zeros (`127.1`, `0x7f.0.0.1`, `127.000.0.1` are not).
    public init?(dottedQuad text: some StringProtocol) {
        let parts = text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ (0x30...0x39).contains($0) }),
                part.count == 1 || part.first != UInt8(ascii: "0")
            else { return nil }
            let octet = part.reduce(UInt32(0)) { $0 * 10 + UInt32($1 - 0x30) }
            guard octet <= 255 else { return nil }
            value = value << 8 | octet
        }
        self = .v4(value)
    }

    /// RFC 4291 text forms: 1–4 hex digits per group, one `::`, a trailing dotted quad; no brackets, no zone id.
    public init?(ipv6 text: some StringProtocol) {
        let text = String(text)
        guard text.utf8.count <= 45, text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        let halves = text.split(separator: "::", omittingEmptySubsequences: false)
        guard halves.count <= 2, let head = Self.groups(halves[0], trailingIPv4: halves.count == 1) else {
            return nil
        }
        var groups = head
        if halves.count == 2 {
            guard let tail = Self.groups(halves[1], trailingIPv4: true), head.count + tail.count <= 7 else {
                return nil
            }
            groups += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard groups.count == 8 else { return nil }
        self = .v6(groups.reduce(UInt128(0)) { $0 << 16 | UInt128($1) })
    }

    /// A dotted quad, or an IPv6 address with or without brackets (how list entries such as `[::1]` are read).
    public init?(literal text: some StringProtocol) {
        if let address = IPAddress(dottedQuad: text) {
            self = address
        } else if text.hasPrefix("["), text.hasSuffix("]"), text.count >= 2,
            let address = IPAddress(ipv6: text.dropFirst().dropLast())
        {
            self = address
        } else if let address = IPAddress(ipv6: text) {
            self = address
        } else {
            return nil
        }
    }

    /// The 16-bit groups of one side of `::` (empty text: none); only the last may be a dotted quad.
    private static func groups(_ text: Substring, trailingIPv4: Bool) -> [UInt16]? {
        guard !text.isEmpty else { return [] }
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
        var groups: [UInt16] = []
        for (index, piece) in pieces.enumerated() {
            if trailingIPv4, index == pieces.count - 1, piece.contains(".") {
                guard case .v4(let value)? = IPAddress(dottedQuad: piece) else { return nil }
                groups += [UInt16(value >> 16), UInt16(truncatingIfNeeded: value)]
            } else {
                guard (1...4).contains(piece.utf8.count), piece.allSatisfy(\.isHexDigit),
                    let group = UInt16(piece, radix: 16)
                else { return nil }
                groups.append(group)
            }
        }
        return groups
    }

    /// The IPv4 address an IPv6 address carries: IPv4-mapped (`::ffff:0:0/96`), IPv4-compatible (`::/96`
    /// except `::` and `::1`) or NAT64 (`64:ff9b::/96`); nil otherwise and for IPv4 addresses.
    public var embeddedIPv4: IPAddress? {
        guard case .v6(let value) = self else { return nil }
        let prefix = value >> 32
        let v4 = UInt32(truncatingIfNeeded: value)
        if prefix == 0xFFFF || prefix == 0x64_FF9B << 64 || (prefix == 0 && v4 > 1) { return .v4(v4) }
        return nil
    }

    /// Whether this is an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`).
    public var isIPv4Mapped: Bool {
        guard case .v6(let value) = self else { return false }
        return value >> 32 == 0xFFFF
    }

    /// Dotted quad for IPv4; RFC 5952 for IPv6 (lower case, longest zero run as `::`, `::ffff:a.b.c.d` when mapped).
    public var description: String {
        switch self {
        case .v4(let value):
            return [24, 16, 8, 0].map { String(value >> UInt32($0) & 0xFF) }.joined(separator: ".")
        case .v6(let value):
            if isIPv4Mapped { return "::ffff:" + IPAddress.v4(UInt32(truncatingIfNeeded: value)).description }
            let groups = (0..<8).map { UInt16(truncatingIfNeeded: value >> UInt128(112 - 16 * $0)) }
            return Self.rfc5952(groups)
        }
    }

    /// RFC 5952 §4: lower-case hex without leading zeros, the first longest run (≥ 2) of zero groups as `::`.
    private static func rfc5952(_ groups: [UInt16]) -> String {
        var best = (start: 0, length: 0)
        var index = 0
        while index < groups.count {
            guard groups[index] == 0 else {
                index += 1
                continue
            }
            let end = groups[index...].firstIndex { $0 != 0 } ?? groups.count
            if end - index > best.length { best = (index, end - index) }
            index = end
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.length >= 2 else { return hex.joined(separator: ":") }
        let head = hex[..<best.start].joined(separator: ":")
        let tail = hex[(best.start + best.length)...].joined(separator: ":")
        return head + "::" + tail
    }
}
