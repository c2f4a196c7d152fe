import Foundation
import SkyliftDomain
import SkyliftServer
import Testing

@Suite struct PolicyFileLoaderTests {
    /// The repository's `etc/` folder, found from this file's path.
    private static let etc = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("etc")

    private let admin = Principal(projectID: "p1", userID: "u1", roles: ["admin"])
    private let member = Principal(projectID: "p1", userID: "u2", roles: ["member"])
    private let reader = Principal(projectID: "p1", userID: "u3", roles: ["reader"])

    /// Writes `contents` to a fresh temporary file, runs `body` with its path, then removes it.
    private func withPolicyFile<T>(
        _ contents: String,
        name: String = "policy.yaml",
        _ body: (String) throws -> T
    ) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("skylift-policy-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent(name)
        try Data(contents.utf8).write(to: file)
        return try body(file.path)
    }

    /// Loads `contents` from a temporary file and returns the error, which must name that file.
    private func loadError(_ contents: String, name: String = "policy.yaml") throws -> PolicyFileError? {
        try withPolicyFile(contents, name: name) { path in
            let error = #expect(throws: PolicyFileError.self) { try PolicyFileLoader.load(path: path) }
            #expect(error?.file == path)
            #expect(error.map { $0.description.hasPrefix("\(path):") } == true)
            return error
        }
    }

