/// An IPv4 or IPv6 address, parsed strictly (no shorthand or numeric tricks).
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    case v4(UInt32)
    case v6(high: UInt64, low: UInt64)

    /// Exactly four decimal octets 0–255 without leading zeros (`127.1`, `0x7f.0.0.1`, `010.0.0.1` are not).
    public init?(dottedQuad text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                part == "0" || part.first != "0", let octet = UInt32(part), octet <= 255
            else { return nil }
            value = value << 8 | octet
        }
        self = .v4(value)
    }

    /// RFC 4291 text forms, `::` compression and a trailing dotted quad included; no zone ids.
    public init?(ipv6 text: String) {
        guard !text.isEmpty, text.utf8.count <= 45, !text.contains("%") else { return nil }
        let halves = text.split(separator: "::", omittingEmptySubsequences: false)
        guard halves.count <= 2, let head = Self.groups(halves[0], lastMayBeIPv4: halves.count == 1) else {
            return nil
        }
        var groups = head
        if halves.count == 2 {
            guard let tail = Self.groups(halves[1], lastMayBeIPv4: true), head.count + tail.count <= 7 else {
                return nil
            }
            groups += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard groups.count == 8 else { return nil }
        let high = groups[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        let low = groups[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        self = .v6(high: high, low: low)
    }

    /// The 16-bit groups of one side of `::` (empty text: none).
    private static func groups(_ text: Substring, lastMayBeIPv4: Bool) -> [UInt16]? {
        guard !text.isEmpty else { return [] }
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
        var groups: [UInt16] = []
        for (index, piece) in pieces.enumerated() {
            if lastMayBeIPv4, index == pieces.count - 1, piece.contains(".") {
                guard case .v4(let v4)? = IPAddress(dottedQuad: String(piece)) else { return nil }
                groups += [UInt16(v4 >> 16), UInt16(v4 & 0xFFFF)]
            } else {
                guard (1...4).contains(piece.count), piece.allSatisfy(\.isHexDigit),
                    let group = UInt16(piece, radix: 16)
                else { return nil }
                groups.append(group)
            }
        }
        return groups
    }

    /// A literal in either form; IPv6 may be bracketed.
    public init?(literal text: String) {
        if let v4 = IPAddress(dottedQuad: text) {
            self = v4
        } else if text.hasPrefix("["), text.hasSuffix("]"),
            let v6 = IPAddress(ipv6: String(text.dropFirst().dropLast()))
        {
            self = v6
        } else if let v6 = IPAddress(ipv6: text) {
            self = v6
        } else {
            return nil
        }
    }

    /// The IPv4 address an IPv6 address carries (IPv4-mapped, IPv4-compatible, NAT64), if any.
    public var embeddedIPv4: IPAddress? {
        guard case .v6(let high, let low) = self else { return nil }
        let v4 = IPAddress.v4(UInt32(truncatingIfNeeded: low))
        if high == 0 && low >> 32 == 0xFFFF { return v4 }
        if high == 0 && low >> 32 == 0 && low > 1 { return v4 }
        if high == 0x0064_FF9B_0000_0000 && low >> 32 == 0 { return v4 }
        return nil
    }

    public var description: String {
        switch self {
        case .v4(let value):
            return [24, 16, 8, 0].map { String(value >> UInt32($0) & 0xFF) }.joined(separator: ".")
        case .v6(let high, let low):
            let groups = (0..<8).map { index -> UInt16 in
                let word = index < 4 ? high : low
                return UInt16(truncatingIfNeeded: word >> UInt64(48 - 16 * (index % 4)))
            }
            return Self.rfc5952(groups)
        }
    }

    /// RFC 5952: lower-case hex, the longest run (≥ 2) of zero groups as `::`.
    private static func rfc5952(_ groups: [UInt16]) -> String {
        var best = (start: -1, length: 0)
        var index = 0
        while index < 8 {
            if groups[index] == 0 {
                var end = index
                while end < 8 && groups[end] == 0 { end += 1 }
                if end - index > best.length { best = (index, end - index) }
                index = end
            } else {
                index += 1
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.length >= 2 else { return hex.joined(separator: ":") }
        let head = hex[0..<best.start].joined(separator: ":")
        let tail = hex[(best.start + best.length)...].joined(separator: ":")
        return head + "::" + tail
    }
}
