import JSONSchema
import Testing

/// ECMA-262 `pattern` semantics, exercised through the public schema API.
@Suite struct ECMARegexTests {
    private func matches(_ pattern: String, _ input: String) throws -> Bool {
        try Schema(["pattern": .string(pattern)]).isValid(.string(input))
    }

    @Test("ECMA-262 semantics that differ from Swift and PCRE defaults")
    func semantics() throws {
        #expect(try !matches("^abc$", "abc\n"))
        #expect(try matches("b", "abc"), "unanchored search")
        #expect(try matches("^\\cJ$", "\n"))
        #expect(try !matches("^\\d$", "\u{0660}"))
        #expect(try !matches("^\\w$", "é"))
        #expect(try matches("^\\s$", "\u{FEFF}"))
        #expect(try !matches("^.$", "\u{2028}"))
        #expect(try matches("^.$", "😀"), "matching is per code point")
        #expect(try !matches("\\bé", " é"), "word boundaries are ASCII")
        #expect(try matches("^x{,3}$", "x{,3}"), "an invalid quantifier brace is literal")
        #expect(try matches("^[\\d-x]+$", "1-x"))
        #expect(try matches("^(a)\\1$", "aa"))
        #expect(try matches("^[^]$", "\n") && !matches("[]", "a"))
        #expect(try matches("^\\u00e9\\x41\\/$", "éA/"))
        #expect(try matches("^\\ud83d\\ude00$", "😀"))
        #expect(try matches("^\\p{Lu}+$", "ÀB") && !matches("^\\p{Lu}+$", "a"))
        #expect(try matches("^[#&~ ]+$", "# &~"), "Swift class-set operators are literal")
    }

    @Test("ranges whose bounds are not their own NFC form still work")
    func normalizingRanges() throws {
        #expect(try matches("^[\\u2000-\\u200a]$", "\u{2001}"))
        #expect(try matches("^[\\u2000-\\u200a]$", "\u{2000}"))
        #expect(try !matches("^[\\u2000-\\u200a]$", "\u{200B}"))
        #expect(try matches("^[\\uf900-\\ufaff]$", "\u{F901}"))
        #expect(try matches("^[\\u0300-\\u036f]$", "\u{301}"))
    }

    @Test("unsupported or invalid patterns are rejected")
    func rejections() {
        for pattern in ["(?<=a)b", "(?<!a)b", "(a", "a)", "[z-a]", "\\", "\\p{", "[a"] {
            #expect(throws: SchemaError.self, "\(pattern)") { try Schema(["pattern": .string(pattern)]) }
        }
    }
}
