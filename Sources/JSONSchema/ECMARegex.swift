/// An ECMA-262 regular expression, translated once to Swift `Regex` syntax with ECMA semantics:
/// ASCII-only `\d` `\w` `\b`, ECMA's `\s` set, `.` excluding line terminators, `$` only at the end of input,
/// `\cX`, `\uXXXX` (surrogate pairs combined), `\u{…}` and `\p{…}`. Matching is an unanchored search over
/// Unicode scalars. Lookbehind is not supported (it is not part of ECMA-262 5.1, which draft 4 refers to).
struct ECMARegex: Sendable {
    /// The pattern as written in the schema.
    let source: String
    private let regex: SharedRegex

    /// Compiles `source`, throwing ``RegexSyntaxError`` when it is not a supported ECMA-262 pattern.
    init(_ source: String) throws(RegexSyntaxError) {
        self.source = source
        var translator = ECMARegexTranslator(source)
        let translated = try translator.translate()
        do {
            let compiled = try Regex(translated)
                .matchingSemantics(.unicodeScalar)
                .wordBoundaryKind(.simple)
                .asciiOnlyWordCharacters()
                .asciiOnlyDigits()
            regex = SharedRegex(regex: compiled)
        } catch {
            throw RegexSyntaxError(message: "unsupported regular expression (\(error))")
        }
    }

    /// Whether the pattern matches anywhere in `string`.
    func matches(_ string: String) -> Bool {
        string.contains(regex.regex)
    }
}

/// Shares a compiled regex between threads.
///
/// `Regex<Output>` is `Sendable` whenever `Output` is; `Regex<AnyRegexOutput>` is not only because its *match
/// results* may carry non-Sendable captures. The regex value itself is immutable (the standard library lowers its
/// program once, atomically), and match results never leave the calling thread here, so sharing it is safe.
struct SharedRegex: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>
}

/// A pattern that is not valid (or not supported) ECMA-262.
struct RegexSyntaxError: Error, Sendable, Equatable {
    let message: String
}

/// Character sets shared by the translator.
enum ECMACharacterSets {
    static let digits = "0-9"
    static let word = "A-Za-z0-9_"
    /// ECMA-262 WhiteSpace and LineTerminator, listed one by one (Swift rejects some escaped ranges).
    static let whitespace =
        "\\u{9}\\u{A}\\u{B}\\u{C}\\u{D}\\u{20}\\u{A0}\\u{1680}\\u{2000}\\u{2001}\\u{2002}\\u{2003}\\u{2004}\\u{2005}\\u{2006}\\u{2007}\\u{2008}\\u{2009}\\u{200A}\\u{2028}\\u{2029}\\u{202F}\\u{205F}\\u{3000}\\u{FEFF}"
    static let lineTerminators = "\\u{A}\\u{D}\\u{2028}\\u{2029}"

    /// The Swift class-body text for a class escape letter (`d D w W s S`), or `nil` for other letters.
    static func classBody(for letter: Character) -> (body: String, negated: Bool)? {
        switch letter {
        case "d": (digits, false)
        case "D": (digits, true)
        case "w": (word, false)
        case "W": (word, true)
        case "s": (whitespace, false)
        case "S": (whitespace, true)
        default: nil
        }
    }

    /// A scalar written so that Swift regex syntax reads it literally, inside or outside a class.
    static func literal(_ scalar: Unicode.Scalar) -> String {
        let value = scalar.value
        if (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) {
            return String(scalar)
        }
        return "\\u{" + String(value, radix: 16, uppercase: true) + "}"
    }
}
