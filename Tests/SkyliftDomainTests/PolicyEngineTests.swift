import SkyliftDomain
import Testing

@Suite struct PolicyEngineTests {
    /// Who asks: each role in the contract's matrix, from project `p1`.
    enum Caller: String, CaseIterable, Sendable {
        case admin, member, reader, noRole

        var principal: Principal {
            Principal(projectID: "p1", userID: "u1", roles: self == .noRole ? [] : [rawValue])
        }
    }

    /// Which resource a targeted rule is checked against.
    enum Target: Sendable {
        case none, ownProject, otherProject

        var value: PolicyTarget? {
            switch self {
            case .none: nil
            case .ownProject: PolicyTarget(projectID: "p1", userID: "u9")
            case .otherProject: PolicyTarget(projectID: "p2", userID: "u1")
            }
        }
    }

    static let everyone: Set<Caller> = Set(Caller.allCases)
    static let targeted: [PolicyAction] = [.getTask, .cancelTask, .getImage, .downloadImage, .deleteImage]

    /// The contract's default matrix (§3.2): action × target → the callers allowed.
    static let matrix: [(PolicyAction, Target, Set<Caller>)] =
        [
            (.contextIsAdmin, .none, [.admin]),
            (.tasksAPIAccess, .none, [.admin, .member, .reader]),
            (.addTask, .none, [.admin, .member]),
            (.getTasks, .none, everyone),
            (.getTasksAllProjects, .none, [.admin]),
            (.getImages, .none, everyone),
            (.addImage, .none, [.admin, .member]),
            (.importImage, .ownProject, [.admin, .member]),
            (.importImage, .otherProject, [.admin]),
            (.importImage, .none, [.admin]),
        ]
        + targeted.flatMap { action -> [(PolicyAction, Target, Set<Caller>)] in
            [(action, .ownProject, everyone), (action, .otherProject, [.admin]), (action, .none, [.admin])]
        }

    @Test("the default policy allows exactly the contract's matrix", arguments: matrix)
    func defaultMatrix(action: PolicyAction, target: Target, allowed: Set<Caller>) {
        let engine = PolicyEngine()
        for caller in Caller.allCases {
            let decision = engine.isAllowed(action, principal: caller.principal, target: target.value)
            #expect(decision == allowed.contains(caller), "\(caller) \(action.rawValue) \(target)")
        }
    }

    @Test("every action has a documented default under its own name, and `default` is built in")
    func defaultsCoverEveryAction() throws {
        for action in PolicyAction.allCases {
            let rule = PolicyDefaults.rule(for: action)
            #expect(rule.name == action.rawValue)
            #expect(PolicyDefaults.rule(named: action.rawValue) == rule)
            #expect(PolicyEngine().checkString(forRule: action.rawValue) == rule.checkString)
            _ = try PolicyParser.parse(rule.checkString)
        }
        #expect(PolicyDefaults.rule(named: "default")?.checkString == "")
        #expect(PolicyEngine().unknownRuleNames.isEmpty)
    }

    @Test("roles compare case-insensitively on both sides")
    func roleCase() throws {
        let engine = try PolicyEngine(rules: ["add_task": "role:Creator"])
        #expect(engine.isAllowed(.addTask, principal: Principal(projectID: "p", roles: [" CREATOR "])))
        #expect(!engine.isAllowed(.addTask, principal: Principal(projectID: "p", roles: ["member"])))
        #expect(PolicyEngine().isAdmin(Principal(projectID: "p", roles: ["Admin"])))
    }

    @Test("a principal keeps its roles trimmed, lower-cased and without empties")
    func principalRoles() {
        var principal = Principal(projectID: "p", userID: nil, roles: [" Admin", "member ", "", "  "])
        #expect(principal.roles == ["admin", "member"])
        principal.roles = ["READER"]
        #expect(principal.roles == ["reader"])
        #expect(principal.hasRole("Reader"))
    }

    @Test("project_id and user_id compare the caller with the target, and never match without one")
    func targetMatch() throws {
        let engine = try PolicyEngine(rules: [
            "get_task": "user_id:%(user_id)s", "get_image": "project_id:%(project_id)s",
        ])
        let caller = Principal(projectID: "p1", userID: "u1", roles: [])
        #expect(engine.isAllowed(.getTask, principal: caller, target: PolicyTarget(projectID: "p2", userID: "u1")))
        #expect(!engine.isAllowed(.getTask, principal: caller, target: PolicyTarget(projectID: "p1", userID: "u2")))
        #expect(!engine.isAllowed(.getTask, principal: caller))
        let anonymous = Principal(projectID: "p1", userID: nil, roles: [])
        #expect(!engine.isAllowed(.getTask, principal: anonymous, target: PolicyTarget(projectID: "p1", userID: nil)))
        #expect(!engine.isAllowed(.getImage, principal: caller, target: PolicyTarget(projectID: nil)))
        #expect(engine.isAllowed(.getImage, principal: caller, target: PolicyTarget(projectID: "p1")))
    }

