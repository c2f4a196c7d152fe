import Logging
import OTel
import ServiceLifecycle
import Tracing

/// Traces (contract §12): when `tracing.otlpEndpoint` is set, swift-otel's OTLP/HTTP exporter becomes the
/// process's tracer and the API traces each request (W3C `traceparent` honoured) and the worker each task and
/// step; when it is unset nothing is set up and tracing costs nothing.
public enum TracingSetup {
    /// Makes the tracer and bootstraps swift-distributed-tracing with it (once per process); returns the service
    /// that exports spans, to run in the service group, or nil when tracing is off.
    /// - Throws: `ConfigurationError` when the exporter cannot be made.
    public static func bootstrap(_ configuration: SkyliftConfiguration) throws -> (any Service)? {
        guard let endpoint = configuration.tracingEndpoint else { return nil }
        var settings = OTel.Configuration.default
        settings.serviceName = configuration.tracingServiceName
        settings.propagators = [.traceContext]
        settings.metrics.enabled = false
        settings.logs.enabled = false
        settings.traces.exporter = .otlp
        settings.traces.otlpExporter.protocol = .httpProtobuf
        settings.traces.otlpExporter.endpoint = tracesURL(endpoint)
        do {
            let (tracer, service) = try OTel.makeTracingBackend(configuration: settings)
            InstrumentationSystem.bootstrap(tracer)
            return service
        } catch {
            throw ConfigurationError(
                "configuration key 'tracing.otlpEndpoint': swift-otel could not start tracing (check the OTEL_* "
                    + "environment too): \(error)"
            )
        }
    }

    /// The URL spans are posted to: a collector's address without a path gets OTLP's `/v1/traces`, as the
    /// `OTEL_EXPORTER_OTLP_ENDPOINT` convention has it; a URL with a path is used as it is.
    static func tracesURL(_ endpoint: String) -> String {
        let afterScheme = endpoint.split(separator: "://", maxSplits: 1).last.map(String.init) ?? endpoint
        let path = afterScheme.drop { $0 != "/" }
        guard path.isEmpty || path == "/" else { return endpoint }
        return (endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint) + "/v1/traces"
    }
}
