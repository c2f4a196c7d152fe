import Yams

/// Where and why Yams stopped reading a file, for messages that name the file and line.
struct YAMLProblem {
    /// The line parsing stopped at, when Yams knows it.
    var line: Int?
    /// What is wrong, without the file name.
    var reason: String
    /// The keys a mapping repeats, when that is the problem.
    var duplicateKeys: [String] = []

    init(_ error: any Error) {
        guard let error = error as? YamlError else {
            reason = "invalid YAML: \(error)"
            return
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let during = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            line = mark.line
            reason = "invalid YAML at column \(mark.column): \(problem)\(during)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            line = context.mark.line
            duplicateKeys = duplicates
            reason = "keys \(duplicateKeys.map { "'\($0)'" }.joined(separator: ", ")) appear more than once"
        case .reader(let problem, _, _, _):
            reason = "invalid YAML: \(problem)"
        case .no, .memory, .writer, .emitter, .representer, .dataCouldNotBeDecoded:
            reason = "invalid YAML: \(error)"
        }
    }
}
