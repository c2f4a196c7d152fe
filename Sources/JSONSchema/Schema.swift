/// A compiled JSON Schema (draft 4). Compile once, then validate any number of instances, from any thread.
///
/// ```swift
/// let schema = try Schema(["type": "object", "required": ["name"]])
/// for error in schema.validate(instance) { print(error) }   // "'name' is a required property (at /, keyword required)"
/// ```
public struct Schema: Sendable {
    /// Compilation and validation settings.
    public struct Options: Sendable, Equatable {
        /// Whether `format` is asserted (date-time, email, hostname, ipv4, ipv6, uri, regex); default `true`.
        public var validateFormats: Bool
        /// Maximum nesting of subschema applications during one validation (each `$ref`, `properties`, `items`,
        /// `allOf`… step counts one). Deeper evaluation fails with keyword `depth` instead of exhausting the stack.
        public var maxEvaluationDepth: Int

        /// Creates options; the defaults are format assertion on and an evaluation depth of 256.
        public init(validateFormats: Bool = true, maxEvaluationDepth: Int = 256) {
            self.validateFormats = validateFormats
            self.maxEvaluationDepth = maxEvaluationDepth
        }
    }

    private let graph: SchemaGraph
    /// The options the schema was compiled with.
    public let options: Options

    /// Compiles `schema`, resolving `$ref`s against `baseURI` (or the schema's own `id`); documents outside it are
    /// requested from `resolver`. Throws ``SchemaError`` for malformed keywords, invalid patterns or unresolvable
    /// references.
    public init(
        _ schema: JSONValue,
        baseURI: String? = nil,
        resolver: (any SchemaResolver)? = nil,
        options: Options = .init()
    ) throws(SchemaError) {
        var compiler = SchemaCompiler(resolver: resolver, validateFormats: options.validateFormats)
        graph = try compiler.compile(schema, baseURI: baseURI)
        self.options = options
    }

    /// Every way `instance` violates the schema, in schema keyword order and instance document order; empty if valid.
    public func validate(_ instance: JSONValue) -> [ValidationError] {
        var evaluator = Evaluator(graph: graph, collecting: true, maxDepth: options.maxEvaluationDepth)
        _ = evaluator.evaluate(graph.root, instance)
        return evaluator.errors
    }

    /// Whether `instance` conforms; faster than `validate(_:).isEmpty` because it stops at the first failure.
    public func isValid(_ instance: JSONValue) -> Bool {
        var evaluator = Evaluator(graph: graph, collecting: false, maxDepth: options.maxEvaluationDepth)
        return evaluator.evaluate(graph.root, instance)
    }
}
