/// A parsed check string of the oslo.policy language, as far as Skylift supports it.
///
/// ``description`` writes the rule back as a check string, fully parenthesised where it nests.
public indirect enum PolicyRule: Sendable, Hashable {
    /// A caller attribute that a check compares: the project or the user.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        /// The caller's project id (`project_id`).
        case projectID = "project_id"
        /// The caller's user id (`user_id`).
        case userID = "user_id"
    }

    /// `""` or `@`: everyone passes.
    case always
    /// `!`: nobody passes.
    case never
    /// `role:NAME`: the caller holds the role; the name is stored lower-cased.
    case role(String)
    /// `rule:NAME`: the named rule passes.
    case ruleRef(String)
    /// `project_id:%(project_id)s` and the like: the caller's field equals the target's field.
    case targetMatch(Field, target: Field)
    /// `project_id:abc`, `user_id:abc`: the caller's field equals a literal value.
    case literal(Field, String)
    /// `is_admin:True` / `is_admin:False`: the caller passes (or fails) `context_is_admin`.
    case isAdmin(Bool)
    /// `a and b and …`: every operand passes.
    case and([PolicyRule])
    /// `a or b or …`: at least one operand passes.
    case or([PolicyRule])
    /// `not a`: the operand fails.
    case not(PolicyRule)

    /// The names of every rule this rule refers to with `rule:NAME`, in order of appearance.
    public var references: [String] {
        switch self {
        case .ruleRef(let name):
            [name]
        case .and(let rules), .or(let rules):
            rules.flatMap(\.references)
        case .not(let rule):
            rule.references
        case .always, .never, .role, .targetMatch, .literal, .isAdmin:
            []
        }
    }
}

extension PolicyRule: CustomStringConvertible {
    /// The rule written back as a check string.
    public var description: String {
        switch self {
        case .always:
            "@"
        case .never:
            "!"
        case .role(let name):
            "role:\(name)"
        case .ruleRef(let name):
            "rule:\(name)"
        case .targetMatch(let field, let target):
            "\(field.rawValue):%(\(target.rawValue))s"
        case .literal(let field, let value):
            "\(field.rawValue):\(value)"
        case .isAdmin(let value):
            value ? "is_admin:True" : "is_admin:False"
        case .and(let rules):
            rules.map(\.operandDescription).joined(separator: " and ")
        case .or(let rules):
            rules.map(\.operandDescription).joined(separator: " or ")
        case .not(let rule):
            "not \(rule.operandDescription)"
        }
    }

    private var operandDescription: String {
        switch self {
        case .and, .or:
            "(\(description))"
        case .always, .never, .role, .ruleRef, .targetMatch, .literal, .isAdmin, .not:
            description
        }
    }
}
