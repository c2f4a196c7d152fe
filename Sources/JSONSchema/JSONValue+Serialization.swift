extension JSONValue {
    /// The value as JSON text. Keys keep document order unless `sortedKeys` (code point order);
    /// `prettyPrinted` indents by two spaces. Non-finite doubles (never produced by the parser) are written as `null`.
    public func serialized(sortedKeys: Bool = false, prettyPrinted: Bool = false) -> String {
        String(decoding: serializedBytes(sortedKeys: sortedKeys, prettyPrinted: prettyPrinted), as: UTF8.self)
    }

    /// The value as UTF-8 encoded JSON text; see ``serialized(sortedKeys:prettyPrinted:)``.
    public func serializedBytes(sortedKeys: Bool = false, prettyPrinted: Bool = false) -> [UInt8] {
        var writer = JSONWriter(sortedKeys: sortedKeys, prettyPrinted: prettyPrinted)
        writer.write(self, depth: 0)
        return writer.output
    }
}

extension JSONValue: CustomStringConvertible {
    /// Compact JSON text.
    public var description: String { serialized() }
}

/// Appends JSON text for values to a byte buffer.
struct JSONWriter {
    let sortedKeys: Bool
    let prettyPrinted: Bool
    var output: [UInt8] = []

    init(sortedKeys: Bool, prettyPrinted: Bool) {
        self.sortedKeys = sortedKeys
        self.prettyPrinted = prettyPrinted
    }

    mutating func write(_ value: JSONValue, depth: Int) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let number): output.append(contentsOf: String(number).utf8)
        case .number(let number): output.append(contentsOf: JSONWriter.format(number).utf8)
        case .string(let string): JSONWriter.appendQuoted(string, to: &output)
        case .array(let elements): writeArray(elements, depth: depth)
        case .object(let object): writeObject(object, depth: depth)
        }
    }

    /// Shortest round-tripping text for a finite double (`1.0`, `0.1`, `1e+300`), `null` otherwise.
    static func format(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        return number.description
    }

    private mutating func writeArray(_ elements: [JSONValue], depth: Int) {
        guard !elements.isEmpty else {
            output.append(contentsOf: "[]".utf8)
            return
        }
        output.append(UInt8(ascii: "["))
        for (position, element) in elements.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            newline(depth: depth + 1)
            write(element, depth: depth + 1)
        }
        newline(depth: depth)
        output.append(UInt8(ascii: "]"))
    }

    private mutating func writeObject(_ object: JSONObject, depth: Int) {
        guard !object.isEmpty else {
            output.append(contentsOf: "{}".utf8)
            return
        }
        var entries = object.entries
        if sortedKeys {
            entries.sort { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
        }
        output.append(UInt8(ascii: "{"))
        for (position, entry) in entries.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            newline(depth: depth + 1)
            JSONWriter.appendQuoted(entry.key, to: &output)
            output.append(UInt8(ascii: ":"))
            if prettyPrinted { output.append(UInt8(ascii: " ")) }
            write(entry.value, depth: depth + 1)
        }
        newline(depth: depth)
        output.append(UInt8(ascii: "}"))
    }

    private mutating func newline(depth: Int) {
        guard prettyPrinted else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `string` as a JSON string literal: escapes `"`, `\` and control characters, keeps other UTF-8 as is.
    static func appendQuoted(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                output.append(contentsOf: "\\u00".utf8)
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0xF)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
