/// Decides what a caller may do: the policy file's rules over Skylift's defaults, compiled once.
///
/// Build it at startup (``init(entries:)`` reports undefined references, cycles and syntax errors),
/// then ask ``isAllowed(_:principal:target:)`` per request; evaluation walks a pre-resolved tree.
public struct PolicyEngine: Sendable {
    private let program: PolicyProgram

    /// Rule names given to the engine that Skylift never consults: neither a ``PolicyAction`` nor
    /// referenced, directly or through other rules, by one. The caller logs a warning for each.
    public let unknownRuleNames: [String]

    /// Builds an engine from file entries; rules they do not define take their ``PolicyDefaults``.
    ///
    /// - Throws: ``PolicyLoadError`` for a syntax error, a `rule:` naming no rule, a reference cycle,
    ///   or a name given twice, with the entry's line.
    public init(entries: [PolicyEntry]) throws(PolicyLoadError) {
        program = try PolicyProgram(entries: entries)
        unknownRuleNames = program.unusedEntryNames
    }

    /// Builds an engine from `name: check string` pairs (checked in name order), over the defaults.
    public init(rules: [String: String]) throws(PolicyLoadError) {
        try self.init(
            entries: rules.sorted { $0.key < $1.key }.map { PolicyEntry(name: $0.key, checkString: $0.value) }
        )
    }

    /// The engine of the built-in defaults alone.
    public init() {
        do {
            try self.init(entries: [])
        } catch {
            preconditionFailure("Skylift's built-in policy defaults are invalid: \(error)")
        }
    }

    /// Whether `principal` passes the rule of `action`, for `target` when the rule concerns one resource.
    ///
    /// Without a target, `project_id:%(project_id)s` and `user_id:%(user_id)s` never match.
    public func isAllowed(_ action: PolicyAction, principal: Principal, target: PolicyTarget? = nil) -> Bool {
        evaluate(program.index(of: action), principal: principal, target: target)
    }

    /// Whether `principal` passes `context_is_admin`, in which `is_admin` itself counts as false.
    public func isAdmin(_ principal: Principal) -> Bool {
        let index = program.index(of: .contextIsAdmin)
        return PolicyEvaluation(rules: program.rules, principal: principal, target: nil, isAdmin: false)
            .evaluate(.ref(index))
    }

    /// The check string in force for the rule `name` (from the file or the defaults), if defined.
    public func checkString(forRule name: String) -> String? {
        program.checkStrings[name]
    }

    /// Every rule name in force, file entries first in file order, then the remaining defaults.
    public var ruleNames: [String] {
        program.indexOf.sorted { $0.value < $1.value }.map(\.key)
    }

    private func evaluate(_ index: Int, principal: Principal, target: PolicyTarget?) -> Bool {
        let isAdmin = program.usesIsAdmin[index] ? self.isAdmin(principal) : false
        return PolicyEvaluation(rules: program.rules, principal: principal, target: target, isAdmin: isAdmin)
            .evaluate(.ref(index))
    }
}
