/// Parses oslo.policy check strings into ``PolicyRule`` values.
///
/// Supported: `""` and `@` (always), `!` (never), `role:NAME`, `rule:NAME`,
/// `project_id:%(project_id)s`, `user_id:%(user_id)s` (and literal `project_id:abc`, `user_id:abc`),
/// `is_admin:True`/`False`, `and`, `or`, `not` (any case) and parentheses. Precedence follows
/// oslo.policy: `not` binds tighter than `and`, which binds tighter than `or`. Anything else is a
/// ``PolicySyntaxError`` instead of oslo's silent "deny".
public struct PolicyParser: Sendable {
    /// The check string being parsed.
    let source: String
    /// Its tokens.
    let tokens: [PolicyToken]
    /// The index of the next token.
    var position = 0

    private init(source: String) {
        self.source = source
        self.tokens = PolicyToken.tokenize(source)
    }

    /// Parses one check string; `""` is ``PolicyRule/always``.
    public static func parse(_ checkString: String) throws(PolicySyntaxError) -> PolicyRule {
        if checkString.isEmpty { return .always }
        var parser = PolicyParser(source: checkString)
        guard !parser.tokens.isEmpty else {
            throw parser.error(#"the rule is blank; write "" to allow everyone or "!" to deny everyone"#, at: 1)
        }
        let rule = try parser.parseOr()
        if let token = parser.peek() {
            throw parser.unexpected(token)
        }
        return rule
    }

    private mutating func parseOr() throws(PolicySyntaxError) -> PolicyRule {
        var operands = [try parseAnd()]
        while let token = peek(), token.kind == .or {
            position += 1
            try expectOperand(after: token)
            operands.append(try parseAnd())
        }
        return operands.count == 1 ? operands[0] : .or(operands)
    }

    private mutating func parseAnd() throws(PolicySyntaxError) -> PolicyRule {
        var operands = [try parseNot()]
        while let token = peek(), token.kind == .and {
            position += 1
            try expectOperand(after: token)
            operands.append(try parseNot())
        }
        return operands.count == 1 ? operands[0] : .and(operands)
    }

    private mutating func parseNot() throws(PolicySyntaxError) -> PolicyRule {
        guard let token = peek(), token.kind == .not else {
            return try parsePrimary()
        }
        position += 1
        try expectOperand(after: token)
        return .not(try parseNot())
    }

    private mutating func parsePrimary() throws(PolicySyntaxError) -> PolicyRule {
        guard let token = peek() else {
            throw error("expected a check", at: endColumn)
        }
        switch token.kind {
        case .check:
            position += 1
            return try parseCheck(token)
        case .open:
            position += 1
            if peek()?.kind == .close {
                throw error("empty parentheses", at: token.column)
            }
            let inner = try parseOr()
            guard let next = peek() else {
                throw error("unbalanced parenthesis", at: token.column)
            }
            guard next.kind == .close else {
                throw unexpected(next)
            }
            position += 1
            return inner
        case .close:
            throw error("unbalanced parenthesis", at: token.column)
        case .and, .or:
            throw error("expected a check before '\(token.text)'", at: token.column)
        case .not:
            return try parseNot()
        }
    }

    /// Throws unless the next token can start an operand of the keyword `token`.
    private func expectOperand(after token: PolicyToken) throws(PolicySyntaxError) {
        switch peek()?.kind {
        case .check, .open, .not:
            return
        case .close, .and, .or, nil:
            throw error("expected a check after '\(token.text)'", at: token.column)
        }
    }

    private func peek() -> PolicyToken? {
        position < tokens.count ? tokens[position] : nil
    }

    private var endColumn: Int { source.count + 1 }

    /// The error for a token that cannot follow what came before it.
    private func unexpected(_ token: PolicyToken) -> PolicySyntaxError {
        switch token.kind {
        case .close:
            error("unbalanced parenthesis", at: token.column)
        case .check, .open, .not, .and, .or:
            error("expected 'and' or 'or' before '\(token.text)'", at: token.column)
        }
    }

    /// A syntax error in this check string.
    func error(_ reason: String, at column: Int) -> PolicySyntaxError {
        PolicySyntaxError(rule: source, column: column, reason: reason)
    }
}
