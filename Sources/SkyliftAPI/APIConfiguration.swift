import SkyliftDomain

/// The knobs the API layer reads, already validated by the server's configuration.
public struct APIConfiguration: Sendable {
    /// Page size when the request gives no `limit`.
    public var listDefaultLimit: Int
    /// Largest page; bigger limits are clamped silently.
    public var listMaxLimit: Int
    /// Largest request body accepted (413 beyond).
    public var maxBodyBytes: Int
    /// Longest string accepted outside `input` (400 beyond).
    public var maxStringLength: Int
    /// Deepest JSON nesting accepted, counting the top-level object as 1 (400 beyond).
    public var maxDepth: Int
    /// Task types this server has executors for; only these can be created.
    public var supportedTypes: [TaskType]
    /// The most pending and processing tasks one project may have (`quota.maxActiveTasksPerProject`, §10.5).
    public var maxActiveTasksPerProject: Int
    /// How long a finished task stays visible, in seconds (`task.timeToLive`), for tasks the API ends (cancel).
    public var taskTimeToLive: Double

    public init(
        listDefaultLimit: Int = 25,
        listMaxLimit: Int = 1000,
        maxBodyBytes: Int = 65536,
        maxStringLength: Int = 4096,
        maxDepth: Int = 64,
        supportedTypes: [TaskType] = [.import, .convert],
        maxActiveTasksPerProject: Int = 100,
        taskTimeToLive: Double = 48 * 3600
    ) {
        self.listDefaultLimit = listDefaultLimit
        self.listMaxLimit = listMaxLimit
        self.maxBodyBytes = maxBodyBytes
        self.maxStringLength = maxStringLength
        self.maxDepth = maxDepth
        self.supportedTypes = supportedTypes
        self.maxActiveTasksPerProject = maxActiveTasksPerProject
        self.taskTimeToLive = taskTimeToLive
    }
}
