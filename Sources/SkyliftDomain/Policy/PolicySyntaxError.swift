/// A check string that does not parse: where, and why.
public struct PolicySyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The check string that failed to parse.
    public var rule: String
    /// The 1-based column (in characters) of the token at fault; one past the end for a missing token.
    public var column: Int
    /// What is wrong, e.g. `unbalanced parenthesis`.
    public var reason: String

    /// Creates a syntax error.
    public init(rule: String, column: Int, reason: String) {
        self.rule = rule
        self.column = column
        self.reason = reason
    }

    /// `column N: reason in 'check string'`.
    public var description: String {
        "column \(column): \(reason) in '\(rule)'"
    }
}
