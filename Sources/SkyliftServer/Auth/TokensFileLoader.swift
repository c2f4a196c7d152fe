import Foundation
import SkyliftAuth
import SkyliftDomain
import Yams

/// Reads `auth.tokensFile`: a YAML list of `{sha256, project, user, roles}`, where `sha256` is the hex SHA-256 of a
/// token (the file never holds tokens), `user` is optional and `roles` a list (absent: none).
///
/// ```yaml
/// - sha256: 5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8
///   project: 0f9e3a…
///   user: ci-bot
///   roles: [member, reader]
/// ```
enum TokensFileLoader {
    /// The static tokens of the file at `path`.
    /// - Throws: `ConfigurationError` naming `auth.tokensFile`, the file and the line of the first problem.
    static func load(path: String) throws(ConfigurationError) -> [StaticToken] {
        func failure(_ line: Int?, _ reason: String) -> ConfigurationError {
            ConfigurationError("configuration key 'auth.tokensFile': \(path)\(line.map { ":\($0)" } ?? ""): \(reason)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw failure(nil, "cannot read the file (missing or not readable)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw failure(nil, "the file is not UTF-8 text") }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            let problem = YAMLProblem(error)
            throw failure(problem.line, problem.reason)
        }
        guard let root, root.tag.description != Tag.Name.null.rawValue else { return [] }
        guard case .sequence(let entries) = root else {
            throw failure(root.mark?.line, "the file must be a list of {sha256, project, user, roles} entries")
        }
        var tokens: [StaticToken] = []
        var lines: [[UInt8]: Int] = [:]
        for node in entries {
            let line = node.mark?.line
            let token: StaticToken
            do throws(EntryProblem) {
                token = try entry(node)
            } catch {
                throw failure(error.line ?? line, error.reason)
            }
            if let first = lines[token.digest] {
                throw failure(line, "the same sha256 is listed at line \(first) already")
            }
            lines[token.digest] = line ?? 0
            tokens.append(token)
        }
        return tokens
    }

    private struct EntryProblem: Error {
        var line: Int?
        var reason: String
    }

    /// One `{sha256, project, user, roles}` mapping.
    private static func entry(_ node: Node) throws(EntryProblem) -> StaticToken {
        guard case .mapping(let mapping) = node else {
            throw EntryProblem(reason: "each entry must be a mapping with sha256, project, user and roles")
        }
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            switch name {
            case "sha256", "project", "user", "roles":
                fields[name] = value
            case "token", "secret", "password":
                throw EntryProblem(
                    line: key.mark?.line,
                    reason:
                        "'\(name)': the file holds only the SHA-256 hex digest of each token (sha256), never a token"
                )
            default:
                throw EntryProblem(
                    line: key.mark?.line,
                    reason: "unknown key '\(name)' (expected sha256, project, user, roles)"
                )
            }
        }
        guard let hex = try scalar(fields["sha256"], "sha256", required: true),
            let digest = StaticToken.digest(hex: hex)
        else {
            throw EntryProblem(
                line: fields["sha256"]?.mark?.line,
                reason: "sha256 must be 64 hex digits (e.g. from: printf %s TOKEN | sha256sum)"
            )
        }
        guard let project = try scalar(fields["project"], "project", required: true) else {
            throw EntryProblem(reason: "project is required")
        }
        let user = try scalar(fields["user"], "user", required: false)
        return StaticToken(
            digest: digest,
            principal: Principal(projectID: project, userID: user, roles: try roles(fields["roles"]))
        )
    }

    /// A non-empty scalar of at most `Principal.maxIDLength` characters.
    private static func scalar(_ node: Node?, _ name: String, required: Bool) throws(EntryProblem) -> String? {
        guard let node else {
            if required { throw EntryProblem(reason: "\(name) is required") }
            return nil
        }
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty,
            scalar.string.count <= Principal.maxIDLength
        else {
            throw EntryProblem(
                line: node.mark?.line,
                reason: "\(name) must be a non-empty string of at most \(Principal.maxIDLength) characters"
            )
        }
        return scalar.string
    }

    /// `roles`: a YAML list of strings; absent means none.
    private static func roles(_ node: Node?) throws(EntryProblem) -> [String] {
        guard let node else { return [] }
        guard case .sequence(let items) = node else {
            throw EntryProblem(line: node.mark?.line, reason: "roles must be a list, e.g. [member, reader]")
        }
        return try items.map { (item) throws(EntryProblem) -> String in
            guard case .scalar(let scalar) = item, !scalar.string.isEmpty else {
                throw EntryProblem(line: item.mark?.line, reason: "each role must be a non-empty string")
            }
            return scalar.string
        }
    }
}
