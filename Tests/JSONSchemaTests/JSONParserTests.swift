import JSONSchema
import Testing

@Suite struct JSONParserTests {
    private func parse(_ text: String, _ options: JSONParser.Options = .init()) throws(JSONParseError) -> JSONValue {
        try JSONParser.parse(text, options: options)
    }

    private func error(_ text: String, _ options: JSONParser.Options = .init()) -> JSONParseError? {
        error(bytes: Array(text.utf8), options)
    }

    private func error(bytes: [UInt8], _ options: JSONParser.Options = .init()) -> JSONParseError? {
        do {
            _ = try JSONParser.parse(bytes, options: options)
            return nil
        } catch {
            return error
        }
    }

    @Test("scalars, arrays and objects parse into the matching cases")
    func validDocuments() throws {
        #expect(try parse("null") == .null)
        #expect(try parse(" true ") == .bool(true))
        #expect(try parse("false") == .bool(false))
        #expect(try parse("\"hi\"") == .string("hi"))
        #expect(try parse("[1, \"a\", [], {}]") == [1, "a", [], [:]])
        #expect(try parse("{\"a\": {\"b\": [null]}}") == ["a": ["b": [nil]]])
        #expect(try parse("\t\r\n [ ] \n") == [])
    }

    @Test("integer literals that fit Int64 are integers, everything else is a double")
    func integersAndDoubles() throws {
        #expect(try parse("1") == .integer(1))
        #expect(try parse("-0") == .integer(0))
        #expect(try parse("9223372036854775807") == .integer(.max))
        #expect(try parse("-9223372036854775808") == .integer(.min))
        #expect(try parse("9223372036854775808") == .number(9_223_372_036_854_775_808.0))
        #expect(try parse("-9223372036854775809") == .number(-9_223_372_036_854_775_809.0))
        #expect(try parse("12345678901234567890123") == .number(1.2345678901234567e22))
        if case .number(let value) = try parse("1.0") { #expect(value == 1.0) } else { Issue.record("1.0") }
        if case .number(let value) = try parse("1e2") { #expect(value == 100) } else { Issue.record("1e2") }
        #expect(try parse("-1.5E-3") == .number(-0.0015))
        #expect(try parse("1e-400") == .number(0))
    }

    @Test("numbers beyond the range of Double are rejected")
    func hugeNumbers() {
        #expect(error("1e400") == .numberOutOfRange(0))
        #expect(error("[-1e400]") == .numberOutOfRange(1))
    }

    @Test(
        "malformed documents are rejected with the right error",
        arguments: [
            ("", JSONParseError.emptyInput),
            ("   ", .emptyInput),
            ("01", .invalidNumber(0)),
            ("-01", .invalidNumber(0)),
            ("+1", .unexpectedCharacter("+", offset: 0)),
            (".5", .unexpectedCharacter(".", offset: 0)),
            ("1.", .invalidNumber(0)),
            ("1.e5", .invalidNumber(0)),
            ("1e", .invalidNumber(0)),
            ("1e+", .invalidNumber(0)),
            ("-", .unexpectedEndOfInput(1)),
            ("-a", .invalidNumber(0)),
            ("NaN", .unexpectedCharacter("N", offset: 0)),
            ("Infinity", .unexpectedCharacter("I", offset: 0)),
            ("-Infinity", .invalidNumber(0)),
            ("[1,]", .unexpectedCharacter("]", offset: 3)),
            ("{\"a\":1,}", .unexpectedCharacter("}", offset: 7)),
            ("[1 2]", .unexpectedCharacter("2", offset: 3)),
            ("{\"a\" 1}", .unexpectedCharacter("1", offset: 5)),
            ("{1:2}", .unexpectedCharacter("1", offset: 1)),
            ("tru", .unexpectedEndOfInput(3)),
            ("trUe", .unexpectedCharacter("U", offset: 2)),
            ("\"abc", .unexpectedEndOfInput(4)),
            ("\"a\\x\"", .invalidEscape(2)),
            ("\"a\\u12G4\"", .invalidEscape(6)),
            ("\"a\tb\"", .controlCharacterInString(2)),
            ("\"a\nb\"", .controlCharacterInString(2)),
            ("1 2", .trailingData(2)),
            ("{}x", .trailingData(2)),
            ("[", .unexpectedEndOfInput(1)),
            ("'a'", .unexpectedCharacter("'", offset: 0)),
            ("[1]//", .trailingData(3)),
            ("\u{FEFF}1", .unexpectedCharacter("\u{FEFF}", offset: 0)),
        ]
    )
    func rejections(_ input: String, _ expected: JSONParseError) {
        #expect(error(input) == expected)
    }

    @Test("invalid UTF-8 is rejected wherever it appears")
    func invalidUTF8() {
        #expect(error(bytes: [0x22, 0xC3, 0x28, 0x22]) == .invalidUTF8(1))
        #expect(error(bytes: [0xFF]) == .invalidUTF8(0))
        #expect(error(bytes: [0x5B, 0xFF, 0x5D]) == .invalidUTF8(1))
        #expect(error(bytes: [0x22, 0xC0, 0xAF, 0x22]) == .invalidUTF8(1), "overlong encoding")
        #expect(error(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22]) == .invalidUTF8(1), "encoded surrogate")
        #expect(error(bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22]) == .invalidUTF8(1), "above U+10FFFF")
        #expect(error(bytes: [0x22, 0x61, 0xE2, 0x82]) == .invalidUTF8(2), "truncated sequence")
        #expect(error(bytes: [0x22, 0x5C, 0x6E, 0xFE, 0x22]) == .invalidUTF8(3), "after an escape")
        #expect((try? JSONParser.parse([0x22, 0xC3, 0xA9, 0x22] as [UInt8])) == .string("é"))
    }

    @Test("lone surrogate escapes are rejected, pairs are combined")
    func surrogates() throws {
        #expect(error("\"\\ud800\"") == .invalidSurrogate(1))
        #expect(error("\"\\ud800\\u0041\"") == .invalidSurrogate(1))
        #expect(error("\"\\udc00\"") == .invalidSurrogate(1))
        #expect(error("\"ab\\ud83dx\"") == .invalidSurrogate(3))
        #expect(try parse("\"\\ud83d\\ude00\"") == .string("😀"))
        #expect(try parse("\"\\u00e9\\u0041\\n\\/\\\\\\\"\"") == .string("éA\n/\\\""))
    }

    @Test("a \\u0000 escape is valid and yields a NUL character")
    func nulEscape() throws {
        let value = try parse("\"a\\u0000b\"")
        #expect(value == .string("a\u{0}b"))
        #expect(value.stringValue?.unicodeScalars.count == 3)
    }

    @Test("nesting beyond maxDepth fails fast, even 100000 levels deep")
    func depthLimit() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let clock = ContinuousClock()
        var failure: JSONParseError?
        let elapsed = clock.measure { failure = error(deep) }
        #expect(failure == .tooDeep(512))
        #expect(elapsed < .seconds(1))
        let objects = String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        #expect(error(objects) == .tooDeep(512))
        let atLimit = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try parse(atLimit) }
        let overLimit = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(error(overLimit) == .tooDeep(512))
        let shallow = JSONParser.Options(maxDepth: 2)
        #expect(try parse("[[1], {}]", shallow) == [[1], [:]])
        #expect(error("[[[1]]]", shallow) == .tooDeep(2))
        #expect(error("[{\"a\": {}}]", shallow) == .tooDeep(2))
    }

