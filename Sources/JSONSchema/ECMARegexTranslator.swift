/// Rewrites an ECMA-262 pattern into equivalent Swift `Regex` syntax (see ``ECMARegex``).
struct ECMARegexTranslator {
    let scalars: [Unicode.Scalar]
    var index = 0
    var output = ""

    init(_ pattern: String) { scalars = Array(pattern.unicodeScalars) }

    mutating func translate() throws(RegexSyntaxError) -> String {
        var depth = 0
        while let scalar = next() {
            switch scalar {
            case "^": output += "^"
            case "$": output += "\\z"
            case ".": output += "[^" + ECMACharacterSets.lineTerminators + "]"
            case "|", "*", "+", "?": output.unicodeScalars.append(scalar)
            case "(":
                depth += 1
                try translateGroupOpening()
            case ")":
                guard depth > 0 else { throw RegexSyntaxError(message: "unmatched ')'") }
                depth -= 1
                output += ")"
            case "[": try translateClass()
            case "{": translateBrace()
            case "\\": try translateEscape()
            default: output += ECMACharacterSets.literal(scalar)
            }
        }
        guard depth == 0 else { throw RegexSyntaxError(message: "missing ')'") }
        return output
    }

    mutating func next() -> Unicode.Scalar? {
        guard index < scalars.count else { return nil }
        defer { index += 1 }
        return scalars[index]
    }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func translateGroupOpening() throws(RegexSyntaxError) {
        guard peek() == "?" else {
            output += "("
            return
        }
        if peek(1) == ":" || peek(1) == "=" || peek(1) == "!" {
            output += "(?" + String(scalars[index + 1])
            index += 2
        } else if peek(1) == "<", peek(2) == "=" || peek(2) == "!" {
            throw RegexSyntaxError(message: "lookbehind assertions are not supported")
        } else if peek(1) == "<" {
            index += 2
            var name = ""
            while let scalar = next(), scalar != ">" {
                guard scalar.properties.isAlphabetic || scalar == "_" || ("0"..."9").contains(scalar) else {
                    throw RegexSyntaxError(message: "invalid group name")
                }
                name.unicodeScalars.append(scalar)
            }
            output += "(?<" + name + ">"
        } else {
            throw RegexSyntaxError(message: "invalid group")
        }
    }

    /// `{n}`, `{n,}` or `{n,m}` is a quantifier; any other brace is a literal (ECMA-262 Annex B).
    private mutating func translateBrace() {
        var cursor = index
        var text = "{"
        var sawDigit = false
        var sawComma = false
        while cursor < scalars.count {
            let scalar = scalars[cursor]
            cursor += 1
            if ("0"..."9").contains(scalar) {
                sawDigit = true
            } else if scalar == ",", !sawComma, sawDigit {
                sawComma = true
            } else if scalar == "}", sawDigit {
                text.unicodeScalars.append(scalar)
                output += text
                index = cursor
                return
            } else {
                break
            }
            text.unicodeScalars.append(scalar)
        }
        output += ECMACharacterSets.literal("{")
    }

    private mutating func translateEscape() throws(RegexSyntaxError) {
        guard let letter = peek() else { throw RegexSyntaxError(message: "trailing backslash") }
        if let set = ECMACharacterSets.classBody(for: Character(letter)) {
            index += 1
            output += (set.negated ? "[^" : "[") + set.body + "]"
            return
        }
        switch letter {
        case "b", "B":
            index += 1
            output += "\\" + String(letter)
        case "1"..."9":
            var number = ""
            while let digit = peek(), ("0"..."9").contains(digit) {
                number.unicodeScalars.append(digit)
                index += 1
            }
            output += "\\" + number
        case "k" where peek(1) == "<":
            index += 2
            var name = ""
            while let scalar = next(), scalar != ">" { name.unicodeScalars.append(scalar) }
            output += "\\k<" + name + ">"
        case "p", "P":
            index += 1
            output += try propertyEscape(negated: letter == "P")
        default:
            guard let scalar = try scalarEscape() else {
                output += "[^\\u{0}-\\u{10FFFF}]"
                return
            }
            output += ECMACharacterSets.literal(scalar)
        }
    }

    /// `\p{…}` after the `p`; only letters, digits, `_` and `=` are allowed inside the braces.
    mutating func propertyEscape(negated: Bool) throws(RegexSyntaxError) -> String {
        guard next() == "{" else { throw RegexSyntaxError(message: "invalid property escape") }
        var name = ""
        while let scalar = next(), scalar != "}" {
            guard scalar.isASCII,
                scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_=".unicodeScalars.contains(scalar)
            else { throw RegexSyntaxError(message: "invalid property escape") }
            name.unicodeScalars.append(scalar)
        }
        guard !name.isEmpty else { throw RegexSyntaxError(message: "invalid property escape") }
        return (negated ? "\\P{" : "\\p{") + name + "}"
    }

    /// Decodes an escape denoting one scalar (the backslash already consumed). Returns `nil` for a lone
    /// surrogate, which can never match a Swift string.
    mutating func scalarEscape() throws(RegexSyntaxError) -> Unicode.Scalar? {
        guard let letter = next() else { throw RegexSyntaxError(message: "trailing backslash") }
        switch letter {
        case "t": return "\t"
        case "n": return "\n"
        case "v": return "\u{B}"
        case "f": return "\u{C}"
        case "r": return "\r"
        case "0" where !(peek().map { ("0"..."9").contains($0) } ?? false): return "\u{0}"
        case "c":
            guard let control = peek(), control.isASCII, control.properties.isAlphabetic else { return "\\" }
            index += 1
            return Unicode.Scalar(control.value % 32)
        case "x":
            guard let value = hexNumber(length: 2) else { return "x" }
            return Unicode.Scalar(value)
        case "u":
            return try unicodeEscape()
        default:
            if letter.isASCII, letter.properties.isAlphabetic || ("0"..."9").contains(letter) {
                throw RegexSyntaxError(message: "invalid escape \\\(letter)")
            }
            return letter
        }
    }

    private mutating func unicodeEscape() throws(RegexSyntaxError) -> Unicode.Scalar? {
        if peek() == "{" {
            index += 1
            var value: UInt32 = 0
            var digits = 0
            while let scalar = next(), scalar != "}" {
                guard let digit = Self.hexDigit(scalar), value <= 0x10FFFF else {
                    throw RegexSyntaxError(message: "invalid \\u{…} escape")
                }
                value = value * 16 + digit
                digits += 1
            }
            guard digits > 0, let scalar = Unicode.Scalar(value) else {
                throw RegexSyntaxError(message: "invalid \\u{…} escape")
            }
            return scalar
        }
        guard let unit = hexNumber(length: 4) else { return "u" }
        if (0xD800...0xDBFF).contains(unit), peek() == "\\", peek(1) == "u" {
            let saved = index
            index += 2
            if let low = hexNumber(length: 4), (0xDC00...0xDFFF).contains(low) {
                return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
            }
            index = saved
        }
        return Unicode.Scalar(unit)
    }

    private mutating func hexNumber(length: Int) -> UInt32? {
        guard index + length <= scalars.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<length {
            guard let digit = Self.hexDigit(scalars[index + offset]) else { return nil }
            value = value * 16 + digit
        }
        index += length
        return value
    }

    private static func hexDigit(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": scalar.value - 0x30
        case "a"..."f": scalar.value - 0x61 + 10
        case "A"..."F": scalar.value - 0x41 + 10
        default: nil
        }
    }
}
