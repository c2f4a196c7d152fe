/// One token of a check string, with the column it starts at.
struct PolicyToken: Sendable, Hashable {
    /// What the token is.
    enum Kind: Sendable, Hashable {
        /// `(`
        case open
        /// `)`
        case close
        /// `and`, in any case.
        case and
        /// `or`, in any case.
        case or
        /// `not`, in any case.
        case not
        /// `@`, `!` or `kind:value`.
        case check
    }

    /// What the token is.
    let kind: Kind
    /// The token as written.
    let text: String
    /// The 1-based column of its first character.
    let column: Int

    /// Splits a check string the way oslo.policy does: on whitespace, then peeling `(` off the
    /// front and `)` off the back of each word, so `%(project_id)s` keeps its parentheses.
    static func tokenize(_ source: String) -> [PolicyToken] {
        var tokens: [PolicyToken] = []
        var word: [Character] = []
        var wordColumn = 1
        var column = 1
        for character in source {
            if character.isWhitespace {
                tokens += tokenize(word: word, column: wordColumn)
                word.removeAll(keepingCapacity: true)
            } else {
                if word.isEmpty { wordColumn = column }
                word.append(character)
            }
            column += 1
        }
        tokens += tokenize(word: word, column: wordColumn)
        return tokens
    }

    private static func tokenize(word: [Character], column: Int) -> [PolicyToken] {
        guard !word.isEmpty else { return [] }
        let leading = word.prefix { $0 == "(" }.count
        let rest = word.dropFirst(leading)
        let trailing = rest.reversed().prefix { $0 == ")" }.count
        let core = String(rest.dropLast(trailing))
        var tokens = (0..<leading).map { PolicyToken(kind: .open, text: "(", column: column + $0) }
        if !core.isEmpty {
            tokens.append(PolicyToken(kind: keyword(core) ?? .check, text: core, column: column + leading))
        }
        let closeColumn = column + word.count - trailing
        tokens += (0..<trailing).map { PolicyToken(kind: .close, text: ")", column: closeColumn + $0) }
        return tokens
    }

    private static func keyword(_ text: String) -> Kind? {
        switch text.lowercased() {
        case "and": .and
        case "or": .or
        case "not": .not
        default: nil
        }
    }
}
