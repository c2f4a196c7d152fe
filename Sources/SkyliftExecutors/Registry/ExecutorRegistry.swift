import SkyliftDomain

/// Task type name → executor, registered explicitly by the composition root; a type registered twice is refused.
public struct ExecutorRegistry: Sendable {
    /// A type was registered twice.
    public struct DuplicateType: Error, CustomStringConvertible {
        public var type: TaskType
        public var description: String { "an executor for task type '\(type)' is already registered" }
    }

    private var executors: [TaskType: any TaskExecutor] = [:]

    public init() {}

    /// Adds `executor` under its type.
    /// - Throws: `DuplicateType` when the type already has an executor.
    public mutating func register(_ executor: some TaskExecutor) throws(DuplicateType) {
        let type = type(of: executor).type
        guard executors[type] == nil else { throw DuplicateType(type: type) }
        executors[type] = executor
    }

    /// The executor for `type`, if one is registered.
    public func executor(for type: TaskType) -> (any TaskExecutor)? {
        executors[type]
    }

    /// The registered types, sorted: the only ones the API lets tenants create.
    public var types: [TaskType] { executors.keys.sorted() }
}
