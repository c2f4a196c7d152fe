import SkyliftDomain
import Synchronization
import Tracing

/// A running task's progress, steps and warnings (contract §10.1), recorded by its executor and saved by the
/// worker at most once a second.
///
/// Recording is synchronous and cheap (it is called for every downloaded chunk); `progress` only grows and stays
/// below 100 until the task succeeds.
public final class TaskProgress: Sendable {
    private struct State {
        var task: ImageTask
        var dirty = false
    }

    private let state: Mutex<State>
    /// The open span of each running step (a no-op span unless tracing is on, §12).
    private let spans = Mutex<[String: any Span]>([:])
    /// The trace context step spans start in: the task run's span.
    private let traceContext: InstrumentationContext
    private let weights: [String: Int]
    private let clock: any WallClock
    /// The lease epoch of this run: the name its step checkpoints carry (`StepCheckpoints`).
    public let epoch: Int64

    /// Progress for a run of `task` under the lease `epoch` (every step pending again until the executor restores
    /// the steps an earlier attempt finished; the stored progress is kept as a floor).
    public init(
        task: ImageTask,
        weights: [String: Int],
        clock: any WallClock,
        epoch: Int64 = 0,
        traceContext: InstrumentationContext = .topLevel
    ) {
        self.traceContext = traceContext
        var fresh = task
        fresh.steps = task.type.stepNames.map { TaskStep(name: $0) }
        self.state = Mutex(State(task: fresh))
        self.weights = weights
        self.clock = clock
        self.epoch = epoch
    }

    /// The task as recorded so far.
    public var snapshot: ImageTask { state.withLock { $0.task } }

    /// `name` started; `total` bytes are expected when known.
    public func start(_ name: String, total: Int64? = nil) {
        let now = clock.now()
        let span = startSpan(name, context: traceContext)
        span.attributes["skylift.task_id"] = snapshot.id.rawValue
        spans.withLock { $0.updateValue(span, forKey: name) }?.end()
        update(name) { step in
            step.state = .running
            step.startedAt = now
            step.bytesTotal = total
        }
    }

    /// `name` has processed `done` of `total` bytes.
    public func advance(_ name: String, done: Int64, total: Int64?) {
        update(name) { step in
            step.bytesDone = done
            if let total { step.bytesTotal = total }
        }
    }

    /// `name` ended in `outcome` (`done`, `skipped` or `failed`).
    public func finish(_ name: String, _ outcome: TaskStep.State, bytes: Int64? = nil) {
        let now = clock.now()
        if let span = spans.withLock({ $0.removeValue(forKey: name) }) {
            if let bytes { span.attributes["skylift.bytes"] = bytes }
            if outcome == .failed { span.setStatus(SpanStatus(code: .error)) }
            span.end()
        }
        update(name) { step in
            if step.startedAt == nil, outcome != .skipped { step.startedAt = now }
            step.state = outcome
            step.finishedAt = now
            if let bytes {
                step.bytesDone = bytes
                step.bytesTotal = bytes
            }
        }
    }

    /// Ends the spans of steps that never finished (the run failed, was canceled or lost its lease in them).
    public func endSpans(failure: String?) {
        for span in spans.withLock({ spans in
            defer { spans.removeAll() }
            return Array(spans.values)
        }) {
            if let failure { span.setStatus(SpanStatus(code: .error, message: failure)) }
            span.end()
        }
    }

    /// A step an earlier attempt finished, as it recorded it, taken over instead of run again.
    public func restore(_ finished: TaskStep) {
        update(finished.name) { step in step = finished }
    }

    /// Adds a warning the tenant should see (duplicates are kept once).
    public func warn(_ text: String) {
        state.withLock { state in
            guard !state.task.warnings.contains(text) else { return }
            state.task.warnings.append(text)
            state.dirty = true
        }
    }

    /// The task to save when something changed since the last call, with `updated_at` moved to now.
    func takeChanges() -> ImageTask? {
        let now = clock.now()
        return state.withLock { state in
            guard state.dirty else { return nil }
            state.dirty = false
            state.task.updatedAt = now
            return state.task
        }
    }

    private func update(_ name: String, _ change: (inout TaskStep) -> Void) {
        state.withLock { state in
            guard let index = state.task.steps.firstIndex(where: { $0.name == name }) else { return }
            change(&state.task.steps[index])
            state.task.progress = max(state.task.progress, Self.percent(state.task.steps, weights: weights))
            state.dirty = true
        }
    }

    /// The weighted share of finished work, at most 99 (100 is for success only).
    static func percent(_ steps: [TaskStep], weights: [String: Int]) -> Int {
        var total = 0.0
        for step in steps {
            let weight = Double(weights[step.name] ?? 0)
            switch step.state {
            case .done, .skipped:
                total += weight
            case .running:
                if let bytesTotal = step.bytesTotal, bytesTotal > 0 {
                    total += weight * min(1, Double(step.bytesDone) / Double(bytesTotal))
                }
            case .pending, .failed:
                break
            }
        }
        return min(99, Int(total))
    }
}
