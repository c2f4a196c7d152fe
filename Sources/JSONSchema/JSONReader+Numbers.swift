extension JSONReader {
    /// Parses an RFC 8259 number. Integer literals that fit in `Int64` become `.integer`, everything else `.number`;
    /// magnitudes beyond `Double` (such as `1e400`) are rejected with ``JSONParseError/numberOutOfRange(_:)``.
    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = position
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        guard position < bytes.count else { throw .unexpectedEndOfInput(position) }
        let first = bytes[position]
        guard isDigit(first) else { throw .invalidNumber(start) }
        position += 1
        if first == UInt8(ascii: "0") {
            if position < bytes.count, isDigit(bytes[position]) { throw .invalidNumber(start) }
        } else {
            skipDigits()
        }
        var isInteger = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else { throw .invalidNumber(start) }
            skipDigits()
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else { throw .invalidNumber(start) }
            skipDigits()
        }
        let literal = UnsafeBufferPointer(rebasing: bytes[start..<position])
        if isInteger, let integer = JSONReader.int64(literal, negative: negative) { return .integer(integer) }
        guard let double = Double(String(decoding: literal, as: UTF8.self)), double.isFinite else {
            throw .numberOutOfRange(start)
        }
        return .number(double)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func skipDigits() {
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
    }

    /// The integer value of an already validated integer literal, or `nil` on `Int64` overflow.
    private static func int64(_ literal: UnsafeBufferPointer<UInt8>, negative: Bool) -> Int64? {
        var value: Int64 = 0
        for byte in literal.dropFirst(negative ? 1 : 0) {
            let digit = Int64(byte - UInt8(ascii: "0"))
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            // Accumulate negatively so that Int64.min is representable.
            let (next, overflow2) = shifted.subtractingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = next
        }
        if negative { return value }
        return value == .min ? nil : -value
    }
}
