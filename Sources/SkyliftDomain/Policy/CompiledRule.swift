/// A ``PolicyRule`` with every `rule:NAME` resolved, at build time, to the index of that rule in
/// its ``PolicyProgram``, so evaluation never looks a name up or parses text.
indirect enum CompiledRule: Sendable, Hashable {
    /// Everyone passes.
    case always
    /// Nobody passes.
    case never
    /// The caller holds the (lower-cased) role.
    case role(String)
    /// The caller's field equals the value.
    case literal(PolicyRule.Field, String)
    /// The caller's field equals the target's field.
    case targetMatch(PolicyRule.Field, target: PolicyRule.Field)
    /// The caller's `context_is_admin` result equals the value.
    case isAdmin(Bool)
    /// The rule at this index of the program passes.
    case ref(Int)
    /// Every operand passes.
    case and([CompiledRule])
    /// At least one operand passes.
    case or([CompiledRule])
    /// The operand fails.
    case not(CompiledRule)

    /// Compiles `rule`, replacing each reference by the index `indexOf` gives for its name.
    init(_ rule: PolicyRule, indexOf: [String: Int]) {
        switch rule {
        case .always: self = .always
        case .never: self = .never
        case .role(let name): self = .role(name)
        case .literal(let field, let value): self = .literal(field, value)
        case .targetMatch(let field, let target): self = .targetMatch(field, target: target)
        case .isAdmin(let value): self = .isAdmin(value)
        // The program checks every reference before compiling, so the name is always there.
        case .ruleRef(let name): self = indexOf[name].map(CompiledRule.ref) ?? .never
        case .and(let rules): self = .and(rules.map { CompiledRule($0, indexOf: indexOf) })
        case .or(let rules): self = .or(rules.map { CompiledRule($0, indexOf: indexOf) })
        case .not(let rule): self = .not(CompiledRule(rule, indexOf: indexOf))
        }
    }
}
