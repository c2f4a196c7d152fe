import SkyliftDomain

/// Why a policy file cannot be used; startup stops with ``description``: `file:line: reason`.
public struct PolicyFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem the file has.
    public enum Kind: Sendable, Hashable {
        /// The file was named explicitly and does not exist.
        case fileNotFound
        /// The file exists but cannot be read as UTF-8 text.
        case unreadable
        /// The text is not valid YAML (or JSON).
        case invalidYAML
        /// The top level is not a mapping of rule names to check strings.
        case notAMapping
        /// A key is not a non-empty string.
        case invalidRuleName
        /// A value is not a string (a number, a list, a mapping, a null…).
        case invalidValue
        /// A rule name appears twice.
        case duplicateRule
        /// The rules parse as YAML but not as a policy: syntax, undefined reference or cycle.
        case policy(PolicyLoadError)
    }

    /// The file, as the caller named it.
    public var file: String
    /// The 1-based line at fault, when known.
    public var line: Int?
    /// What kind of problem this is.
    public var kind: Kind
    /// What is wrong, in one line, without the file and line.
    public var reason: String

    /// Creates a file error.
    public init(file: String, line: Int?, kind: Kind, reason: String) {
        self.file = file
        self.line = line
        self.kind = kind
        self.reason = reason
    }

    /// Wraps an engine build error, keeping its line and reason.
    public init(file: String, error: PolicyLoadError) {
        self.init(file: file, line: error.line, kind: .policy(error), reason: error.reason)
    }

    /// `file:line: reason`, or `file: reason` when the line is unknown.
    public var description: String {
        line.map { "\(file):\($0): \(reason)" } ?? "\(file): \(reason)"
    }
}
