extension Evaluator {
    /// Applies one keyword to `instance`; keywords that do not apply to the instance's type pass.
    ///
    /// This sits on the recursive path, so it only dispatches: message building lives in functions that return
    /// before any recursion, keeping the per-level stack frame small.
    mutating func check(_ keyword: CompiledKeyword, _ instance: JSONValue) -> Bool {
        switch keyword.rule {
        case .items: return checkItems(keyword, instance)
        case .tupleItems: return checkTupleItems(keyword, instance)
        case .additionalItems: return checkAdditionalItems(keyword, instance)
        case .properties: return checkProperties(keyword, instance)
        case .patternProperties: return checkPatternProperties(keyword, instance)
        case .additionalProperties: return checkAdditionalProperties(keyword, instance)
        case .dependencies: return checkDependencies(keyword, instance)
        case .allOf: return checkAllOf(keyword, instance)
        case .anyOf: return checkAnyOf(keyword, instance)
        case .oneOf: return checkOneOf(keyword, instance)
        case .not: return checkNot(keyword, instance)
        default: return checkAssertion(keyword, instance)
        }
    }

    /// The keywords that never apply subschemas.
    @inline(never)
    private mutating func checkAssertion(_ keyword: CompiledKeyword, _ instance: JSONValue) -> Bool {
        switch keyword.rule {
        case .type(let types, let names):
            if types.contains(typeOf: instance) { return true }
            return fail(
                keyword,
                "\(PythonRepr.repr(instance)) is not of type \(names.map { PythonRepr.string($0) }.joined(separator: ", "))"
            )
        case .enumeration(let values):
            if values.contains(instance) { return true }
            return fail(keyword, "\(PythonRepr.repr(instance)) is not one of \(PythonRepr.repr(.array(values)))")
        case .minimum(let limit, let exclusive):
            guard instance.doubleValue != nil else { return true }
            let order = NumberMath.compare(instance, limit)
            if order > 0 || (order == 0 && !exclusive) { return true }
            let comparison = exclusive ? "less than or equal to" : "less than"
            return fail(
                keyword,
                "\(PythonRepr.repr(instance)) is \(comparison) the minimum of \(PythonRepr.repr(limit))"
            )
        case .maximum(let limit, let exclusive):
            guard instance.doubleValue != nil else { return true }
            let order = NumberMath.compare(instance, limit)
            if order < 0 || (order == 0 && !exclusive) { return true }
            let comparison = exclusive ? "greater than or equal to" : "greater than"
            return fail(
                keyword,
                "\(PythonRepr.repr(instance)) is \(comparison) the maximum of \(PythonRepr.repr(limit))"
            )
        case .multipleOf(let divisor):
            guard instance.doubleValue != nil, !NumberMath.isMultiple(instance, of: divisor) else { return true }
            return fail(keyword, "\(PythonRepr.repr(instance)) is not a multiple of \(PythonRepr.repr(divisor))")
        case .minLength(let limit):
            guard case .string(let string) = instance, string.unicodeScalars.count < limit else { return true }
            return fail(keyword, "\(PythonRepr.repr(instance)) is too short")
        case .maxLength(let limit):
            guard case .string(let string) = instance, string.utf8.count > limit, string.unicodeScalars.count > limit
            else { return true }
            return fail(keyword, "\(PythonRepr.repr(instance)) is too long")
        case .pattern(let regex):
            guard case .string(let string) = instance, !regex.matches(string) else { return true }
            return fail(keyword, "\(PythonRepr.repr(instance)) does not match \(PythonRepr.string(regex.source))")
        case .format(let format):
            guard case .string(let string) = instance, !format.accepts(string) else { return true }
            return fail(keyword, "\(PythonRepr.repr(instance)) is not a \(PythonRepr.string(format.rawValue))")
        case .minItems(let limit):
            guard case .array(let elements) = instance, elements.count < limit else { return true }
            return fail(keyword, "\(PythonRepr.repr(instance)) is too short")
        case .maxItems(let limit):
            guard case .array(let elements) = instance, elements.count > limit else { return true }
            return fail(keyword, "\(PythonRepr.repr(instance)) is too long")
        case .uniqueItems:
            guard case .array(let elements) = instance, Set(elements).count < elements.count else { return true }
            return fail(keyword, "\(PythonRepr.repr(instance)) has non-unique elements")
        case .minProperties(let limit):
            guard case .object(let object) = instance, object.count < limit else { return true }
            return fail(keyword, "\(PythonRepr.repr(instance)) does not have enough properties")
        case .maxProperties(let limit):
            guard case .object(let object) = instance, object.count > limit else { return true }
            return fail(keyword, "\(PythonRepr.repr(instance)) has too many properties")
        case .required(let names):
            guard case .object(let object) = instance else { return true }
            var valid = true
            for name in names where !object.contains(name) {
                valid = fail(keyword, "\(PythonRepr.string(name)) is a required property")
                if !collecting { return false }
            }
            return valid
        default:
            return true
        }
    }

    @inline(never)
    static func additionalItemsMessage(_ extras: ArraySlice<JSONValue>) -> String {
        let reprs = extras.prefix(PythonRepr.defaultLimit).map { PythonRepr.repr($0) }
        let verb = extras.count == 1 ? "was" : "were"
        return "Additional items are not allowed (\(PythonRepr.list(reprs)) \(verb) unexpected)"
    }
}
