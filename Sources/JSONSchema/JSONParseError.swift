/// Why ``JSONParser`` rejected its input; offsets are zero-based byte offsets into the input.
public enum JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input is empty or only whitespace.
    case emptyInput
    /// The input ended in the middle of a value.
    case unexpectedEndOfInput(Int)
    /// A character that cannot start or continue a value here (the character, and its offset).
    case unexpectedCharacter(String, offset: Int)
    /// Bytes that are not well-formed UTF-8 start at this offset.
    case invalidUTF8(Int)
    /// An unescaped control character (below U+0020) inside a string.
    case controlCharacterInString(Int)
    /// A backslash escape that JSON does not define.
    case invalidEscape(Int)
    /// A `\u` escape of a lone UTF-16 surrogate.
    case invalidSurrogate(Int)
    /// A malformed number such as `01`, `+1`, `.5`, `1.` or `-`.
    case invalidNumber(Int)
    /// A number whose magnitude does not fit in a `Double` (such as `1e400`).
    case numberOutOfRange(Int)
    /// Non-whitespace data after the top-level value.
    case trailingData(Int)
    /// Arrays and objects nest deeper than the configured limit.
    case tooDeep(Int)
    /// A string (or key) is longer, in UTF-8 bytes once unescaped, than the configured limit.
    case stringTooLong(Int)
    /// An object repeats a key while ``JSONParser/Options/duplicateKeys`` is `.reject`.
    case duplicateKey(String)

    /// One human-readable sentence.
    public var description: String {
        switch self {
        case .emptyInput: "empty input"
        case .unexpectedEndOfInput(let offset): "unexpected end of input at byte \(offset)"
        case .unexpectedCharacter(let character, let offset):
            "unexpected character \(PythonRepr.characterDescription(character)) at byte \(offset)"
        case .invalidUTF8(let offset): "invalid UTF-8 at byte \(offset)"
        case .controlCharacterInString(let offset): "unescaped control character in string at byte \(offset)"
        case .invalidEscape(let offset): "invalid escape sequence at byte \(offset)"
        case .invalidSurrogate(let offset): "unpaired UTF-16 surrogate escape at byte \(offset)"
        case .invalidNumber(let offset): "invalid number at byte \(offset)"
        case .numberOutOfRange(let offset): "number out of range at byte \(offset)"
        case .trailingData(let offset): "unexpected data after the JSON value at byte \(offset)"
        case .tooDeep(let limit): "nesting exceeds the maximum depth of \(limit)"
        case .stringTooLong(let limit): "string exceeds the maximum length of \(limit) bytes"
        case .duplicateKey(let key): "duplicate key \(PythonRepr.string(key, limit: 80))"
        }
    }
}
