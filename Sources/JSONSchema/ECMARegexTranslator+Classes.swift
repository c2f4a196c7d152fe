extension ECMARegexTranslator {
    /// One atom of a character class: a single scalar, or a whole set (class escape) written as class-body text.
    enum ClassAtom {
        case scalar(Unicode.Scalar)
        case set(String)
    }

    mutating func translateClass() throws(RegexSyntaxError) {
        let negated = peek() == "^"
        if negated { index += 1 }
        var body = ""
        var isEmpty = true
        while true {
            guard let first = try classAtom() else { break }
            isEmpty = false
            if case .scalar(let low) = first, peek() == "-", peek(1) != "]", peek(1) != nil {
                index += 1
                guard let second = try classAtom() else { throw RegexSyntaxError(message: "unterminated class") }
                guard case .scalar(let high) = second else {
                    throw RegexSyntaxError(message: "invalid character class range")
                }
                guard low.value <= high.value else {
                    throw RegexSyntaxError(message: "character class range out of order")
                }
                body += Self.range(low.value, high.value)
            } else {
                switch first {
                case .scalar(let scalar): body += ECMACharacterSets.literal(scalar)
                case .set(let set): body += set
                }
            }
        }
        if isEmpty {
            output += negated ? "[\\u{0}-\\u{10FFFF}]" : "[^\\u{0}-\\u{10FFFF}]"
        } else {
            output += (negated ? "[^" : "[") + body + "]"
        }
    }

    /// Class-body text for the range `low...high`. Swift checks range bounds as characters, which fails for scalars
    /// that are not their own NFC form (such as U+2001 or U+F900); such bounds are listed individually instead.
    static func range(_ low: UInt32, _ high: UInt32) -> String {
        var low = low
        var high = high
        var singles = ""
        func isStable(_ value: UInt32) -> Bool {
            guard let scalar = Unicode.Scalar(value) else { return false }
            return !scalar.properties.isFullCompositionExclusion
        }
        while low <= high, !isStable(low) {
            if let scalar = Unicode.Scalar(low) { singles += ECMACharacterSets.literal(scalar) }
            low += 1
        }
        while high > low, !isStable(high) {
            if let scalar = Unicode.Scalar(high) { singles += ECMACharacterSets.literal(scalar) }
            high -= 1
        }
        guard low <= high, let first = Unicode.Scalar(low), let last = Unicode.Scalar(high) else { return singles }
        let body =
            low == high
            ? ECMACharacterSets.literal(first)
            : ECMACharacterSets.literal(first) + "-" + ECMACharacterSets.literal(last)
        return singles + body
    }

    /// The next class atom, or `nil` at the closing `]`.
    private mutating func classAtom() throws(RegexSyntaxError) -> ClassAtom? {
        guard let scalar = next() else { throw RegexSyntaxError(message: "unterminated character class") }
        if scalar == "]" { return nil }
        guard scalar == "\\" else { return .scalar(scalar) }
        guard let letter = peek() else { throw RegexSyntaxError(message: "trailing backslash") }
        if let set = ECMACharacterSets.classBody(for: Character(letter)) {
            index += 1
            return .set(set.negated ? "[^" + set.body + "]" : set.body)
        }
        switch letter {
        case "b":
            index += 1
            return .scalar("\u{8}")
        case "-":
            index += 1
            return .scalar("-")
        case "p", "P":
            index += 1
            return .set(try propertyEscape(negated: letter == "P"))
        default:
            guard let decoded = try scalarEscape() else { return .set("") }
            return .scalar(decoded)
        }
    }
}
