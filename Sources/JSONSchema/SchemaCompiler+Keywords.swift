extension SchemaCompiler {
    /// Compiles one keyword of a schema object; `nil` for annotations, unknown keywords and no-op values.
    mutating func compileKeyword(
        _ name: String,
        _ value: JSONValue,
        _ context: KeywordContext
    )
        throws(SchemaError) -> KeywordRule?
    {
        switch name {
        case "type": return try compileType(value, context)
        case "enum":
            guard case .array(let values) = value, !values.isEmpty else {
                throw context.error(name, "must be a non-empty array")
            }
            return .enumeration(values)
        case "minimum", "maximum":
            guard value.doubleValue != nil else { throw context.error(name, "must be a number") }
            let exclusiveName = name == "minimum" ? "exclusiveMinimum" : "exclusiveMaximum"
            let exclusive = context.object[exclusiveName]?.boolValue ?? false
            return name == "minimum" ? .minimum(value, exclusive: exclusive) : .maximum(value, exclusive: exclusive)
        case "exclusiveMinimum", "exclusiveMaximum", "uniqueItems":
            guard let flag = value.boolValue else { throw context.error(name, "must be a boolean") }
            return name == "uniqueItems" && flag ? .uniqueItems : nil
        case "multipleOf":
            guard let number = value.doubleValue, number > 0 else {
                throw context.error(name, "must be a number greater than 0")
            }
            return .multipleOf(value)
        case "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties":
            return try compileCount(name, value, context)
        case "pattern":
            guard case .string(let pattern) = value else { throw context.error(name, "must be a string") }
            return .pattern(try regex(pattern, at: context.location + "/pattern"))
        case "format":
            guard case .string(let format) = value else { throw context.error(name, "must be a string") }
            guard validateFormats, let known = Format(rawValue: format) else { return nil }
            return .format(known)
        case "required":
            guard case .array(let names) = value, names.allSatisfy({ $0.stringValue != nil }) else {
                throw context.error(name, "must be an array of strings")
            }
            return .required(names.compactMap(\.stringValue))
        case "items": return try compileItems(value, context)
        case "additionalItems": return try compileAdditionalItems(value, context)
        case "properties", "patternProperties", "definitions":
            return try compileSchemaMap(name, value, context)
        case "additionalProperties": return try compileAdditionalProperties(value, context)
        case "dependencies": return try compileDependencies(value, context)
        case "allOf", "anyOf", "oneOf":
            guard case .array(let schemas) = value, !schemas.isEmpty else {
                throw context.error(name, "must be a non-empty array of schemas")
            }
            let nodes = schemas.indices.map { node(for: context.child(name, String($0))) }
            switch name {
            case "allOf": return .allOf(nodes)
            case "anyOf": return .anyOf(nodes)
            default: return .oneOf(nodes, schemas: schemas)
            }
        case "not":
            guard value.objectValue != nil else { throw context.error(name, "must be a schema") }
            return .not(node(for: context.child(name)), schema: value)
        default:
            return nil
        }
    }

    private func compileType(_ value: JSONValue, _ context: KeywordContext) throws(SchemaError) -> KeywordRule {
        let names: [String]
        switch value {
        case .string(let single): names = [single]
        case .array(let many) where !many.isEmpty && many.allSatisfy({ $0.stringValue != nil }):
            names = many.compactMap(\.stringValue)
        default: throw context.error("type", "must be a type name or a non-empty array of type names")
        }
        var set: JSONTypeSet = []
        for name in names {
            guard let type = JSONTypeSet(name: name) else {
                throw context.error("type", "names an unknown type \(PythonRepr.string(name))")
            }
            set.insert(type)
        }
        return .type(set, names: names)
    }

    private func compileCount(
        _ name: String,
        _ value: JSONValue,
        _ context: KeywordContext
    ) throws(SchemaError)
        -> KeywordRule
    {
        guard let count = value.int64Value, count >= 0 else {
            throw context.error(name, "must be a non-negative integer")
        }
        let limit = Int(clamping: count)
        switch name {
        case "minLength": return .minLength(limit)
        case "maxLength": return .maxLength(limit)
        case "minItems": return .minItems(limit)
        case "maxItems": return .maxItems(limit)
        case "minProperties": return .minProperties(limit)
        default: return .maxProperties(limit)
        }
    }

    private mutating func compileItems(
        _ value: JSONValue,
        _ context: KeywordContext
    ) throws(SchemaError)
        -> KeywordRule
    {
        switch value {
        case .object: return .items(node(for: context.child("items")))
        case .array(let schemas):
            guard schemas.allSatisfy({ $0.objectValue != nil }) else {
                throw context.error("items", "must be a schema or an array of schemas")
            }
            return .tupleItems(schemas.indices.map { node(for: context.child("items", String($0))) })
        default: throw context.error("items", "must be a schema or an array of schemas")
        }
    }

    private mutating func compileAdditionalItems(
        _ value: JSONValue,
        _ context: KeywordContext
    )
        throws(SchemaError) -> KeywordRule?
    {
        guard let rule = try additionalRule("additionalItems", value, context) else { return nil }
        // Only meaningful next to an array-form "items".
        guard case .array(let tuple) = context.object["items"] else { return nil }
        return .additionalItems(rule, tupleCount: tuple.count)
    }

    /// `additionalItems` / `additionalProperties`: `true` needs no rule, `false` forbids, an object is a schema.
    private mutating func additionalRule(
        _ keyword: String,
        _ value: JSONValue,
        _ context: KeywordContext
    ) throws(SchemaError) -> AdditionalRule? {
        switch value {
        case .bool(true): return nil
        case .bool(false): return .forbidden
        case .object: return .schema(node(for: context.child(keyword)))
        default: throw context.error(keyword, "must be a boolean or a schema")
        }
    }

    private mutating func compileSchemaMap(
        _ name: String,
        _ value: JSONValue,
        _ context: KeywordContext
    )
        throws(SchemaError) -> KeywordRule?
    {
        guard case .object(let members) = value, members.values.allSatisfy({ $0.objectValue != nil }) else {
            throw context.error(name, "must be an object whose values are schemas")
        }
        switch name {
        case "properties":
            return .properties(members.keys.map { ($0, node(for: context.child(name, $0))) })
        case "patternProperties":
            var rules: [(regex: ECMARegex, node: Int)] = []
            for key in members.keys {
                let location = context.location + "/patternProperties/" + JSONPointer.escape(key)
                rules.append((try regex(key, at: location), node(for: context.child(name, key))))
            }
            return .patternProperties(rules)
        default:
            for key in members.keys { _ = node(for: context.child(name, key)) }
            return nil
        }
    }

    private mutating func compileAdditionalProperties(
        _ value: JSONValue,
        _ context: KeywordContext
    )
        throws(SchemaError) -> KeywordRule?
    {
        guard let rule = try additionalRule("additionalProperties", value, context) else { return nil }
        let declared = Set((context.object["properties"]?.objectValue?.keys ?? []).map(ScalarKey.init))
        var patterns: [ECMARegex] = []
        for key in context.object["patternProperties"]?.objectValue?.keys ?? [] {
            patterns.append(try regex(key, at: context.location + "/patternProperties/" + JSONPointer.escape(key)))
        }
        return .additionalProperties(rule, declared: declared, patterns: patterns)
    }

    private mutating func compileDependencies(
        _ value: JSONValue,
        _ context: KeywordContext
    )
        throws(SchemaError) -> KeywordRule
    {
        guard case .object(let members) = value else {
            throw context.error("dependencies", "must be an object")
        }
        var rules: [(name: String, rule: DependencyRule)] = []
        for (key, member) in members.entries {
            switch member {
            case .object: rules.append((key, .schema(node(for: context.child("dependencies", key)))))
            case .array(let names) where names.allSatisfy({ $0.stringValue != nil }):
                rules.append((key, .properties(names.compactMap(\.stringValue))))
            default:
                throw context.error("dependencies", "values must be schemas or arrays of strings")
            }
        }
        return .dependencies(rules)
    }
}