    @Test("etc/policy.yaml writes out exactly the built-in defaults, with no unknown keys")
    func shippedDefaults() throws {
        let path = Self.etc.appendingPathComponent("policy.yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let entries = try PolicyFileLoader.loadEntries(yaml: text, file: path)
        #expect(Set(entries.map(\.name)) == Set(PolicyAction.allCases.map(\.rawValue)))
        for entry in entries {
            #expect(entry.checkString == PolicyDefaults.rule(named: entry.name)?.checkString, "\(entry.name)")
        }
        #expect(entries.compactMap(\.line) == entries.compactMap(\.line).sorted())
        let engine = try PolicyFileLoader.load(path: path)
        #expect(engine.unknownRuleNames.isEmpty)
        #expect(engine.isAllowed(.addTask, principal: member))
        #expect(!engine.isAllowed(.addTask, principal: reader))
    }

    @Test("with etc/policy-glance.yaml only admins reach the tasks API, as in Glance")
    func glancePosture() throws {
        let engine = try PolicyFileLoader.load(path: Self.etc.appendingPathComponent("policy-glance.yaml").path)
        #expect(engine.unknownRuleNames.isEmpty)
        for caller in [member, reader, Principal(projectID: "p1", roles: [])] {
            #expect(!engine.isAllowed(.tasksAPIAccess, principal: caller))
        }
        #expect(engine.isAllowed(.tasksAPIAccess, principal: admin))
        #expect(engine.isAllowed(.addTask, principal: admin))
        #expect(engine.isAllowed(.getTasks, principal: admin))
        #expect(engine.isAllowed(.getTask, principal: admin, target: PolicyTarget(projectID: "elsewhere")))
        #expect(engine.isAllowed(.cancelTask, principal: admin, target: PolicyTarget(projectID: "elsewhere")))
        #expect(engine.taskListVisibility(for: admin) == .all)
        #expect(engine.taskListVisibility(for: member) == .owner("p1"))
        #expect(engine.denialMessage(.tasksAPIAccess) == "You are not authorized to complete tasks_api_access action.")
    }

    @Test("an absent default file means the built-in defaults; an absent named file is an error")
    func missingFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID()).yaml").path
        let engine = try PolicyFileLoader.loadOrDefaults(path: path, fileMustExist: false)
        #expect(engine.checkString(forRule: "add_task") == PolicyDefaults.addTask.checkString)
        let error = #expect(throws: PolicyFileError.self) {
            try PolicyFileLoader.loadOrDefaults(path: path, fileMustExist: true)
        }
        #expect(error?.kind == .fileNotFound)
        #expect(error?.description == "\(path): no such policy file")
    }

    @Test("a file that exists is loaded even when it need not exist")
    func presentOptionalFile() throws {
        try withPolicyFile(#"add_task: "role:creator""#) { path in
            let engine = try PolicyFileLoader.loadOrDefaults(path: path, fileMustExist: false)
            #expect(engine.checkString(forRule: "add_task") == "role:creator")
        }
    }

    @Test(
        "policy errors name the file, the line and the reason",
        arguments: [
            (
                "# comment\n\nadd_task: \"@\"\n\nget_tasks: \"\"\n\nget_task: \"role:admin or rule:nope\"\n",
                7, "rule 'get_task' refers to undefined rule 'nope'"
            ),
            (
                "get_tasks: \"\"\nget_images: \"@\"\nadd_task: \"(role:admin or role:member\"\n",
                3, "syntax error in 'add_task' at column 1: unbalanced parenthesis"
            ),
            (
                "tasks_api_access: \"role:admin or tenant:%(tenant)s\"\n", 1,
                "syntax error in 'tasks_api_access' at column 15: unsupported check 'tenant:%(tenant)s'"
                    + " (supported: @, !, role:, rule:, project_id:, user_id:, is_admin:)"
            ),
            ("x: \"@\"\na: rule:b\nb: rule:a\n", 2, "rules refer to each other in a cycle: a -> b -> a"),
        ]
    )
    func policyError(text: String, line: Int, reason: String) throws {
        let error = try loadError(text)
        #expect(error?.line == line)
        #expect(error?.reason == reason)
        guard case .policy = error?.kind else {
            Issue.record("expected a policy error, got \(String(describing: error))")
            return
        }
    }

    @Test(
        "values that are not strings are refused with the key's line",
        arguments: [
            ("a: \"@\"\nget_tasks: 3\n", "found number '3'; quote check strings"),
            ("a: \"@\"\nget_tasks: true\n", "found boolean 'true'; quote check strings"),
            ("a: \"@\"\nget_tasks: [\"role:admin\"]\n", ", not a list"),
            ("a: \"@\"\nget_tasks:\n  role: admin\n", ", not a mapping"),
            ("a: \"@\"\nget_tasks:\n", #"it is empty: write "" to allow everyone"#),
        ]
    )
    func invalidValue(text: String, detail: String) throws {
        let error = try loadError(text)
        #expect(error?.kind == .invalidValue)
        #expect(error?.line == 2)
        #expect(error?.reason.hasPrefix("the value of 'get_tasks' must be a string") == true)
        #expect(error?.reason.contains(detail) == true, "\(String(describing: error))")
    }

    @Test("an unquoted ! (a YAML tag that reads as \"\", allowing everyone) is refused")
    func unquotedBang() throws {
        let error = try loadError("a: \"@\"\ntasks_api_access: !\n")
        #expect(error?.kind == .invalidValue)
        #expect(error?.line == 2)
        #expect(
            error?.reason
                == #"the value of 'tasks_api_access' is an unquoted !, which YAML reads as "": "#
                + #"write "!" in quotes to deny everyone"#
        )
    }

    @Test("YAML syntax errors carry their line")
    func yamlSyntax() throws {
        let error = try loadError("add_task: \"role:admin\"\nget_task: role:a: b\n")
        #expect(error?.kind == .invalidYAML)
        #expect(error?.line == 2)
        #expect(error?.reason.hasPrefix("invalid YAML at column") == true)
        let unterminated = try loadError("add_task: \"role:admin\"\n\nget_task: \"role:a\n")
        #expect(unterminated?.kind == .invalidYAML)
        #expect(unterminated?.line == 4)
    }

    @Test("the top level must be a mapping")
    func notAMapping() throws {
        for text in ["- add_task\n- get_task\n", "just a string\n"] {
            let error = try loadError(text)
            #expect(error?.kind == .notAMapping)
            #expect(error?.line == 1)
            #expect(error?.reason == "the top level must be a mapping of rule names to check strings")
        }
    }

    @Test("a rule given twice is refused")
    func duplicateKey() throws {
        let error = try loadError("add_task: \"@\"\nget_task: \"@\"\nadd_task: \"!\"\n")
        #expect(error?.kind == .duplicateRule)
        #expect(error?.line == 1)
        #expect(error?.reason == "rule 'add_task' is defined more than once")
    }

    @Test("rule names must be non-empty strings")
    func invalidKey() throws {
        let error = try loadError("add_task: \"@\"\n3: \"@\"\n")
        #expect(error?.kind == .invalidRuleName)
        #expect(error?.line == 2)
        #expect(error?.reason == "rule names must be non-empty strings, found '3'")
    }

    @Test("a file that is not UTF-8 is unreadable")
    func notUTF8() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("skylift-policy-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("policy.yaml").path
        try Data([0x61, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: PolicyFileError.self) { try PolicyFileLoader.load(path: path) }
        #expect(error?.kind == .unreadable)
        #expect(error?.description == "\(path): the policy file is not UTF-8 text")
    }

    @Test("JSON policy files load, and their errors carry lines too")
    func json() throws {
        let engine = try withPolicyFile(#"{"add_task": "role:creator", "get_tasks": ""}"#, name: "policy.json") {
            try PolicyFileLoader.load(path: $0)
        }
        #expect(engine.isAllowed(.addTask, principal: Principal(projectID: "p", roles: ["creator"])))
        let error = try loadError(
            "{\n  \"add_task\": \"role:x\",\n  \"get_task\": \"rule:nope\"\n}\n",
            name: "policy.json"
        )
        #expect(error?.line == 3)
        #expect(error?.reason == "rule 'get_task' refers to undefined rule 'nope'")
    }

    @Test("an empty or comment-only file means the defaults")
    func emptyFile() throws {
        for text in ["", "# nothing here\n", "---\n"] {
            let entries = try PolicyFileLoader.loadEntries(yaml: text, file: "policy.yaml")
            #expect(entries.isEmpty)
        }
    }

    @Test("keys Skylift never consults are reported in file order for the caller to warn about")
    func unknownKeys() throws {
        let text = """
            modify_task: "rule:default"
            admin_or_owner: "rule:context_is_admin or project_id:%(project_id)s"
            get_task: "rule:admin_or_owner"
            foo: "@"
            """
        let engine = try PolicyFileLoader.engine(yaml: text, file: "policy.yaml")
        #expect(engine.unknownRuleNames == ["modify_task", "foo"])
    }

    @Test("entries keep their names, check strings and lines")
    func entriesWithLines() throws {
        let text = "# header\nadd_task: role:member\n\n\"get_task\": 'rule:context_is_admin'\n"
        let entries = try PolicyFileLoader.loadEntries(yaml: text, file: "policy.yaml")
        #expect(
            entries == [
                PolicyEntry(name: "add_task", checkString: "role:member", line: 2),
                PolicyEntry(name: "get_task", checkString: "rule:context_is_admin", line: 4),
            ]
        )
    }
}
