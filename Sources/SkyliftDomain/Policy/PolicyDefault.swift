/// One built-in rule: its name, default check string and the operations it guards
/// (Glance's `DocumentedRuleDefault`).
public struct PolicyDefault: Sendable, Hashable {
    /// The rule name, as written in a policy file.
    public let name: String
    /// The check string used when the policy file does not define the rule.
    public let checkString: String
    /// The HTTP operations the rule guards, as `METHOD path`; empty for helper rules.
    public let operations: [String]
    /// What the rule decides, in one sentence.
    public let summary: String

    /// Creates a documented default.
    public init(name: String, checkString: String, operations: [String], summary: String) {
        self.name = name
        self.checkString = checkString
        self.operations = operations
        self.summary = summary
    }
}
