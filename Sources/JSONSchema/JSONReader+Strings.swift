extension JSONReader {
    /// Parses a string starting at its opening quote and leaves the position after the closing quote.
    mutating func parseString() throws(JSONParseError) -> String {
        position += 1
        let start = position
        let limit = options.maxStringLength ?? Int.max
        // Fast path: no escapes, so the raw bytes are the string.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                guard position - start <= limit else { throw .stringTooLong(limit) }
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            try advanceRawCharacter(byte)
            guard position - start <= limit else { throw .stringTooLong(limit) }
        }
        guard position < bytes.count else { throw .unexpectedEndOfInput(position) }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                try parseEscape()
            } else {
                let characterStart = position
                try advanceRawCharacter(byte)
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[characterStart..<position]))
            }
            guard scratch.count <= limit else { throw .stringTooLong(limit) }
        }
        throw .unexpectedEndOfInput(position)
    }

    /// Moves past one unescaped character, validating it.
    private mutating func advanceRawCharacter(_ byte: UInt8) throws(JSONParseError) {
        if byte < 0x20 { throw .controlCharacterInString(position) }
        if byte < 0x80 {
            position += 1
        } else {
            guard let end = UTF8Validation.sequenceEnd(in: bytes, at: position) else {
                throw .invalidUTF8(position)
            }
            position = end
        }
    }

    /// Decodes the escape at the current backslash into `scratch`.
    private mutating func parseEscape() throws(JSONParseError) {
        let escapeStart = position
        position += 1
        guard position < bytes.count else { throw .unexpectedEndOfInput(position) }
        let code = bytes[position]
        position += 1
        switch code {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(code)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try parseHex4()
            var scalarValue = UInt32(unit)
            if (0xD800...0xDBFF).contains(unit) {
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                    bytes[position + 1] == UInt8(ascii: "u")
                else { throw .invalidSurrogate(escapeStart) }
                position += 2
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw .invalidSurrogate(escapeStart) }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(unit) {
                throw .invalidSurrogate(escapeStart)
            }
            guard let scalar = Unicode.Scalar(scalarValue) else { throw .invalidSurrogate(escapeStart) }
            appendUTF8(scalar)
        default:
            throw .invalidEscape(escapeStart)
        }
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt16 {
        guard position + 4 <= bytes.count else { throw .unexpectedEndOfInput(bytes.count) }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .invalidEscape(position)
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    private mutating func appendUTF8(_ scalar: Unicode.Scalar) {
        let value = scalar.value
        switch value {
        case 0..<0x80:
            scratch.append(UInt8(value))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | value >> 6))
            scratch.append(UInt8(0x80 | value & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | value >> 12))
            scratch.append(UInt8(0x80 | value >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | value & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | value >> 18))
            scratch.append(UInt8(0x80 | value >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | value >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | value & 0x3F))
        }
    }
}
