/// Why a set of rules cannot become a ``PolicyEngine``; startup stops on it.
public enum PolicyLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The check string of `rule` does not parse.
    case syntax(rule: String, error: PolicySyntaxError, line: Int?)
    /// `rule` says `rule:<reference>`, and no rule of that name exists in the file or the defaults.
    case undefinedRule(rule: String, reference: String, line: Int?)
    /// The named rules refer to each other in a loop; the first name is repeated at the end.
    case cycle([String], line: Int?)
    /// The same rule name is given twice.
    case duplicateRule(rule: String, line: Int?)

    /// The line of the offending entry, when known.
    public var line: Int? {
        switch self {
        case .syntax(_, _, let line), .undefinedRule(_, _, let line), .cycle(_, let line),
            .duplicateRule(_, let line):
            line
        }
    }

    /// What is wrong, without the line.
    public var reason: String {
        switch self {
        case .syntax(let rule, let error, _):
            "syntax error in '\(rule)' at column \(error.column): \(error.reason)"
        case .undefinedRule(let rule, let reference, _):
            "rule '\(rule)' refers to undefined rule '\(reference)'"
        case .cycle(let names, _):
            "rules refer to each other in a cycle: \(names.joined(separator: " -> "))"
        case .duplicateRule(let rule, _):
            "rule '\(rule)' is defined more than once"
        }
    }

    /// `line N: reason`, or the reason alone when the line is unknown.
    public var description: String {
        line.map { "line \($0): \(reason)" } ?? reason
    }
}
