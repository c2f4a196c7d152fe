import CoreMetrics
import SkyliftDomain
import Synchronization

/// The service's metrics (contract §12), recorded through an injected swift-metrics factory: the composition root
/// gives a Prometheus one, tests and commands that do not serve `/metrics` a no-op one.
///
/// Every label value is one of a small set: methods outside the standard ones are `other`, routes are templates
/// (`/v2/tasks/{id}`) or `unmatched`, task types, statuses and step names come from the service's own lists. No
/// raw path, task id or project id is ever a label.
public final class ServiceMetrics: Sendable {
    private let factory: any MetricsFactory
    /// Every metric made so far, by name and label values.
    private let made = Mutex<[MetricKey: any Sendable]>([:])

    /// Metrics recorded through `factory`.
    public init(factory: any MetricsFactory) {
        self.factory = factory
        // The counters without labels exist from the start, so a scrape shows them at 0 rather than not at all.
        for label in [
            "skylift_import_bytes_total", "skylift_lease_expiries_total", "skylift_tasks_recovered_total",
            "skylift_tasks_purged_total",
        ] {
            _ = counter(label, [])
        }
    }

    /// Metrics that go nowhere.
    public static var disabled: ServiceMetrics { ServiceMetrics(factory: NOOPMetricsHandler.instance) }

    /// Methods kept as label values; any other method is `other`.
    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    /// One answered request: `skylift_http_requests_total` and `skylift_http_request_duration_seconds`.
    public func request(method: String, route: String, status: Int, duration: Duration) {
        let method = Self.knownMethods.contains(method) ? method : "other"
        counter("skylift_http_requests_total", [("method", method), ("route", route), ("status", "\(status)")])
            .increment()
        timer("skylift_http_request_duration_seconds", [("method", method), ("route", route)])
            .recordNanoseconds(duration.nanoseconds)
    }

    /// A task was created (not an idempotent replay): `skylift_tasks_created_total{type}`.
    public func taskCreated(type: TaskType) {
        counter("skylift_tasks_created_total", [("type", type.rawValue)]).increment()
    }

    /// A task reached `success` or `failure`: `skylift_tasks_finished_total{type,status}`.
    public func taskFinished(type: TaskType, status: TaskStatus) {
        counter("skylift_tasks_finished_total", [("type", type.rawValue), ("status", status.rawValue)]).increment()
    }

    /// Bytes an import received from its source: `skylift_import_bytes_total`.
    public func importBytes(_ count: Int64) {
        guard count > 0 else { return }
        counter("skylift_import_bytes_total", []).increment(by: count)
    }

    /// How long one step of a task took: `skylift_step_duration_seconds{type,step}`.
    public func stepDuration(type: TaskType, step: String, duration: Duration) {
        timer("skylift_step_duration_seconds", [("type", type.rawValue), ("step", step)])
            .recordNanoseconds(duration.nanoseconds)
    }

    /// A worker found a task whose lease had expired (its worker stopped): `skylift_lease_expiries_total`.
    public func leaseExpired() {
        counter("skylift_lease_expiries_total", []).increment()
    }

    /// A task whose earlier run ended unfinished was claimed again: `skylift_tasks_recovered_total`.
    public func taskRecovered() {
        counter("skylift_tasks_recovered_total", []).increment()
    }

    /// Expired tasks were deleted: `skylift_tasks_purged_total`.
    public func tasksPurged(_ count: Int) {
        guard count > 0 else { return }
        counter("skylift_tasks_purged_total", []).increment(by: Int64(count))
    }

    /// Sets the gauges read from the store at each scrape: `skylift_tasks{status}`, `skylift_queue_depth` and
    /// `skylift_oldest_pending_task_age_seconds`.
    public func record(_ statistics: TaskStatistics) {
        for status in TaskStatus.allCases {
            gauge("skylift_tasks", [("status", status.rawValue)]).record(statistics.count(status))
        }
        gauge("skylift_queue_depth", []).record(statistics.queueDepth)
        gauge("skylift_oldest_pending_task_age_seconds", []).record(statistics.oldestPendingAgeSeconds)
    }

    private func counter(_ label: String, _ dimensions: [(String, String)]) -> Counter {
        metric(label, dimensions) { Counter(label: $0, dimensions: $1, factory: $2) }
    }

    private func timer(_ label: String, _ dimensions: [(String, String)]) -> Timer {
        metric(label, dimensions) { Timer(label: $0, dimensions: $1, factory: $2) }
    }

    private func gauge(_ label: String, _ dimensions: [(String, String)]) -> Gauge {
        metric(label, dimensions) { Gauge(label: $0, dimensions: $1, factory: $2) }
    }

    /// The metric kept for `label` and `dimensions`, made on first use (each label is of one kind).
    private func metric<Metric: Sendable>(
        _ label: String,
        _ dimensions: [(String, String)],
        make: (String, [(String, String)], any MetricsFactory) -> Metric
    ) -> Metric {
        let key = MetricKey(label: label, dimensions: dimensions)
        return made.withLock { made in
            if let metric = made[key] as? Metric { return metric }
            let metric = make(label, dimensions, factory)
            made[key] = metric
            return metric
        }
    }
}

/// A metric's name and label values, the key its handler is kept under.
private struct MetricKey: Hashable {
    var label: String
    var values: [String]

    init(label: String, dimensions: [(String, String)]) {
        self.label = label
        self.values = dimensions.flatMap { [$0.0, $0.1] }
    }
}

extension Duration {
    /// The duration in whole nanoseconds.
    fileprivate var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
