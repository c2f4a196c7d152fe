import Foundation
import SkyliftDomain
import Yams

/// Reads an oslo.policy file (a YAML, or JSON, mapping of rule name to check string) into a ``PolicyEngine``.
///
/// Every error names the file, the line and the reason (see ``PolicyFileError``). Rules the file
/// does not define take their built-in defaults; keys Skylift never consults are listed in the
/// engine's `unknownRuleNames` for the caller to log as warnings.
public enum PolicyFileLoader {
    /// The policy file used when the configuration does not name one (`policy.file`).
    public static let defaultPath = "etc/policy.yaml"

    /// Loads the file at `path`, which must exist.
    public static func load(path: String) throws(PolicyFileError) -> PolicyEngine {
        try engine(yaml: read(path), file: path)
    }

    /// Loads the file at `path`, or returns the built-in defaults when it is absent and `fileMustExist` is false.
    ///
    /// Pass `fileMustExist: true` when the operator named the file explicitly, so a typo stops startup
    /// instead of silently running on the defaults.
    public static func loadOrDefaults(path: String, fileMustExist: Bool) throws(PolicyFileError) -> PolicyEngine {
        if !fileMustExist && !FileManager.default.fileExists(atPath: path) {
            return PolicyEngine()
        }
        return try load(path: path)
    }

    /// Builds an engine from policy text; `file` is used in error messages only.
    public static func engine(yaml: String, file: String) throws(PolicyFileError) -> PolicyEngine {
        let entries = try loadEntries(yaml: yaml, file: file)
        do {
            return try PolicyEngine(entries: entries)
        } catch {
            throw PolicyFileError(file: file, error: error)
        }
    }

    /// Parses policy text into entries, each with its line, without checking the rules themselves.
    public static func loadEntries(yaml: String, file: String) throws(PolicyFileError) -> [PolicyEntry] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw yamlError(error, file: file)
        }
        guard let root, !isNull(root) else { return [] }
        guard case .mapping(let mapping) = root else {
            throw PolicyFileError(
                file: file,
                line: root.mark?.line,
                kind: .notAMapping,
                reason: "the top level must be a mapping of rule names to check strings"
            )
        }
        return try mapping.map { (key, value) throws(PolicyFileError) in
            try entry(key: key, value: value, file: file)
        }
    }

    private static func read(_ path: String) throws(PolicyFileError) -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw PolicyFileError(file: path, line: nil, kind: .fileNotFound, reason: "no such policy file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PolicyFileError(file: path, line: nil, kind: .unreadable, reason: "cannot read the policy file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PolicyFileError(file: path, line: nil, kind: .unreadable, reason: "the policy file is not UTF-8 text")
        }
        return text
    }

    /// Whether `node` is a YAML null (`~`, `null`, or nothing at all).
    static func isNull(_ node: Node) -> Bool {
        node.tag.description == Tag.Name.null.rawValue
    }
}
