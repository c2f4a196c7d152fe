extension PolicyParser {
    /// The check kinds Skylift understands, for error messages.
    static let supportedChecks = "@, !, role:, rule:, project_id:, user_id:, is_admin:"

    /// Parses one `kind:value` token (or `@`, `!`) into a leaf rule.
    func parseCheck(_ token: PolicyToken) throws(PolicySyntaxError) -> PolicyRule {
        let text = token.text
        if text == "@" { return .always }
        if text == "!" { return .never }
        guard let colon = text.firstIndex(of: ":") else {
            throw error("'\(text)' is not a check (expected kind:value, @ or !)", at: token.column)
        }
        let kind = String(text[..<colon])
        let value = String(text[text.index(after: colon)...])
        switch kind {
        case "role":
            try requireValue(value, kind: kind, naming: "a role name", token)
            guard !value.contains("%(") else { throw unsupported(token) }
            return .role(value.lowercased())
        case "rule":
            try requireValue(value, kind: kind, naming: "a rule name", token)
            return .ruleRef(value)
        case "project_id", "user_id":
            let field: PolicyRule.Field = kind == "project_id" ? .projectID : .userID
            try requireValue(value, kind: kind, naming: "a value", token)
            guard value.contains("%(") else { return .literal(field, value) }
            guard let target = Self.targetField(value) else { throw unsupported(token) }
            return .targetMatch(field, target: target)
        case "is_admin":
            switch value {
            case "True": return .isAdmin(true)
            case "False": return .isAdmin(false)
            default:
                throw error("unsupported check '\(text)' (write is_admin:True or is_admin:False)", at: token.column)
            }
        default:
            if value.contains("%(") || kind == "http" || kind == "https" {
                throw unsupported(token)
            }
            throw error("unknown check kind '\(kind)' (supported: \(Self.supportedChecks))", at: token.column)
        }
    }

    /// The target field named by a `%(name)s` substitution; `owner` is the project, as in Glance's image targets.
    private static func targetField(_ value: String) -> PolicyRule.Field? {
        switch value {
        case "%(project_id)s", "%(owner)s": .projectID
        case "%(user_id)s": .userID
        default: nil
        }
    }

    private func requireValue(
        _ value: String,
        kind: String,
        naming what: String,
        _ token: PolicyToken
    ) throws(PolicySyntaxError) {
        guard value.isEmpty else { return }
        throw error("expected \(what) after '\(kind):'", at: token.column)
    }

    private func unsupported(_ token: PolicyToken) -> PolicySyntaxError {
        error("unsupported check '\(token.text)' (supported: \(Self.supportedChecks))", at: token.column)
    }
}
