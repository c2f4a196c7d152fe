/// Turns schema documents into a ``SchemaGraph``: each schema position is compiled once (a worklist, no
/// recursion), `$ref`s are resolved up front, and regexes are compiled once per pattern.
struct SchemaCompiler {
    var registry: SchemaRegistry
    let validateFormats: Bool
    private var nodes: [SchemaNode?] = []
    private var nodeIndex: [SchemaPosition: Int] = [:]
    private var pending: [(node: Int, position: SchemaPosition)] = []
    private var regexes: [String: ECMARegex] = [:]

    init(resolver: (any SchemaResolver)?, validateFormats: Bool) {
        registry = SchemaRegistry(resolver: resolver)
        self.validateFormats = validateFormats
    }

    /// Compiles `schema` (retrieved from `baseURI`) and everything reachable from it.
    mutating func compile(_ schema: JSONValue, baseURI: String?) throws(SchemaError) -> SchemaGraph {
        let baseURI = URIReference(baseURI ?? "").withoutFragment.string
        let document = registry.addDocument(schema, uri: baseURI)
        let root = node(for: SchemaPosition(document: document, pointer: []))
        while let (index, position) = pending.popLast() {
            nodes[index] = try build(position)
        }
        let compiled = nodes.map { $0 ?? SchemaNode(location: "") }
        try Self.checkReferenceCycles(compiled)
        return SchemaGraph(nodes: compiled, root: root)
    }

    /// The node index for `position`, scheduling its compilation the first time it is seen.
    mutating func node(for position: SchemaPosition) -> Int {
        if let existing = nodeIndex[position] { return existing }
        let index = nodes.count
        nodes.append(nil)
        nodeIndex[position] = index
        pending.append((index, position))
        return index
    }

    /// The compiled regex for `pattern`, shared by every keyword that uses it.
    mutating func regex(_ pattern: String, at location: String) throws(SchemaError) -> ECMARegex {
        if let cached = regexes[pattern] { return cached }
        do {
            let compiled = try ECMARegex(pattern)
            regexes[pattern] = compiled
            return compiled
        } catch {
            throw SchemaError(
                message: "invalid regular expression \(PythonRepr.string(pattern)): \(error.message)",
                schemaLocation: location
            )
        }
    }

    private mutating func build(_ position: SchemaPosition) throws(SchemaError) -> SchemaNode {
        let location = registry.describe(position)
        guard case .object(let object) = registry.value(at: position) else {
            throw SchemaError(message: "a schema must be a JSON object", schemaLocation: location)
        }
        var node = SchemaNode(location: location)
        if let reference = object["$ref"] {
            guard case .string(let text) = reference else {
                throw SchemaError(message: "$ref must be a string", schemaLocation: location + "/$ref")
            }
            do {
                let target = try registry.resolveReference(text, scope: registry.scope(at: position))
                node.reference = self.node(for: target)
            } catch {
                throw SchemaError(message: error.message, schemaLocation: location + "/$ref")
            }
            return node
        }
        let context = KeywordContext(object: object, position: position, location: location)
        for (name, value) in object.entries {
            if let rule = try compileKeyword(name, value, context) {
                node.keywords.append(
                    CompiledKeyword(name: name, location: location + "/" + JSONPointer.escape(name), rule: rule)
                )
            }
        }
        return node
    }

    /// Rejects `$ref` chains that lead back to themselves without applying any keyword (they could never finish).
    private static func checkReferenceCycles(_ nodes: [SchemaNode]) throws(SchemaError) {
        for start in nodes.indices where nodes[start].reference != nil {
            var seen: Set<Int> = [start]
            var current = start
            while let next = nodes[current].reference {
                guard seen.insert(next).inserted else {
                    throw SchemaError(
                        message: "$ref cycle that never applies a keyword",
                        schemaLocation: nodes[start].location
                    )
                }
                current = next
            }
        }
    }
}

/// The schema object whose keywords are being compiled.
struct KeywordContext {
    let object: JSONObject
    let position: SchemaPosition
    let location: String

    /// The position of a subschema below this one.
    func child(_ tokens: String...) -> SchemaPosition {
        SchemaPosition(document: position.document, pointer: position.pointer + tokens)
    }

    /// An error about keyword `name`.
    func error(_ name: String, _ message: String) -> SchemaError {
        SchemaError(message: "\(name) \(message)", schemaLocation: location + "/" + JSONPointer.escape(name))
    }
}
