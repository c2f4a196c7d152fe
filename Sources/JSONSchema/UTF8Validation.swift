/// Strict UTF-8 well-formedness checks (Unicode Table 3-7: no overlongs, no surrogates, nothing above U+10FFFF).
enum UTF8Validation {
    /// The end offset of the well-formed multi-byte sequence starting at `offset`, or `nil` if it is ill-formed.
    static func sequenceEnd(in bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int? {
        let lead = bytes[offset]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            secondRange = 0x80...0x9F
        case 0xF0:
            length = 4
            secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            secondRange = 0x80...0x8F
        default: return nil
        }
        guard offset + length <= bytes.count, secondRange.contains(bytes[offset + 1]) else { return nil }
        for next in (offset + 2)..<(offset + length) where !(0x80...0xBF).contains(bytes[next]) {
            return nil
        }
        return offset + length
    }

    /// The offset of the first ill-formed byte in `bytes`, or `nil` if all of it is well-formed UTF-8.
    static func firstInvalidOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var offset = 0
        while offset < bytes.count {
            if bytes[offset] < 0x80 {
                offset += 1
            } else if let end = sequenceEnd(in: bytes, at: offset) {
                offset = end
            } else {
                return offset
            }
        }
        return nil
    }
}
