/// One step of an instance location.
enum PathToken {
    case key(String)
    case index(Int)
}

/// Applies a ``SchemaGraph`` to one instance, either collecting every error or stopping at the first failure.
struct Evaluator {
    let graph: SchemaGraph
    /// When `false`, no messages are built and evaluation stops at the first failure.
    var collecting: Bool
    let maxDepth: Int
    private var depth = 0
    private var path: [PathToken] = []
    private(set) var errors: [ValidationError] = []

    init(graph: SchemaGraph, collecting: Bool, maxDepth: Int) {
        self.graph = graph
        self.collecting = collecting
        self.maxDepth = maxDepth
    }

    /// Applies node `index` to `instance` at the current path.
    mutating func evaluate(_ index: Int, _ instance: JSONValue) -> Bool {
        guard depth < maxDepth else { return failDepth(index) }
        depth += 1
        defer { depth -= 1 }
        let node = graph.nodes[index]
        if let reference = node.reference { return evaluate(reference, instance) }
        var valid = true
        for keyword in node.keywords where !check(keyword, instance) {
            valid = false
            if !collecting { return false }
        }
        return valid
    }

    @inline(never)
    private mutating func failDepth(_ index: Int) -> Bool {
        if collecting {
            errors.append(
                ValidationError(
                    instanceLocation: instanceLocation,
                    keyword: "depth",
                    schemaLocation: graph.nodes[index].location,
                    message: "validation exceeds the maximum evaluation depth of \(maxDepth)"
                )
            )
        }
        return false
    }

    /// Applies node `index` to a member or element of the current instance.
    mutating func descend(_ index: Int, _ instance: JSONValue, _ token: PathToken) -> Bool {
        path.append(token)
        defer { path.removeLast() }
        return evaluate(index, instance)
    }

    /// Whether `instance` satisfies node `index`, without recording errors.
    mutating func probe(_ index: Int, _ instance: JSONValue) -> Bool {
        let wasCollecting = collecting
        collecting = false
        defer { collecting = wasCollecting }
        return evaluate(index, instance)
    }

    /// Records a failure of `keyword` (building the message only when collecting) and returns `false`.
    mutating func fail(_ keyword: CompiledKeyword, _ message: @autoclosure () -> String) -> Bool {
        if collecting {
            errors.append(
                ValidationError(
                    instanceLocation: instanceLocation,
                    keyword: keyword.name,
                    schemaLocation: keyword.location,
                    message: message()
                )
            )
        }
        return false
    }

    /// The current instance location as a JSON pointer.
    var instanceLocation: String {
        var result = ""
        for token in path {
            result += "/"
            switch token {
            case .key(let key): result += JSONPointer.escape(key)
            case .index(let index): result += String(index)
            }
        }
        return result
    }
}
