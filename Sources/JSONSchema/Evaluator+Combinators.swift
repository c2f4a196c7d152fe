extension Evaluator {
    @inline(never)
    mutating func checkAllOf(_ keyword: CompiledKeyword, _ instance: JSONValue) -> Bool {
        guard case .allOf(let nodes) = keyword.rule else { return true }
        var valid = true
        for node in nodes where !evaluate(node, instance) {
            valid = false
            if !collecting { return false }
        }
        return valid
    }

    @inline(never)
    mutating func checkAnyOf(_ keyword: CompiledKeyword, _ instance: JSONValue) -> Bool {
        guard case .anyOf(let nodes) = keyword.rule else { return true }
        for node in nodes where probe(node, instance) { return true }
        return fail(keyword, "\(PythonRepr.repr(instance)) is not valid under any of the given schemas")
    }

    @inline(never)
    mutating func checkOneOf(_ keyword: CompiledKeyword, _ instance: JSONValue) -> Bool {
        guard case .oneOf(let nodes, let schemas) = keyword.rule else { return true }
        var matching: [Int] = []
        for (offset, node) in nodes.enumerated() where probe(node, instance) {
            matching.append(offset)
            if matching.count > 1 && !collecting { return false }
        }
        if matching.count == 1 { return true }
        if matching.isEmpty {
            return fail(keyword, "\(PythonRepr.repr(instance)) is not valid under any of the given schemas")
        }
        return fail(keyword, Self.oneOfMessage(instance, matching: matching, schemas: schemas))
    }

    @inline(never)
    mutating func checkNot(_ keyword: CompiledKeyword, _ instance: JSONValue) -> Bool {
        guard case .not(let node, let schema) = keyword.rule else { return true }
        guard probe(node, instance) else { return true }
        return fail(keyword, "\(PythonRepr.repr(instance)) should not be valid under \(PythonRepr.repr(schema))")
    }

    /// Python lists the later matches first, then the first one.
    @inline(never)
    static func oneOfMessage(_ instance: JSONValue, matching: [Int], schemas: [JSONValue]) -> String {
        let order = Array(matching.dropFirst()) + [matching[0]]
        let listed = PythonRepr.list(order.map { PythonRepr.repr(schemas[$0]) })
        return "\(PythonRepr.repr(instance)) is valid under each of \(listed)"
    }
}
