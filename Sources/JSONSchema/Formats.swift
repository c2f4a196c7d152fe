/// The draft-4 `format` values this validator asserts; any other format name is ignored.
enum Format: String, Sendable, CaseIterable {
    case dateTime = "date-time"
    case email
    case hostname
    case ipv4
    case ipv6
    case uri
    case regex

    /// Whether `string` conforms to this format.
    func accepts(_ string: String) -> Bool {
        let bytes = Array(string.utf8)
        switch self {
        case .dateTime: return FormatCheck.isDateTime(bytes)
        case .email: return FormatCheck.isEmail(bytes)
        case .hostname: return FormatCheck.isHostname(bytes[...])
        case .ipv4: return FormatCheck.isIPv4(bytes[...])
        case .ipv6: return FormatCheck.isIPv6(bytes[...])
        case .uri: return URIFormat.isAbsoluteURI(bytes)
        case .regex: return (try? ECMARegex(string)) != nil
        }
    }
}

/// Byte-level checks for the simpler formats (all of them ASCII-only).
enum FormatCheck {
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }

    static func isAlpha(_ byte: UInt8) -> Bool { byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z") }

    /// The value of `count` ASCII digits at `offset`, or `nil`.
    static func number(_ bytes: [UInt8], _ offset: Int, _ count: Int) -> Int? {
        guard offset + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[offset..<(offset + count)] {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// RFC 3339 `date-time`, including the leap-second rule (only at 23:59:60 UTC).
    static func isDateTime(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 20, let year = number(bytes, 0, 4), bytes[4] == UInt8(ascii: "-"),
            let month = number(bytes, 5, 2), bytes[7] == UInt8(ascii: "-"), let day = number(bytes, 8, 2),
            bytes[10] | 0x20 == UInt8(ascii: "t"), let hour = number(bytes, 11, 2), bytes[13] == UInt8(ascii: ":"),
            let minute = number(bytes, 14, 2), bytes[16] == UInt8(ascii: ":"), let second = number(bytes, 17, 2)
        else { return false }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour <= 23, minute <= 59,
            second <= 60
        else { return false }
        var offset = 19
        if bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            let fractionStart = offset
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
            guard offset > fractionStart else { return false }
        }
        guard offset < bytes.count else { return false }
        var utcMinutes = hour * 60 + minute
        if bytes[offset] | 0x20 == UInt8(ascii: "z") {
            guard offset + 1 == bytes.count else { return false }
        } else {
            guard bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-"), offset + 6 == bytes.count,
                let offsetHour = number(bytes, offset + 1, 2), bytes[offset + 3] == UInt8(ascii: ":"),
                let offsetMinute = number(bytes, offset + 4, 2), offsetHour <= 23, offsetMinute <= 59
            else { return false }
            let sign = bytes[offset] == UInt8(ascii: "+") ? -1 : 1
            utcMinutes = ((utcMinutes + sign * (offsetHour * 60 + offsetMinute)) % 1440 + 1440) % 1440
        }
        return second < 60 || utcMinutes == 23 * 60 + 59
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// RFC 1123 host name: dot-separated labels of 1–63 letters, digits and inner hyphens; at most 253 bytes.
    static func isHostname(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= 253 else { return false }
        for label in bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.count <= 63, label.first != UInt8(ascii: "-"),
                label.last != UInt8(ascii: "-"),
                label.allSatisfy({ isAlpha($0) || isDigit($0) || $0 == UInt8(ascii: "-") })
            else { return false }
        }
        return true
    }

    /// Dotted-quad IPv4 with decimal octets 0–255 and no leading zeros.
    static func isIPv4(_ bytes: ArraySlice<UInt8>) -> Bool {
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(isDigit),
                part.count == 1 || part.first != UInt8(ascii: "0")
            else { return false }
            guard part.reduce(0, { $0 * 10 + Int($1 - 0x30) }) <= 255 else { return false }
        }
        return true
    }

    /// RFC 4291 textual IPv6 (with optional trailing dotted quad); no zone identifier or brackets.
    static func isIPv6(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.count >= 2, bytes.count <= 45 else { return false }
        let text = Array(bytes)
        var halves: [ArraySlice<UInt8>] = []
        if let range = firstDoubleColon(text) {
            halves = [text[..<range], text[(range + 2)...]]
            guard !halves[1].starts(with: [UInt8(ascii: ":")]), firstDoubleColon(Array(halves[1])) == nil else {
                return false
            }
        } else {
            halves = [text[...]]
        }
        var groups = 0
        for (halfIndex, half) in halves.enumerated() where !half.isEmpty {
            let pieces = half.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            for (pieceIndex, piece) in pieces.enumerated() {
                let isLastPiece = halfIndex == halves.count - 1 && pieceIndex == pieces.count - 1
                if isLastPiece, piece.contains(UInt8(ascii: ".")) {
                    guard isIPv4(piece) else { return false }
                    groups += 2
                } else {
                    guard (1...4).contains(piece.count), piece.allSatisfy(isHexDigit) else { return false }
                    groups += 1
                }
            }
        }
        return halves.count == 2 ? groups <= 7 : groups == 8
    }

    private static func firstDoubleColon(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        return (0..<(bytes.count - 1)).first { bytes[$0] == UInt8(ascii: ":") && bytes[$0 + 1] == UInt8(ascii: ":") }
    }

    /// RFC 5322 addr-spec: a dot-atom or quoted-string local part, and a host name or bracketed IP literal.
    static func isEmail(_ bytes: [UInt8]) -> Bool {
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard !local.isEmpty, !domain.isEmpty else { return false }
        let localValid: Bool
        if local.count >= 2, local.first == UInt8(ascii: "\""), local.last == UInt8(ascii: "\"") {
            localValid = isQuotedContent(local.dropFirst().dropLast())
        } else {
            localValid = local.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy {
                !$0.isEmpty && $0.allSatisfy(isAtext)
            }
        }
        guard localValid else { return false }
        if domain.first == UInt8(ascii: "["), domain.last == UInt8(ascii: "]") {
            let literal = domain.dropFirst().dropLast()
            let ipv6Prefix = Array("IPv6:".utf8)
            if literal.starts(with: ipv6Prefix) { return isIPv6(literal.dropFirst(ipv6Prefix.count)) }
            return isIPv4(literal)
        }
        return isHostname(domain)
    }

    private static func isAtext(_ byte: UInt8) -> Bool {
        isAlpha(byte) || isDigit(byte) || "!#$%&'*+/=?^_`{|}~-".utf8.contains(byte)
    }

    private static func isQuotedContent(_ bytes: ArraySlice<UInt8>) -> Bool {
        var escaped = false
        for byte in bytes {
            guard byte >= 0x20, byte < 0x7F else { return false }
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                return false
            }
        }
        return !escaped
    }
}
