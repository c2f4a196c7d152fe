import Logging
import ServiceLifecycle
import SkyliftDomain
import SkyliftMetrics
import Synchronization

/// The worker (contract §7.3): claims tasks fairly across owners, runs up to `concurrency` of them at once off the
/// request path, and saves how each ended. Woken in-process by the API within milliseconds of a create; polls
/// every `pollInterval` for tasks other processes created. On graceful shutdown (§11.3) it stops claiming, lets
/// running tasks go on for up to `drainTime`, then gives the rest back (their leases released) so another worker
/// runs them at once.
public final class TaskWorker: Service {
    let store: any TaskClaims & TaskStore
    let registry: ExecutorRegistry
    let files: ImageFileStore
    let clock: any WallClock
    let settings: WorkerOptions
    let logger: Logger
    let metrics: ServiceMetrics
    private let signal = WakeSignal()
    private let running = Atomic<Int>(0)
    private let cancels = Mutex<[TaskID: CancelSignal]>([:])

    public init(
        store: any TaskClaims & TaskStore,
        registry: ExecutorRegistry,
        files: ImageFileStore,
        clock: any WallClock,
        options: WorkerOptions,
        logger: Logger,
        metrics: ServiceMetrics = .disabled
    ) {
        self.store = store
        self.registry = registry
        self.files = files
        self.clock = clock
        self.settings = options
        self.logger = logger
        self.metrics = metrics
    }

    /// Wakes the worker if it is idle (called by the API after a create).
    public func wake() {
        signal.wake()
    }

    /// Stops the run of `id` in this process at once, if there is one (called by the API after a cancel; a run
    /// in another process sees the cancel in the store within a second).
    public func cancel(_ id: TaskID, by user: String) {
        cancels.withLock { $0[id] }?.fire(by: user)
    }

    public func run() async throws {
        let orphans = try files.removeOrphans()
        if orphans > 0 {
            logger.info("removed temporary image files left by a stopped process", metadata: ["count": "\(orphans)"])
        }
        await removeEndedCheckpoints()
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                while !signal.isClosed, !Task.isCancelled {
                    while running.load(ordering: .acquiring) < settings.concurrency, let claimed = await claim() {
                        running.add(1, ordering: .releasing)
                        let cancel = CancelSignal()
                        cancels.withLock { $0[claimed.task.id] = cancel }
                        group.addTask {
                            await TaskRun(worker: self, claimed: claimed, cancel: cancel).execute()
                            self.cancels.withLock { $0[claimed.task.id] = nil }
                            self.running.subtract(1, ordering: .releasing)
                            self.signal.wake()
                        }
                    }
                    await signal.wait(upTo: settings.pollInterval)
                }
                await drain()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.signal.close()
        }
    }

    /// Waits, after shutdown began, until no task runs or `drainTime` passed; whatever still runs is then given back.
    private func drain() async {
        let deadline = ContinuousClock.now + settings.drainTime
        let started = running.load(ordering: .acquiring)
        if started > 0 { logger.info("draining running tasks", metadata: ["running": "\(started)"]) }
        while running.load(ordering: .acquiring) > 0, ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let left = running.load(ordering: .acquiring)
        if left > 0 { logger.info("giving running tasks back", metadata: ["running": "\(left)"]) }
    }

    /// The next task, or nil when there is none or the store failed (logged; the next round tries again).
    private func claim() async -> ClaimedTask? {
        guard !signal.isClosed else { return nil }
        do {
            let round = try await store.claimRound(worker: settings.name, now: clock.now(), terms: settings.terms)
            for task in round.ended { ended(task) }
            if let claimed = round.claimed, let earlier = claimed.earlierRun {
                metrics.taskRecovered()
                if earlier == .leaseExpired { metrics.leaseExpired() }
            }
            return round.claimed
        } catch {
            logger.error("could not claim a task", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Logs and counts a task the claim ended instead of running it (its claims ran out, or it was canceled
    /// after its worker died).
    private func ended(_ task: ImageTask) {
        let code = task.failure?.code ?? "-"
        logger.info(
            "task \(task.status)",
            metadata: ["task_id": "\(task.id)", "project": "\(task.owner)", "type": "\(task.type)", "code": "\(code)"]
        )
        metrics.taskFinished(type: task.type, status: task.status)
        // Only a task whose lease ran out is ended by a claim (its claims used up, or a cancel its dead worker
        // never saw).
        metrics.leaseExpired()
    }

    /// Removes the step checkpoints of tasks that ended or are gone (a worker stopped between saving a task's end
    /// and removing them); those of tasks still pending or processing stay for whoever runs them next.
    private func removeEndedCheckpoints() async {
        var removed = 0
        for id in files.checkpointedTasks() {
            do {
                let task = try await store.task(id: id, visibility: .all, now: Timestamp(seconds: 0))
                guard task?.status.isFinal ?? true else { continue }
                files.checkpoints(for: id, epoch: 0).removeAll()
                removed += 1
            } catch {
                logger.error("could not look up a task with kept checkpoints", metadata: ["error": "\(error)"])
                return
            }
        }
        if removed > 0 { logger.info("removed the checkpoints of ended tasks", metadata: ["count": "\(removed)"]) }
    }
}
