import SkyliftDomain

/// How a worker runs (contract §7.3, §13 `worker.*`).
public struct WorkerOptions: Sendable {
    /// This worker's name in leases and logs.
    public var name: String
    /// Tasks run at once (`worker.concurrency`).
    public var concurrency: Int
    /// Lease length, attempts and time to live.
    public var terms: ClaimTerms
    /// How often an idle worker looks for tasks it was not woken for (created by another process).
    public var pollInterval: Duration
    /// Progress is saved at most this often per task (contract §10.1: once a second).
    public var saveInterval: Duration
    /// On graceful shutdown, how long running tasks may go on before they are given back (`worker.drainSeconds`,
    /// §11.3).
    public var drainTime: Duration

    public init(
        name: String,
        concurrency: Int,
        terms: ClaimTerms,
        pollInterval: Duration = .seconds(1),
        saveInterval: Duration = .seconds(1),
        drainTime: Duration = .seconds(10)
    ) {
        self.name = name
        self.concurrency = concurrency
        self.terms = terms
        self.pollInterval = pollInterval
        self.saveInterval = saveInterval
        self.drainTime = drainTime
    }
}
