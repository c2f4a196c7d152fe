extension Evaluator {
    // Each applicator is its own small function so that only the frames actually on the recursive path are on the
    // stack (see ``check(_:_:)``).

    @inline(never)
    mutating func checkItems(_ keyword: CompiledKeyword, _ instance: JSONValue) -> Bool {
        guard case .items(let node) = keyword.rule, case .array(let elements) = instance else { return true }
        var valid = true
        for index in elements.indices where !descend(node, elements[index], .index(index)) {
            valid = false
            if !collecting { return false }
        }
        return valid
    }

    @inline(never)
    mutating func checkTupleItems(_ keyword: CompiledKeyword, _ instance: JSONValue) -> Bool {
        guard case .tupleItems(let nodes) = keyword.rule, case .array(let elements) = instance else { return true }
        var valid = true
        for index in 0..<min(nodes.count, elements.count) where !descend(nodes[index], elements[index], .index(index)) {
            valid = false
            if !collecting { return false }
        }
        return valid
    }

    @inline(never)
    mutating func checkAdditionalItems(_ keyword: CompiledKeyword, _ instance: JSONValue) -> Bool {
        guard case .additionalItems(let rule, let tupleCount) = keyword.rule, case .array(let elements) = instance,
            elements.count > tupleCount
        else { return true }
        switch rule {
        case .forbidden:
            return fail(keyword, Self.additionalItemsMessage(elements[tupleCount...]))
        case .schema(let node):
            var valid = true
            for index in tupleCount..<elements.count where !descend(node, elements[index], .index(index)) {
                valid = false
                if !collecting { return false }
            }
            return valid
        }
    }

    @inline(never)
    mutating func checkProperties(_ keyword: CompiledKeyword, _ instance: JSONValue) -> Bool {
        guard case .properties(let properties) = keyword.rule, case .object(let object) = instance else { return true }
        var valid = true
        for (name, node) in properties {
            guard let member = object[name], !descend(node, member, .key(name)) else { continue }
            valid = false
            if !collecting { return false }
        }
        return valid
    }

    @inline(never)
    mutating func checkPatternProperties(_ keyword: CompiledKeyword, _ instance: JSONValue) -> Bool {
        guard case .patternProperties(let rules) = keyword.rule, case .object(let object) = instance else {
            return true
        }
        var valid = true
        for (regex, node) in rules {
            for (key, member) in object where regex.matches(key) && !descend(node, member, .key(key)) {
                valid = false
                if !collecting { return false }
            }
        }
        return valid
    }

    @inline(never)
    mutating func checkAdditionalProperties(_ keyword: CompiledKeyword, _ instance: JSONValue) -> Bool {
        guard case .additionalProperties(let rule, let declared, let patterns) = keyword.rule,
            case .object(let object) = instance
        else { return true }
        let extras = object.entries.filter { entry in
            !declared.contains(ScalarKey(entry.key)) && !patterns.contains { $0.matches(entry.key) }
        }
        guard !extras.isEmpty else { return true }
        switch rule {
        case .forbidden:
            return fail(keyword, Self.additionalPropertiesMessage(extras.map(\.key), patterns: patterns))
        case .schema(let node):
            var valid = true
            for (key, member) in extras where !descend(node, member, .key(key)) {
                valid = false
                if !collecting { return false }
            }
            return valid
        }
    }

    @inline(never)
    mutating func checkDependencies(_ keyword: CompiledKeyword, _ instance: JSONValue) -> Bool {
        guard case .dependencies(let dependencies) = keyword.rule, case .object(let object) = instance else {
            return true
        }
        var valid = true
        for (name, dependency) in dependencies where object.contains(name) {
            switch dependency {
            case .properties(let names):
                for required in names where !object.contains(required) {
                    valid = fail(
                        keyword,
                        "\(PythonRepr.string(required)) is a dependency of \(PythonRepr.string(name))"
                    )
                    if !collecting { return false }
                }
            case .schema(let node):
                if !evaluate(node, instance) {
                    valid = false
                    if !collecting { return false }
                }
            }
        }
        return valid
    }

    /// Python `jsonschema`'s wording: sorted names, and the regexes when `patternProperties` is present.
    @inline(never)
    static func additionalPropertiesMessage(_ names: [String], patterns: [ECMARegex]) -> String {
        let sorted = names.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        let joined = PythonRepr.list(sorted.prefix(PythonRepr.defaultLimit).map { PythonRepr.string($0) })
        if patterns.isEmpty {
            return "Additional properties are not allowed (\(joined) \(sorted.count == 1 ? "was" : "were") unexpected)"
        }
        let sources = patterns.map(\.source).sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        let regexes = PythonRepr.list(sources.map { PythonRepr.string($0) })
        return "\(joined) \(sorted.count == 1 ? "does" : "do") not match any of the regexes: \(regexes)"
    }
}
