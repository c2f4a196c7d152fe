import SkyliftDomain
import Testing

@Suite struct PolicyParserTests {
    /// The hint that ends every unknown- or unsupported-check message.
    static let supported = " (supported: @, !, role:, rule:, project_id:, user_id:, is_admin:)"

    @Test(
        "each check parses to its rule",
        arguments: [
            ("", PolicyRule.always),
            ("@", .always),
            ("!", .never),
            ("role:admin", .role("admin")),
            ("role:Admin", .role("admin")),
            ("rule:context_is_admin", .ruleRef("context_is_admin")),
            ("project_id:%(project_id)s", .targetMatch(.projectID, target: .projectID)),
            ("user_id:%(user_id)s", .targetMatch(.userID, target: .userID)),
            ("project_id:%(owner)s", .targetMatch(.projectID, target: .projectID)),
            ("project_id:abc", .literal(.projectID, "abc")),
            ("user_id:u-1", .literal(.userID, "u-1")),
            ("is_admin:True", .isAdmin(true)),
            ("is_admin:False", .isAdmin(false)),
        ]
    )
    func leaf(text: String, expected: PolicyRule) throws {
        #expect(try PolicyParser.parse(text) == expected)
    }

    @Test("not binds tighter than and, and tighter than or")
    func precedence() throws {
        let rule = try PolicyParser.parse("role:a or role:b and not role:c")
        #expect(rule == .or([.role("a"), .and([.role("b"), .not(.role("c"))])]))
        #expect(
            try PolicyParser.parse("role:a and role:b or role:c") == .or([.and([.role("a"), .role("b")]), .role("c")])
        )
        #expect(try PolicyParser.parse("not role:a and role:b") == .and([.not(.role("a")), .role("b")]))
    }

    @Test("chains of one operator stay flat")
    func chains() throws {
        #expect(try PolicyParser.parse("role:a or role:b or role:c") == .or([.role("a"), .role("b"), .role("c")]))
        #expect(try PolicyParser.parse("role:a and role:b and role:c") == .and([.role("a"), .role("b"), .role("c")]))
        #expect(try PolicyParser.parse("not not role:a") == .not(.not(.role("a"))))
    }

    @Test("parentheses group, nest, and keep the %(name)s parentheses of a check")
    func parentheses() throws {
        let rule = try PolicyParser.parse("((role:a or role:b) and (not (role:c)))")
        #expect(rule == .and([.or([.role("a"), .role("b")]), .not(.role("c"))]))
        #expect(try PolicyParser.parse("(project_id:%(project_id)s)") == .targetMatch(.projectID, target: .projectID))
        let owner = try PolicyParser.parse("rule:context_is_admin or (role:member and user_id:%(user_id)s)")
        #expect(
            owner
                == .or([.ruleRef("context_is_admin"), .and([.role("member"), .targetMatch(.userID, target: .userID)])])
        )
    }

    @Test("keywords are case-insensitive and any whitespace separates tokens")
    func keywordsAndWhitespace() throws {
        let rule = try PolicyParser.parse("role:a AND\trole:b\n Or NOT role:c")
        #expect(rule == .or([.and([.role("a"), .role("b")]), .not(.role("c"))]))
        #expect(try PolicyParser.parse("  role:a  ") == .role("a"))
    }

    @Test("a rule written back as a check string parses to itself")
    func roundTrip() throws {
        let texts = [
            "role:a or role:b and not role:c",
            "not (role:a or rule:b) and is_admin:True",
            "project_id:%(project_id)s or user_id:abc or @ and !",
        ]
        for text in texts {
            let rule = try PolicyParser.parse(text)
            #expect(try PolicyParser.parse(rule.description) == rule)
        }
        #expect(
            try PolicyParser.parse("role:a or role:b and not role:c").description == "role:a or (role:b and not role:c)"
        )
    }

    @Test("references lists every rule:NAME in order")
    func references() throws {
        let rule = try PolicyParser.parse("rule:a or (role:x and not rule:b) or rule:a")
        #expect(rule.references == ["a", "b", "a"])
    }

    @Test(
        "syntax errors give the column and the reason",
        arguments: [
            ("(role:admin", 1, "unbalanced parenthesis"),
            ("role:admin)", 11, "unbalanced parenthesis"),
            ("role:a and (role:b or role:c", 12, "unbalanced parenthesis"),
            ("role:a and", 8, "expected a check after 'and'"),
            ("role:a OR", 8, "expected a check after 'OR'"),
            ("role:a and or role:b", 8, "expected a check after 'and'"),
            ("not", 1, "expected a check after 'not'"),
            ("role:a and not", 12, "expected a check after 'not'"),
            ("(role:a and)", 9, "expected a check after 'and'"),
            ("and role:a", 1, "expected a check before 'and'"),
            ("role:a role:b", 8, "expected 'and' or 'or' before 'role:b'"),
            ("(role:a) (role:b)", 10, "expected 'and' or 'or' before '('"),
            ("()", 1, "empty parentheses"),
            ("   ", 1, #"the rule is blank; write "" to allow everyone or "!" to deny everyone"#),
            ("admin", 1, "'admin' is not a check (expected kind:value, @ or !)"),
            (
                "role:a or foo:bar", 11,
                "unknown check kind 'foo'" + supported
            ),
            (
                "Role:admin", 1,
                "unknown check kind 'Role'" + supported
            ),
            (
                "tenant:%(tenant)s", 1,
                "unsupported check 'tenant:%(tenant)s'" + supported
            ),
            (
                "project_id:%(tenant)s", 1,
                "unsupported check 'project_id:%(tenant)s'" + supported
            ),
            (
                "role:%(role)s", 1,
                "unsupported check 'role:%(role)s'" + supported
            ),
            (
                "http://example.com/check", 1,
                "unsupported check 'http://example.com/check'" + supported
            ),
            ("is_admin:true", 1, "unsupported check 'is_admin:true' (write is_admin:True or is_admin:False)"),
            ("role:", 1, "expected a role name after 'role:'"),
            ("rule:", 1, "expected a rule name after 'rule:'"),
            ("user_id:", 1, "expected a value after 'user_id:'"),
        ]
    )
    func syntaxError(text: String, column: Int, reason: String) {
        #expect(throws: PolicySyntaxError(rule: text, column: column, reason: reason)) {
            try PolicyParser.parse(text)
        }
    }

    @Test("a syntax error describes itself with column, reason and rule")
    func syntaxErrorDescription() {
        let error = PolicySyntaxError(rule: "(role:a", column: 1, reason: "unbalanced parenthesis")
        #expect(error.description == "column 1: unbalanced parenthesis in '(role:a'")
    }
}