    @Test("literal project_id and user_id checks compare the caller with the value")
    func literalMatch() throws {
        let engine = try PolicyEngine(rules: ["add_task": "project_id:ops or user_id:root"])
        #expect(engine.isAllowed(.addTask, principal: Principal(projectID: "ops", roles: [])))
        #expect(engine.isAllowed(.addTask, principal: Principal(projectID: "x", userID: "root", roles: [])))
        #expect(!engine.isAllowed(.addTask, principal: Principal(projectID: "x", userID: "u", roles: [])))
    }

    @Test("and, or, not, @ and ! combine as written")
    func combinators() throws {
        let engine = try PolicyEngine(rules: [
            "add_task": "role:a or role:b and not role:c",
            "get_tasks": "!",
            "get_images": "@",
        ])
        func allowed(_ roles: [String]) -> Bool {
            engine.isAllowed(.addTask, principal: Principal(projectID: "p", roles: roles))
        }
        #expect(allowed(["a", "c"]))
        #expect(allowed(["b"]))
        #expect(!allowed(["b", "c"]))
        #expect(!allowed([]))
        #expect(!engine.isAllowed(.getTasks, principal: Caller.admin.principal))
        #expect(engine.isAllowed(.getImages, principal: Caller.noRole.principal))
    }

    @Test("is_admin:True is the caller's context_is_admin, which itself sees is_admin as false")
    func isAdminCheck() throws {
        let boss = Principal(projectID: "p", roles: ["boss"])
        let member = Caller.member.principal
        let engine = try PolicyEngine(rules: [
            "context_is_admin": "role:boss or is_admin:True",
            "add_task": "is_admin:True",
            "get_tasks": "is_admin:False",
            "get_task": "rule:context_is_admin",
        ])
        #expect(engine.isAdmin(boss))
        #expect(!engine.isAdmin(Caller.admin.principal))
        #expect(engine.isAllowed(.addTask, principal: boss))
        #expect(!engine.isAllowed(.addTask, principal: member))
        #expect(engine.isAllowed(.getTasks, principal: member))
        #expect(!engine.isAllowed(.getTasks, principal: boss))
        #expect(engine.isAllowed(.getTask, principal: boss, target: PolicyTarget(projectID: "elsewhere")))
        #expect(engine.isAllowed(.contextIsAdmin, principal: boss))
    }

    @Test("a context_is_admin that only says is_admin:True makes nobody admin")
    func isAdminAlone() throws {
        let engine = try PolicyEngine(rules: ["context_is_admin": "is_admin:True", "add_task": "is_admin:True"])
        #expect(!engine.isAdmin(Caller.admin.principal))
        #expect(!engine.isAllowed(.addTask, principal: Caller.admin.principal))
    }

    @Test("tasks_api_access: \"!\" denies everyone, admins included (Glance's functional test)")
    func denyAll() throws {
        let engine = try PolicyEngine(rules: ["tasks_api_access": "!"])
        for caller in Caller.allCases {
            #expect(!engine.isAllowed(.tasksAPIAccess, principal: caller.principal))
        }
    }

    @Test("task lists show every project only to callers passing get_tasks_all_projects")
    func taskVisibility() throws {
        let engine = try PolicyEngine(rules: ["get_tasks_all_projects": "role:auditor or rule:context_is_admin"])
        let auditor = Principal(projectID: "p7", roles: ["auditor"])
        #expect(engine.taskListVisibility(for: Caller.admin.principal) == .all)
        #expect(engine.taskListVisibility(for: auditor) == .all)
        #expect(engine.taskListVisibility(for: Caller.member.principal) == .owner("p1"))
        #expect(engine.imageListVisibility(for: auditor) == .owner("p7"))
        #expect(engine.imageListVisibility(for: Caller.admin.principal) == .all)
        #expect(engine.imageListVisibility(for: Caller.reader.principal) == .owner("p1"))
    }

    @Test("rules checked against one resource deny with 404, the others with 403")
    func checksTarget() {
        let targetedSet = Set(Self.targeted + [.importImage])
        for action in PolicyAction.allCases {
            #expect(action.checksTarget == targetedSet.contains(action), "\(action)")
        }
    }

    @Test("the denial message is Glance's")
    func denialMessage() {
        #expect(
            PolicyEngine().denialMessage(.tasksAPIAccess)
                == "You are not authorized to complete tasks_api_access action."
        )
        #expect(PolicyEngine().denialMessage(.addTask) == "You are not authorized to complete add_task action.")
    }
}
