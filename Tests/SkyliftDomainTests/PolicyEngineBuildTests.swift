import SkyliftDomain
import Testing

@Suite struct PolicyEngineBuildTests {
    private func entries(_ pairs: [(String, String)]) -> [PolicyEntry] {
        pairs.enumerated().map { PolicyEntry(name: $1.0, checkString: $1.1, line: $0 + 1) }
    }

    @Test("file entries override defaults, and missing rules keep them")
    func overrides() throws {
        let engine = try PolicyEngine(entries: entries([("add_task", "role:creator")]))
        #expect(engine.checkString(forRule: "add_task") == "role:creator")
        #expect(engine.checkString(forRule: "get_task") == PolicyDefaults.getTask.checkString)
        #expect(engine.ruleNames.first == "add_task")
        #expect(engine.ruleNames.count == PolicyDefaults.all.count)
    }

    @Test("a helper rule defined in the file can be referenced, and defaults can be referenced from the file")
    func helperRules() throws {
        let engine = try PolicyEngine(
            entries: entries([
                ("admin_or_owner", "rule:context_is_admin or project_id:%(project_id)s"),
                ("get_task", "rule:admin_or_owner"),
                ("add_task", "rule:default"),
            ])
        )
        let member = Principal(projectID: "p1", roles: ["member"])
        #expect(engine.isAllowed(.getTask, principal: member, target: PolicyTarget(projectID: "p1")))
        #expect(!engine.isAllowed(.getTask, principal: member, target: PolicyTarget(projectID: "p2")))
        #expect(engine.isAllowed(.addTask, principal: Principal(projectID: "p1", roles: [])))
        #expect(engine.unknownRuleNames.isEmpty)
    }

    @Test("a reference to an undefined rule is an error naming rule, reference and line")
    func undefinedRule() {
        let error = PolicyLoadError.undefinedRule(rule: "get_task", reference: "nope", line: 2)
        #expect(throws: error) {
            try PolicyEngine(entries: entries([("add_task", "role:x"), ("get_task", "role:admin or rule:nope")]))
        }
        #expect(error.description == "line 2: rule 'get_task' refers to undefined rule 'nope'")
        #expect(error.reason == "rule 'get_task' refers to undefined rule 'nope'")
    }

    @Test("an unused rule with an undefined reference still stops the build")
    func undefinedRuleInUnusedRule() {
        #expect(throws: PolicyLoadError.undefinedRule(rule: "helper", reference: "missing", line: 1)) {
            try PolicyEngine(entries: entries([("helper", "rule:missing")]))
        }
    }

    @Test(
        "reference cycles are errors listing the loop from its first rule in the file",
        arguments: [
            ([("a", "rule:b"), ("b", "rule:a")], ["a", "b", "a"], 1),
            ([("x", "role:x"), ("a", "role:y or rule:a")], ["a", "a"], 2),
            (
                [("get_task", "rule:a"), ("a", "rule:b"), ("b", "not rule:c"), ("c", "rule:a")], ["a", "b", "c", "a"], 2
            ),
            ([("context_is_admin", "rule:get_task")], ["context_is_admin", "get_task", "context_is_admin"], 1),
        ]
    )
    func cycle(pairs: [(String, String)], names: [String], line: Int) {
        #expect(throws: PolicyLoadError.cycle(names, line: line)) {
            try PolicyEngine(entries: entries(pairs))
        }
    }

    @Test("a cycle describes itself as a chain of names")
    func cycleDescription() {
        let error = PolicyLoadError.cycle(["a", "b", "a"], line: 4)
        #expect(error.description == "line 4: rules refer to each other in a cycle: a -> b -> a")
    }

    @Test("a syntax error names the rule, the line, the column and the reason")
    func syntaxError() {
        let syntax = PolicySyntaxError(rule: "(role:admin or role:member", column: 1, reason: "unbalanced parenthesis")
        let error = PolicyLoadError.syntax(rule: "add_task", error: syntax, line: 3)
        #expect(throws: error) {
            try PolicyEngine(
                entries: entries([("get_tasks", ""), ("get_images", "@"), ("add_task", "(role:admin or role:member")])
            )
        }
        #expect(error.description == "line 3: syntax error in 'add_task' at column 1: unbalanced parenthesis")
    }

    @Test("the first error in file order is the one reported")
    func firstErrorWins() {
        #expect(throws: PolicyLoadError.undefinedRule(rule: "a", reference: "zzz", line: 1)) {
            try PolicyEngine(entries: entries([("a", "rule:zzz"), ("b", "rule:yyy")]))
        }
    }

    @Test("a name given twice is an error")
    func duplicate() {
        #expect(throws: PolicyLoadError.duplicateRule(rule: "add_task", line: 2)) {
            try PolicyEngine(entries: entries([("add_task", "@"), ("add_task", "!")]))
        }
    }

    @Test("errors without a line describe themselves with the reason alone")
    func errorWithoutLine() throws {
        #expect(throws: PolicyLoadError.undefinedRule(rule: "add_task", reference: "x", line: nil)) {
            try PolicyEngine(rules: ["add_task": "rule:x"])
        }
        #expect(PolicyLoadError.duplicateRule(rule: "a", line: nil).description == "rule 'a' is defined more than once")
    }

    @Test("unknown rule names are the entries no action consults, in file order")
    func unknownRuleNames() throws {
        let engine = try PolicyEngine(
            entries: entries([
                ("zz_unused", "rule:chain"),
                ("chain", "role:x"),
                ("admin_or_owner", "rule:context_is_admin or project_id:%(project_id)s"),
                ("get_task", "rule:admin_or_owner"),
                ("modify_task", "rule:default"),
                ("default", "role:admin"),
                ("add_task", "role:member"),
            ])
        )
        #expect(engine.unknownRuleNames == ["zz_unused", "chain", "modify_task", "default"])
    }
}
