import Foundation
import Logging
import SkyliftDomain
import SkyliftMetrics
import Synchronization
import Tracing

/// One claimed task, run to its end: the executor in one child task, a keeper in another that saves progress at
/// most once per `saveInterval` and renews the lease, then the final save fenced by the lease.
struct TaskRun: Sendable {
    let worker: TaskWorker
    let claimed: ClaimedTask
    let cancel: CancelSignal
    /// The download step's bytes already counted in `skylift_import_bytes_total`.
    let countedBytes = ByteTally()
    /// The run's span (a no-op span unless tracing is on, §12); each step's span is its child.
    let span: any Span

    init(worker: TaskWorker, claimed: ClaimedTask, cancel: CancelSignal) {
        self.worker = worker
        self.claimed = claimed
        self.cancel = cancel
        span = startSpan("task \(claimed.task.type)", context: .topLevel, ofKind: .consumer)
        span.attributes["skylift.task_id"] = claimed.task.id.rawValue
        span.attributes["skylift.task_type"] = claimed.task.type.rawValue
        span.attributes["skylift.attempt"] = claimed.attempt
    }

    private var lease: TaskLease { claimed.lease }
    private var logger: Logger {
        var logger = worker.logger
        logger[metadataKey: "task_id"] = "\(claimed.task.id)"
        logger[metadataKey: "project"] = "\(claimed.task.owner)"
        return logger
    }

