import Logging
import ServiceLifecycle
import SkyliftDomain
import SkyliftMetrics

/// Deletes expired tasks (contract §9): every `interval`, batches of `batchSize`, each batch its own short
/// transaction, until a batch comes back short. Part of every worker; `skylift purge` runs one pass.
public struct ExpiryReaper: Service {
    let store: any TaskStore
    let clock: any WallClock
    let interval: Duration
    let batchSize: Int
    let logger: Logger
    let metrics: ServiceMetrics

    public init(
        store: any TaskStore,
        clock: any WallClock,
        interval: Duration,
        batchSize: Int,
        logger: Logger,
        metrics: ServiceMetrics = .disabled
    ) {
        self.metrics = metrics
        self.store = store
        self.clock = clock
        self.interval = interval
        self.batchSize = batchSize
        self.logger = logger
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    do {
                        let purged = try await purge()
                        if purged > 0 { logger.info("purged expired tasks", metadata: ["count": "\(purged)"]) }
                    } catch is CancellationError {
                        return
                    } catch {
                        logger.error("could not purge expired tasks", metadata: ["error": "\(error)"])
                    }
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {
            return
        }
    }

    /// One pass: deletes every task expired by now, batch after batch; returns how many.
    public func purge() async throws -> Int {
        var total = 0
        while true {
            try Task.checkCancellation()
            let count = try await store.purgeExpired(now: clock.now(), limit: batchSize)
            metrics.tasksPurged(count)
            total += count
            if count < batchSize { return total }
        }
    }
}
