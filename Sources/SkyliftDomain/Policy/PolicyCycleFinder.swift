/// Finds a loop of `rule:` references, which would make evaluation recurse forever.
struct PolicyCycleFinder {
    private enum Mark {
        case visiting
        case done
    }

    /// The rules each rule refers to, by name.
    private let references: [String: [String]]
    private var marks: [String: Mark] = [:]
    private var path: [String] = []

    /// Creates a finder over the reference graph.
    init(references: [String: [String]]) {
        self.references = references
    }

    /// The first cycle met when walking from `roots` in order, as names with the first repeated at the end.
    mutating func firstCycle(from roots: [String]) -> [String]? {
        for root in roots where marks[root] == nil {
            if let cycle = visit(root) { return cycle }
        }
        return nil
    }

    private mutating func visit(_ name: String) -> [String]? {
        marks[name] = .visiting
        path.append(name)
        for reference in references[name] ?? [] {
            switch marks[reference] {
            case .visiting:
                let start = path.lastIndex(of: reference) ?? path.startIndex
                return Array(path[start...]) + [reference]
            case .done:
                continue
            case nil:
                if let cycle = visit(reference) { return cycle }
            }
        }
        path.removeLast()
        marks[name] = .done
        return nil
    }
}