    func execute() async {
        defer { span.end() }
        let task = claimed.task
        logger.info("task processing", metadata: ["type": "\(task.type)", "attempt": "\(claimed.attempt)"])
        guard let executor = worker.registry.executor(for: task.type) else {
            let failure = TaskFailure.internal("No executor is registered for task type \(task.type)", step: nil)
            await save(failure: failure, progress: TaskProgress(task: task, weights: [:], clock: worker.clock))
            return
        }
        let progress = TaskProgress(
            task: task,
            weights: type(of: executor).stepWeights,
            clock: worker.clock,
            epoch: lease.epoch,
            traceContext: span.context
        )
        defer { progress.endSpans(failure: nil) }
        var outcome: Result<ExecutionOutcome, any Error>?
        var lost = false
        var canceledBy: String?
        await withTaskGroup(of: ChildEnd.self) { group in
            group.addTask {
                do {
                    return .executed(.success(try await executor.run(task, progress: progress)))
                } catch {
                    return .executed(.failure(error))
                }
            }
            group.addTask { await keep(progress: progress) ? .stopped : .leaseLost }
            group.addTask { await cancel.wait().map { .canceled(by: $0) } ?? .stopped }
            while let end = await group.next() {
                switch end {
                case .executed(let result): outcome = result
                case .leaseLost: lost = true
                case .canceled(let user): canceledBy = canceledBy ?? user
                case .stopped: break
                }
                group.cancelAll()
            }
        }
        if lost {
            logger.warning("lease lost; another worker owns the task now")
            removeImage(outcome)
            return
        }
        if let user = canceledBy {
            // A cancel wins over a result that arrived in the same instant: the tenant was told it would stop.
            removeImage(outcome)
            await save(failure: .canceled(by: user), progress: progress)
            return
        }
        if Task.isCancelled {
            removeImage(outcome)
            await release()
            return
        }
        switch outcome {
        case .success(let result):
            await save(success: result, progress: progress)
        case .failure(let error as TaskFailure):
            await save(failure: error, progress: progress)
        case .failure(let error):
            logger.error("task failed on an unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            await save(failure: .internal("The task failed on an internal error", step: nil), progress: progress)
        case nil:
            await release()
        }
    }

    /// How a child of the run ended.
    private enum ChildEnd: Sendable {
        case executed(Result<ExecutionOutcome, any Error>)
        case leaseLost
        case canceled(by: String)
        case stopped
    }

    /// Saves progress when it changed (at most once per interval) and otherwise renews the lease every third of
    /// its length, until canceled (returns true) or until the store says the lease is gone (returns false). A
    /// cancel the store reports (asked through another process) fires the run's cancel signal.
    private func keep(progress: TaskProgress) async -> Bool {
        let settings = worker.settings
        var lastRenewal = ContinuousClock.now
        // At least once a second, so a cancel asked through another process is seen within 2 s (§10.2).
        let renewEvery = min(Duration.seconds(settings.terms.leaseSeconds / 3), settings.saveInterval)
        while !Task.isCancelled {
            try? await Task.sleep(for: settings.saveInterval)
            if Task.isCancelled { return true }
            let until = worker.clock.now().adding(seconds: settings.terms.leaseSeconds)
            do {
                var state = LeaseState.held
                if let changed = progress.takeChanges() {
                    state = try await worker.store.saveProgress(changed, lease: lease, leaseUntil: until)
                    // Counted once saved under the lease: the next attempt starts from what was saved.
                    if state != .lost { countBytes(changed) }
                    lastRenewal = .now
                } else if ContinuousClock.now - lastRenewal >= renewEvery {
                    state = try await worker.store.renewLease(lease, until: until)
                    lastRenewal = .now
                }
                switch state {
                case .held: break
                case .lost: return false
                case .cancelRequested(let user): cancel.fire(by: user)
                }
            } catch {
                logger.error("could not save progress", metadata: ["error": "\(error)"])
            }
        }
        return true
    }

    private func save(success outcome: ExecutionOutcome, progress: TaskProgress) async {
        var task = progress.snapshot
        task.result = outcome.result
        task.imageID = outcome.image.id
        task.message = ""
        do {
            task = try task.transitioned(
                to: .success,
                at: worker.clock.now(),
                timeToLive: worker.settings.terms.timeToLive
            )
            removeCheckpoints()
            if try await worker.store.finish(task, lease: lease, image: outcome.image) {
                logger.info(
                    "task success",
                    metadata: ["image_id": "\(outcome.image.id)", "steps": "\(Self.durations(task.steps))"]
                )
                record(ended: task)
                return
            }
            logger.warning("lease lost before the result was saved; the image file is removed")
        } catch {
            logger.error("could not save the task's success", metadata: ["error": "\(error)"])
            _ = try? worker.files.remove(imageID: outcome.image.id)
            await save(failure: .internal("The image could not be recorded", step: "store"), progress: progress)
            return
        }
        _ = try? worker.files.remove(imageID: outcome.image.id)
    }

    private func save(failure: TaskFailure, progress: TaskProgress) async {
        do {
            let task = try progress.snapshot.failed(
                failure,
                at: worker.clock.now(),
                timeToLive: worker.settings.terms.timeToLive
            )
            removeCheckpoints()
            progress.endSpans(failure: failure.code)
            span.setStatus(SpanStatus(code: .error, message: "\(failure.code): \(failure.message)"))
            if try await worker.store.finish(task, lease: lease, image: nil) {
                let step = task.failure?.step ?? "-"
                logger.info("task failure", metadata: ["code": "\(failure.code)", "step": "\(step)"])
                record(ended: task)
            } else {
                logger.warning("lease lost before the failure was saved")
            }
        } catch {
            logger.error("could not save the task's failure", metadata: ["error": "\(error)"])
        }
    }

    /// Gives the task back (shutdown): another worker runs it from the start. The write runs in a task of its own,
    /// because this one is canceled and the store refuses work from canceled tasks.
    private func release() async {
        let store = worker.store
        let lease = self.lease
        do {
            try await Task { try await store.releaseLease(lease) }.value
            logger.info("task given back on shutdown")
        } catch {
            logger.error("could not give the task back", metadata: ["error": "\(error)"])
        }
    }

    /// Counts a saved end: the task finished, how long each step that ran took, the bytes its download received
    /// since the last save.
    private func record(ended task: ImageTask) {
        let metrics = worker.metrics
        countBytes(task)
        metrics.taskFinished(type: task.type, status: task.status)
        for step in task.steps {
            guard let elapsed = step.elapsed else { continue }
            metrics.stepDuration(type: task.type, step: step.name, duration: elapsed)
        }
    }

    /// Adds what the download step received since the last count to `skylift_import_bytes_total`.
    private func countBytes(_ task: ImageTask) {
        guard let done = Self.downloadBytes(task) else { return }
        worker.metrics.importBytes(countedBytes.advance(to: done, from: Self.downloadBytes(claimed.task) ?? 0))
    }

    /// The bytes the task's download step reports, if it has one.
    private static func downloadBytes(_ task: ImageTask) -> Int64? {
        task.steps.first(where: { $0.name == "download" })?.bytesDone
    }

    /// `name=seconds` for every step that ran, e.g. `download=12.034 inspect=0.051 convert=skipped store=0.002`.
    static func durations(_ steps: [TaskStep]) -> String {
        steps.map { step in
            guard let elapsed = step.elapsed else { return "\(step.name)=\(step.state)" }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return "\(step.name)=" + String(format: "%.3f", seconds)
        }.joined(separator: " ")
    }

    /// Removes what the task's steps kept for a later attempt, just before its end is saved, so no reader of the
    /// ended task finds them. A run that lost its lease or gave it back leaves them to the next attempt; should the
    /// save then fail (the lease was lost meanwhile), the next attempt only redoes those steps.
    private func removeCheckpoints() {
        worker.files.checkpoints(for: claimed.task.id, epoch: lease.epoch).removeAll()
    }

    /// Removes the file of an image that was published but will not be recorded.
    private func removeImage(_ outcome: Result<ExecutionOutcome, any Error>?) {
        if case .success(let result) = outcome { _ = try? worker.files.remove(imageID: result.image.id) }
    }
}

/// The bytes of a run's download already counted, so each save adds only what is new. A claimed task's earlier
/// runs counted what they saved, so a run starts from there.
final class ByteTally: Sendable {
    private let counted = Mutex<Int64?>(nil)

    /// Moves the tally to `total` and returns how much it grew; before the first call the tally is `start`.
    func advance(to total: Int64, from start: Int64) -> Int64 {
        counted.withLock { counted in
            let earlier = counted ?? start
            counted = max(earlier, total)
            return max(0, total - earlier)
        }
    }
}