    @Test("maxStringLength limits strings and keys in UTF-8 bytes after unescaping")
    func stringLimit() throws {
        let options = JSONParser.Options(maxStringLength: 3)
        #expect(try parse("\"abc\"", options) == "abc")
        #expect(error("\"abcd\"", options) == .stringTooLong(3))
        #expect(try parse("\"\\u00e9a\"", options) == "éa")
        #expect(error("\"é\\u00e9\"", options) == .stringTooLong(3))
        #expect(error("{\"long key\": 1}", options) == .stringTooLong(3))
        #expect(error("\"ab\\ncd\"", options) == .stringTooLong(3))
    }

    @Test("duplicate keys are rejected by default and resolved last-wins on request")
    func duplicateKeys() throws {
        #expect(error("{\"a\": 1, \"b\": 2, \"a\": 3}") == .duplicateKey("a"))
        let many = (0..<20).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
        #expect(error("{\(many), \"k7\": 0}") == .duplicateKey("k7"))
        let lastWins = try parse("{\"a\": 1, \"b\": 2, \"a\": 3}", .init(duplicateKeys: .lastWins))
        #expect(lastWins.objectValue?.keys == ["a", "b"])
        #expect(lastWins["a"] == 3)
        // Keys are compared by code points: precomposed and decomposed é are different keys.
        #expect(try parse("{\"\\u00e9\": 1, \"e\\u0301\": 2}").objectValue?.count == 2)
    }

    @Test("objects keep document key order")
    func keyOrder() throws {
        let value = try parse("{\"zeta\": 1, \"alpha\": 2, \"mid\": 3}")
        #expect(value.objectValue?.keys == ["zeta", "alpha", "mid"])
        let large = (0..<30).reversed().map { "\"k\($0)\": \($0)" }.joined(separator: ",")
        #expect(try parse("{\(large)}").objectValue?.keys.first == "k29")
    }

    @Test("errors describe themselves in one sentence")
    func errorDescriptions() {
        #expect(error("{\"a\": 1, x}")?.description == "unexpected character 'x' at byte 9")
        #expect(error(bytes: [0x22, 0xFF])?.description == "invalid UTF-8 at byte 1")
        #expect(JSONParseError.tooDeep(512).description == "nesting exceeds the maximum depth of 512")
        #expect(JSONParseError.duplicateKey("a\nb").description == "duplicate key 'a\\nb'")
        #expect(error("\u{7}")?.description == "unexpected character U+0007 at byte 0")
    }
}
