import SkyliftDomain
import Yams

extension PolicyFileLoader {
    /// One `name: check string` pair of the top-level mapping, or the error naming what is wrong with it.
    static func entry(key: Node, value: Node, file: String) throws(PolicyFileError) -> PolicyEntry {
        let line = key.mark?.line
        guard case .scalar(let keyScalar) = key, isString(key), !keyScalar.string.isEmpty else {
            let shown = key.scalar.map { "'\($0.string)'" } ?? "a \(kindName(key))"
            throw PolicyFileError(
                file: file,
                line: line,
                kind: .invalidRuleName,
                reason: "rule names must be non-empty strings, found \(shown)"
            )
        }
        let name = keyScalar.string
        func invalid(_ detail: String) -> PolicyFileError {
            PolicyFileError(
                file: file,
                line: line,
                kind: .invalidValue,
                reason: "the value of '\(name)' must be a string\(detail)"
            )
        }
        guard case .scalar(let scalar) = value else {
            throw invalid(", not a \(kindName(value)) (the list-of-lists form is not supported)")
        }
        if isNull(value) {
            throw invalid(#" (it is empty: write "" to allow everyone or "!" to deny everyone)"#)
        }
        guard isString(value) else {
            throw invalid(" (found \(kindName(value)) '\(scalar.string)'; quote check strings)")
        }
        if scalar.style == .plain && scalar.string.isEmpty {
            // `name: !` is a YAML tag on an empty value, which YAML reads as "" (allow everyone).
            throw PolicyFileError(
                file: file,
                line: line,
                kind: .invalidValue,
                reason: "the value of '\(name)' is an unquoted !, which YAML reads as \"\": "
                    + #"write "!" in quotes to deny everyone"#
            )
        }
        return PolicyEntry(name: name, checkString: scalar.string, line: line)
    }

    /// Turns a Yams error into a file error with the line and column where parsing stopped.
    static func yamlError(_ error: any Error, file: String) -> PolicyFileError {
        let problem = YAMLProblem(error)
        guard !problem.duplicateKeys.isEmpty else {
            return PolicyFileError(file: file, line: problem.line, kind: .invalidYAML, reason: problem.reason)
        }
        let names = problem.duplicateKeys.map { "'\($0)'" }.joined(separator: ", ")
        let reason = problem.duplicateKeys.count == 1 ? "rule \(names) is" : "rules \(names) are"
        return PolicyFileError(
            file: file,
            line: problem.line,
            kind: .duplicateRule,
            reason: "\(reason) defined more than once"
        )
    }

    private static func isString(_ node: Node) -> Bool {
        node.tag.description == Tag.Name.str.rawValue
    }

    /// A reader's name for the kind of `node`: "mapping", "list", "number", "boolean"…
    private static func kindName(_ node: Node) -> String {
        switch node {
        case .mapping: return "mapping"
        case .sequence: return "list"
        case .alias: return "alias"
        case .scalar:
            switch node.tag.description {
            case Tag.Name.int.rawValue, Tag.Name.float.rawValue: return "number"
            case Tag.Name.bool.rawValue: return "boolean"
            case Tag.Name.null.rawValue: return "null"
            case Tag.Name.timestamp.rawValue: return "timestamp"
            case Tag.Name.str.rawValue: return "string"
            default: return "value"
            }
        }
    }
}
