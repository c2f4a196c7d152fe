/// One compiled schema object. Nodes refer to each other by index into ``SchemaGraph/nodes``.
struct SchemaNode: Sendable {
    /// Where the schema lives, as used in ``ValidationError/schemaLocation`` (`/properties/a`).
    var location: String
    /// The target of a `$ref` (draft 4: all sibling keywords are then ignored).
    var reference: Int?
    /// The assertions, in schema key order.
    var keywords: [CompiledKeyword] = []
}

/// A keyword with the name and location reported when it fails.
struct CompiledKeyword: Sendable {
    let name: String
    let location: String
    let rule: KeywordRule
}

/// The JSON types of draft 4 as a bit set.
struct JSONTypeSet: OptionSet, Sendable {
    let rawValue: UInt8
    static let null = JSONTypeSet(rawValue: 1)
    static let boolean = JSONTypeSet(rawValue: 2)
    static let integer = JSONTypeSet(rawValue: 4)
    static let number = JSONTypeSet(rawValue: 8)
    static let string = JSONTypeSet(rawValue: 16)
    static let array = JSONTypeSet(rawValue: 32)
    static let object = JSONTypeSet(rawValue: 64)

    /// The set named by a draft-4 type name.
    init?(name: String) {
        switch name {
        case "null": self = .null
        case "boolean": self = .boolean
        case "integer": self = .integer
        case "number": self = .number
        case "string": self = .string
        case "array": self = .array
        case "object": self = .object
        default: return nil
        }
    }

    init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Whether `value` has one of these types. `number` includes integers; `integer` covers `.integer` and
    /// integral doubles beyond the `Int64` range (bignum literals) but not `1.0` (draft 4 and Python agree).
    func contains(typeOf value: JSONValue) -> Bool {
        switch value {
        case .null: contains(.null)
        case .bool: contains(.boolean)
        case .integer: contains(.integer) || contains(.number)
        case .number(let number):
            contains(.number) || (contains(.integer) && abs(number) >= 0x1p63 && JSONValue.isIntegral(number))
        case .string: contains(.string)
        case .array: contains(.array)
        case .object: contains(.object)
        }
    }
}

/// What `additionalProperties` / `additionalItems` require of extra members.
enum AdditionalRule: Sendable {
    case forbidden
    case schema(Int)
}

/// What a `dependencies` entry requires.
enum DependencyRule: Sendable {
    case properties([String])
    case schema(Int)
}

/// The compiled form of each supported draft-4 keyword.
enum KeywordRule: Sendable {
    case type(JSONTypeSet, names: [String])
    case enumeration([JSONValue])
    case minimum(JSONValue, exclusive: Bool)
    case maximum(JSONValue, exclusive: Bool)
    case multipleOf(JSONValue)
    case minLength(Int)
    case maxLength(Int)
    case pattern(ECMARegex)
    case format(Format)
    case minItems(Int)
    case maxItems(Int)
    case uniqueItems
    case items(Int)
    case tupleItems([Int])
    case additionalItems(AdditionalRule, tupleCount: Int)
    case minProperties(Int)
    case maxProperties(Int)
    case required([String])
    case properties([(name: String, node: Int)])
    case patternProperties([(regex: ECMARegex, node: Int)])
    case additionalProperties(AdditionalRule, declared: Set<ScalarKey>, patterns: [ECMARegex])
    case dependencies([(name: String, rule: DependencyRule)])
    case allOf([Int])
    case anyOf([Int])
    case oneOf([Int], schemas: [JSONValue])
    case not(Int, schema: JSONValue)
}

/// The immutable result of compiling a schema and everything it references.
final class SchemaGraph: Sendable {
    let nodes: [SchemaNode]
    let root: Int

    init(nodes: [SchemaNode], root: Int) {
        self.nodes = nodes
        self.root = root
    }
}
