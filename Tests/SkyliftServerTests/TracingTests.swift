import Foundation
import SkyliftTesting
import Testing

/// Contract §12 traces: with `tracing.otlpEndpoint` set, a real `skylift serve` process sends a span per request
/// (continuing the caller's W3C `traceparent`) and per task and step to an OTLP/HTTP collector.
@Suite("OpenTelemetry traces")
struct TracingTests {
    @Test("requests continue the caller's trace; the task and each of its steps have spans; all reach the collector")
    func spansReachCollector() async throws {
        try await TestOTLPCollector.withCollector { collector in
            try await SingleProcess.with(
                settings: [
                    "TRACING_OTLP_ENDPOINT": collector.baseURL, "TRACING_SERVICE_NAME": "skylift-under-test",
                    "OTEL_BSP_SCHEDULE_DELAY": "100",
                ]
            ) { single in
                let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
                let parent = "00f067aa0ba902b7"
                let traceparent = ("traceparent", "00-\(traceID)-\(parent)-01")
                _ = try single.images.addFile("disk.raw", data: Data(repeating: 7, count: 1 << 20))
                let created = try await single.importRaw("disk.raw", headers: [traceparent])
                #expect(created.status == 201)
                let id = try #require(try MultiProcessTests.field("id", in: created.body))
                #expect(try await single.finalStatus(of: id) == "success")

                let wanted: [(String, Data)] = [
                    ("the caller's trace id", Data(hex: traceID)), ("the caller's span id", Data(hex: parent)),
                    ("the route template", Data("/v2/tasks".utf8)),
                    ("the task span", Data("task import".utf8)), ("the download step", Data("download".utf8)),
                    ("the store step", Data("store".utf8)), ("the task id", Data(id.utf8)),
                    ("the service name", Data("skylift-under-test".utf8)),
                ]
                var missing = wanted.map(\.0)
                let until = ContinuousClock.now + .seconds(20)
                while !missing.isEmpty, ContinuousClock.now < until {
                    try await Task.sleep(for: .milliseconds(200))
                    let received = collector.received
                    missing = wanted.filter { received.range(of: $0.1) == nil }.map(\.0)
                }
                #expect(missing.isEmpty, "not in any export: \(missing)")
            }
        }
    }
}

extension Data {
    /// The bytes a string of hex digits spells.
    init(hex: String) {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        self.init(bytes)
    }
}
