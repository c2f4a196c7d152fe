/// The parsing engine behind ``JSONParser``: walks a byte buffer with an explicit container stack.
struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    let options: JSONParser.Options
    var position = 0
    /// Reused buffer for strings that contain escapes.
    var scratch: [UInt8] = []

    private enum Frame {
        case array([JSONValue])
        case object(JSONObject, key: String)
    }

    init(bytes: UnsafeBufferPointer<UInt8>, options: JSONParser.Options) {
        self.bytes = bytes
        self.options = options
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard position < bytes.count else { throw .emptyInput }
        var stack: [Frame] = []
        var value: JSONValue
        parsing: while true {
            skipWhitespace()
            guard position < bytes.count else { throw .unexpectedEndOfInput(position) }
            switch bytes[position] {
            case UInt8(ascii: "["):
                guard stack.count < options.maxDepth else { throw .tooDeep(options.maxDepth) }
                position += 1
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                    position += 1
                    value = .array([])
                } else {
                    stack.append(.array([]))
                    continue parsing
                }
            case UInt8(ascii: "{"):
                guard stack.count < options.maxDepth else { throw .tooDeep(options.maxDepth) }
                position += 1
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                    position += 1
                    value = .object(JSONObject())
                } else {
                    stack.append(.object(JSONObject(), key: try parseKey()))
                    continue parsing
                }
            default:
                value = try parseScalar()
            }
            // A value is complete: hand it to the enclosing containers until one expects more.
            while true {
                guard let frame = stack.popLast() else {
                    skipWhitespace()
                    guard position == bytes.count else { throw .trailingData(position) }
                    return value
                }
                skipWhitespace()
                guard position < bytes.count else { throw .unexpectedEndOfInput(position) }
                let next = bytes[position]
                switch frame {
                case .array(var elements):
                    elements.append(value)
                    position += 1
                    if next == UInt8(ascii: ",") {
                        stack.append(.array(elements))
                        continue parsing
                    }
                    guard next == UInt8(ascii: "]") else { throw unexpected(at: position - 1) }
                    value = .array(elements)
                case .object(var object, let key):
                    try insert(value, for: key, into: &object)
                    position += 1
                    if next == UInt8(ascii: ",") {
                        skipWhitespace()
                        stack.append(.object(object, key: try parseKey()))
                        continue parsing
                    }
                    guard next == UInt8(ascii: "}") else { throw unexpected(at: position - 1) }
                    value = .object(object)
                }
            }
        }
    }

    private mutating func insert(
        _ value: JSONValue,
        for key: String,
        into object: inout JSONObject
    )
        throws(JSONParseError)
    {
        if let existing = object.position(of: key) {
            guard options.duplicateKeys == .lastWins else { throw .duplicateKey(key) }
            _ = existing
            object[key] = value
        } else {
            object.appendNew(key, value)
        }
    }

    /// Parses `"key" :` and leaves the position before the member value.
    private mutating func parseKey() throws(JSONParseError) -> String {
        guard position < bytes.count else { throw .unexpectedEndOfInput(position) }
        guard bytes[position] == UInt8(ascii: "\"") else { throw unexpected(at: position) }
        let key = try parseString()
        skipWhitespace()
        guard position < bytes.count else { throw .unexpectedEndOfInput(position) }
        guard bytes[position] == UInt8(ascii: ":") else { throw unexpected(at: position) }
        position += 1
        return key
    }

    private mutating func parseScalar() throws(JSONParseError) -> JSONValue {
        switch bytes[position] {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw unexpected(at: position)
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let start = position
        for expected in UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount) {
            guard position < bytes.count else { throw .unexpectedEndOfInput(position) }
            guard bytes[position] == expected else { throw unexpected(at: position == start ? start : position) }
            position += 1
        }
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// The error for the byte at `offset`: the character it starts, or invalid UTF-8.
    func unexpected(at offset: Int) -> JSONParseError {
        guard offset < bytes.count else { return .unexpectedEndOfInput(offset) }
        let byte = bytes[offset]
        if byte < 0x80 { return .unexpectedCharacter(String(UnicodeScalar(byte)), offset: offset) }
        guard let end = UTF8Validation.sequenceEnd(in: bytes, at: offset) else { return .invalidUTF8(offset) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self)
        return .unexpectedCharacter(text, offset: offset)
    }
}
