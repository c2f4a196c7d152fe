/// One evaluation: a caller, an optional target, and whether the caller is an admin.
struct PolicyEvaluation {
    /// Every compiled rule of the program, by index.
    let rules: [CompiledRule]
    /// The caller.
    let principal: Principal
    /// The resource, for `%(project_id)s` and `%(user_id)s`.
    let target: PolicyTarget?
    /// The value of `is_admin`: false while `context_is_admin` itself is being evaluated.
    let isAdmin: Bool

    /// Whether `rule` passes.
    func evaluate(_ rule: CompiledRule) -> Bool {
        switch rule {
        case .always:
            true
        case .never:
            false
        case .role(let name):
            principal.roles.contains(name)
        case .literal(let field, let value):
            callerValue(field) == value
        case .targetMatch(let field, let targetField):
            targetValue(targetField).map { $0 == callerValue(field) } ?? false
        case .isAdmin(let expected):
            isAdmin == expected
        case .ref(let index):
            evaluate(rules[index])
        case .and(let operands):
            operands.allSatisfy(evaluate)
        case .or(let operands):
            operands.contains(where: evaluate)
        case .not(let operand):
            !evaluate(operand)
        }
    }

    private func callerValue(_ field: PolicyRule.Field) -> String? {
        switch field {
        case .projectID: principal.projectID
        case .userID: principal.userID
        }
    }

    private func targetValue(_ field: PolicyRule.Field) -> String? {
        switch field {
        case .projectID: target?.projectID
        case .userID: target?.userID
        }
    }
}
