import Prometheus
import SkyliftMetrics

/// The process's metrics (contract §12): a Prometheus registry of its own (no global one, so several services in
/// one test process keep theirs apart) behind the swift-metrics factory the API and the worker record through.
public struct MetricsSetup: Sendable {
    /// What the API and the worker record through.
    public let metrics: ServiceMetrics
    /// Prometheus text of everything recorded, for `/metrics`; nil when metrics are off.
    public let exposition: (@Sendable () -> [UInt8])?

    /// Step durations run from milliseconds (a store step) to an hour (a large download or conversion).
    static let stepBuckets: [Duration] = [
        .milliseconds(10), .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5), .seconds(15),
        .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600), .seconds(1800), .seconds(3600),
    ]

    /// Request durations: the API answers in a millisecond; waits (§10.3) last up to a minute.
    static let requestBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(5), .seconds(30), .seconds(60),
    ]

    /// Metrics recorded into a new registry when `enabled`, else recorded nowhere and not served.
    public init(enabled: Bool) {
        guard enabled else {
            metrics = .disabled
            exposition = nil
            return
        }
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            "skylift_step_duration_seconds": Self.stepBuckets,
            "skylift_http_request_duration_seconds": Self.requestBuckets,
        ]
        metrics = ServiceMetrics(factory: factory)
        exposition = { registry.emitToBuffer() }
    }
}
