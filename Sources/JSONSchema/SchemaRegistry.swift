/// A schema position: a document and a JSON pointer (as tokens) inside it.
struct SchemaPosition: Hashable, Sendable {
    let document: Int
    let pointer: [String]
}

/// The documents known while compiling, the identifiers (`id`) declared in them, and `$ref` resolution.
struct SchemaRegistry {
    struct Document {
        /// The retrieval URI without fragment (`""` for an anonymous root schema).
        let uri: String
        let root: JSONValue
        /// Resolution scope (base URI) of every schema object found by the keyword-aware scan, by pointer.
        var scopes: [[String]: String] = [:]
    }

    private(set) var documents: [Document] = []
    /// Absolute URIs (without fragment) of documents and of subschemas with an `id`.
    private var resources: [String: SchemaPosition] = [:]
    /// `uri#name` for location-independent identifiers (`"id": "#name"`).
    private var anchors: [String: SchemaPosition] = [:]
    private let resolver: (any SchemaResolver)?

    init(resolver: (any SchemaResolver)?) { self.resolver = resolver }

    /// Registers a document and every identifier in it; returns its index.
    @discardableResult
    mutating func addDocument(_ root: JSONValue, uri: String) -> Int {
        let index = documents.count
        documents.append(Document(uri: uri, root: root))
        if resources[uri] == nil { resources[uri] = SchemaPosition(document: index, pointer: []) }
        scan(document: index)
        return index
    }

    /// Walks the schema keywords of a document (never into `enum` or unknown keywords) recording scopes and ids.
    private mutating func scan(document index: Int) {
        var work: [(value: JSONValue, pointer: [String], base: String)] = [
            (documents[index].root, [], documents[index].uri)
        ]
        while let (value, pointer, base) = work.popLast() {
            guard case .object(let object) = value else { continue }
            var scope = base
            if object["$ref"]?.stringValue == nil, let id = object["id"]?.stringValue {
                let resolved = URIReference(id).resolved(against: URIReference(base))
                let position = SchemaPosition(document: index, pointer: pointer)
                scope = resolved.withoutFragment.string
                if let fragment = resolved.fragment, !fragment.isEmpty {
                    let key = scope + "#" + URIReference.percentDecoded(fragment)
                    if anchors[key] == nil { anchors[key] = position }
                    if !id.hasPrefix("#"), resources[scope] == nil { resources[scope] = position }
                    if id.hasPrefix("#") { scope = base }
                } else if resources[scope] == nil {
                    resources[scope] = position
                }
            }
            documents[index].scopes[pointer] = scope
            for (tokens, child) in SchemaRegistry.subschemas(of: object) {
                work.append((child, pointer + tokens, scope))
            }
        }
    }

    /// The positions of the direct subschemas of a draft-4 schema object, relative to it.
    static func subschemas(of object: JSONObject) -> [(tokens: [String], value: JSONValue)] {
        var result: [(tokens: [String], value: JSONValue)] = []
        for (key, value) in object.entries {
            switch (key, value) {
            case ("items", .object), ("additionalItems", .object), ("additionalProperties", .object), ("not", .object):
                result.append(([key], value))
            case ("items", .array(let elements)), ("allOf", .array(let elements)), ("anyOf", .array(let elements)),
                ("oneOf", .array(let elements)):
                for (offset, element) in elements.enumerated() { result.append(([key, String(offset)], element)) }
            case ("definitions", .object(let members)), ("properties", .object(let members)),
                ("patternProperties", .object(let members)), ("dependencies", .object(let members)):
                for (name, member) in members.entries where member.objectValue != nil {
                    result.append(([key, name], member))
                }
            default:
                break
            }
        }
        return result
    }

    /// The value at `position`, if it exists.
    func value(at position: SchemaPosition) -> JSONValue? {
        JSONPointer.resolve(position.pointer, in: documents[position.document].root)
    }

    /// The resolution scope in force at `position` (that of the nearest scanned ancestor).
    func scope(at position: SchemaPosition) -> String {
        let document = documents[position.document]
        var pointer = position.pointer
        while true {
            if let scope = document.scopes[pointer] { return scope }
            if pointer.isEmpty { return document.uri }
            pointer.removeLast()
        }
    }

    /// The rendering of `position` used in error locations: a plain pointer in the root document, otherwise
    /// `uri#pointer`.
    func describe(_ position: SchemaPosition) -> String {
        let pointer = JSONPointer.render(position.pointer)
        return position.document == 0 ? pointer : documents[position.document].uri + "#" + pointer
    }

    /// Resolves a `$ref` found where the resolution scope is `scope`, loading remote documents on demand.
    mutating func resolveReference(_ reference: String, scope: String) throws(SchemaError) -> SchemaPosition {
        let target = URIReference(reference).resolved(against: URIReference(scope))
        let documentURI = target.withoutFragment.string
        let fragment = URIReference.percentDecoded(target.fragment ?? "")
        let failure = { (why: String) in
            SchemaError(message: "cannot resolve $ref '\(reference)': \(why)", schemaLocation: "")
        }
        if !fragment.isEmpty, !fragment.hasPrefix("/") {
            guard let anchor = anchors[documentURI + "#" + fragment] else {
                throw failure("no schema has id '#\(fragment)'")
            }
            return anchor
        }
        guard let tokens = JSONPointer.tokens(of: fragment) else { throw failure("invalid JSON pointer") }
        let base = try resource(documentURI, failure: failure)
        let position = SchemaPosition(document: base.document, pointer: base.pointer + tokens)
        guard value(at: position) != nil else { throw failure("no such location") }
        return position
    }

    private mutating func resource(
        _ uri: String,
        failure: (String) -> SchemaError
    ) throws(SchemaError)
        -> SchemaPosition
    {
        if let known = resources[uri] { return known }
        var document: JSONValue?
        if uri == Metaschema.draft4URI {
            document = Metaschema.draft4
        } else if let resolver {
            do {
                document = try resolver.resolve(uri)
            } catch {
                throw failure(
                    "the resolver failed: \(ValidationError.printable(String(describing: error), limit: 200))"
                )
            }
        }
        guard let document else { throw failure("unknown document '\(uri)'") }
        let index = addDocument(document, uri: uri)
        return resources[uri] ?? SchemaPosition(document: index, pointer: [])
    }
}
