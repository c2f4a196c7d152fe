/// Rules from a file merged over the defaults, checked and compiled once at build time.
struct PolicyProgram: Sendable {
    /// One rule before compilation: where it came from.
    private struct Source {
        let checkString: String
        let line: Int?
        let fromFile: Bool
    }

    /// The compiled rules, by index.
    let rules: [CompiledRule]
    /// Each rule's index, by name.
    let indexOf: [String: Int]
    /// Each rule's check string, by name.
    let checkStrings: [String: String]
    /// For each rule index, whether evaluating it may reach `is_admin`.
    let usesIsAdmin: [Bool]
    /// Entries given by the caller that no ``PolicyAction`` consults, directly or through `rule:`.
    let unusedEntryNames: [String]

    /// Merges `entries` over ``PolicyDefaults``, parses every rule, checks references and cycles, and compiles.
    init(entries: [PolicyEntry]) throws(PolicyLoadError) {
        var sources: [String: Source] = [:]
        var names: [String] = []
        for entry in entries {
            guard sources[entry.name] == nil else {
                throw .duplicateRule(rule: entry.name, line: entry.line)
            }
            sources[entry.name] = Source(checkString: entry.checkString, line: entry.line, fromFile: true)
            names.append(entry.name)
        }
        for rule in PolicyDefaults.all where sources[rule.name] == nil {
            sources[rule.name] = Source(checkString: rule.checkString, line: nil, fromFile: false)
            names.append(rule.name)
        }

        var parsed: [String: PolicyRule] = [:]
        for name in names {
            let source = sources[name]
            do throws(PolicySyntaxError) {
                parsed[name] = try PolicyParser.parse(source?.checkString ?? "")
            } catch {
                throw .syntax(rule: name, error: error, line: source?.line)
            }
        }
        for name in names {
            for reference in parsed[name]?.references ?? [] where sources[reference] == nil {
                throw .undefinedRule(rule: name, reference: reference, line: sources[name]?.line)
            }
        }
        var cycles = PolicyCycleFinder(references: parsed.mapValues(\.references))
        if let cycle = cycles.firstCycle(from: names) {
            throw .cycle(cycle, line: cycle.lazy.compactMap { sources[$0]?.line }.first)
        }

        let indexOf = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let rules = names.map { CompiledRule(parsed[$0] ?? .never, indexOf: indexOf) }
        self.rules = rules
        self.indexOf = indexOf
        self.checkStrings = sources.mapValues(\.checkString)
        self.usesIsAdmin = Self.usesIsAdmin(rules)
        let used = Self.reachable(from: PolicyAction.allCases.compactMap { indexOf[$0.rawValue] }, in: rules)
        self.unusedEntryNames = names.filter { name in
            sources[name]?.fromFile == true && !(indexOf[name].map(used.contains) ?? false)
        }
    }

    /// The index of the rule that `action` checks (every action has a default, so it always exists).
    func index(of action: PolicyAction) -> Int {
        indexOf[action.rawValue] ?? 0
    }

    /// For each rule, whether it or a rule it refers to contains `is_admin` (the rules are acyclic).
    private static func usesIsAdmin(_ rules: [CompiledRule]) -> [Bool] {
        var memo: [Bool?] = Array(repeating: nil, count: rules.count)
        func uses(_ rule: CompiledRule) -> Bool {
            switch rule {
            case .isAdmin: return true
            case .always, .never, .role, .literal, .targetMatch: return false
            case .not(let operand): return uses(operand)
            case .and(let operands), .or(let operands): return operands.contains(where: uses)
            case .ref(let index):
                if let known = memo[index] { return known }
                let value = uses(rules[index])
                memo[index] = value
                return value
            }
        }
        return rules.map(uses)
    }

    /// The indices of the rules reachable from `roots` through references.
    private static func reachable(from roots: [Int], in rules: [CompiledRule]) -> Set<Int> {
        var seen = Set<Int>()
        var pending = roots
        while let index = pending.popLast() {
            guard seen.insert(index).inserted else { continue }
            pending += references(of: rules[index])
        }
        return seen
    }

    private static func references(of rule: CompiledRule) -> [Int] {
        switch rule {
        case .ref(let index): [index]
        case .and(let operands), .or(let operands): operands.flatMap(references)
        case .not(let operand): references(of: operand)
        case .always, .never, .role, .literal, .targetMatch, .isAdmin: []
        }
    }
}
