/// Python-style `repr()` of JSON values for error messages: single-quoted strings, `True`/`False`/`None`,
/// non-printable characters escaped (so the result is always one line) and long results cut with `…`.
enum PythonRepr {
    /// The default maximum length, in Unicode scalars, of one rendered value.
    static let defaultLimit = 80

    /// `repr(value)`, truncated to `limit` scalars.
    static func repr(_ value: JSONValue, limit: Int = defaultLimit) -> String {
        var writer = Writer(limit: limit)
        writer.write(value)
        return writer.finish()
    }

    /// `repr(string)`, truncated to `limit` scalars.
    static func string(_ string: String, limit: Int = defaultLimit) -> String {
        var writer = Writer(limit: limit)
        writer.writeString(string)
        return writer.finish()
    }

    /// Already rendered reprs joined with `", "`, truncated to `limit` scalars.
    static func list(_ reprs: [String], limit: Int = 2 * defaultLimit) -> String {
        var writer = Writer(limit: limit)
        for (position, item) in reprs.enumerated() {
            guard !writer.isFull else { break }
            if position > 0 { writer.append(", ") }
            writer.append(item)
        }
        return writer.finish()
    }

    /// A parse-error rendering of one character: `'x'` when printable, `U+0007` otherwise.
    static func characterDescription(_ character: String) -> String {
        let scalars = character.unicodeScalars
        if scalars.count == 1, let scalar = scalars.first, isPrintable(scalar), scalar != "'" {
            return "'\(character)'"
        }
        return scalars.map { "U+" + hex($0.value, width: 4) }.joined(separator: " ")
    }

    /// Python's `str.isprintable()` for one scalar.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
            .spaceSeparator:
            return false
        default:
            return true
        }
    }

    static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: false)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Accumulates output and stops once it is known to exceed the limit.
    struct Writer {
        let limit: Int
        var output = String.UnicodeScalarView()
        var length = 0

        init(limit: Int) { self.limit = limit }

        var isFull: Bool { length > limit }

        mutating func append(_ text: String) {
            for scalar in text.unicodeScalars {
                guard !isFull else { return }
                output.append(scalar)
                length += 1
            }
        }

        mutating func finish() -> String {
            guard isFull else { return String(output) }
            return String(String.UnicodeScalarView(output.prefix(max(0, limit - 1)))) + "…"
        }

        mutating func write(_ value: JSONValue) {
            guard !isFull else { return }
            switch value {
            case .null: append("None")
            case .bool(let flag): append(flag ? "True" : "False")
            case .integer(let number): append(String(number))
            case .number(let number): append(number.description)
            case .string(let string): writeString(string)
            case .array(let elements):
                append("[")
                for (position, element) in elements.enumerated() {
                    guard !isFull else { return }
                    if position > 0 { append(", ") }
                    write(element)
                }
                append("]")
            case .object(let object):
                append("{")
                for (position, entry) in object.entries.enumerated() {
                    guard !isFull else { return }
                    if position > 0 { append(", ") }
                    writeString(entry.key)
                    append(": ")
                    write(entry.value)
                }
                append("}")
            }
        }

        mutating func writeString(_ string: String) {
            let quote: Unicode.Scalar =
                string.unicodeScalars.contains("'") && !string.unicodeScalars.contains("\"") ? "\"" : "'"
            append(String(quote))
            for scalar in string.unicodeScalars {
                guard !isFull else { return }
                switch scalar {
                case "\\": append("\\\\")
                case "\n": append("\\n")
                case "\r": append("\\r")
                case "\t": append("\\t")
                case quote: append("\\" + String(quote))
                default:
                    if PythonRepr.isPrintable(scalar) {
                        append(String(scalar))
                    } else if scalar.value < 0x100 {
                        append("\\x" + PythonRepr.hex(scalar.value, width: 2))
                    } else if scalar.value < 0x10000 {
                        append("\\u" + PythonRepr.hex(scalar.value, width: 4))
                    } else {
                        append("\\U" + PythonRepr.hex(scalar.value, width: 8))
                    }
                }
            }
            append(String(quote))
        }
    }
}
