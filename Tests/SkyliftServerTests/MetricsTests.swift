import Foundation
import SkyliftTesting
import Testing

/// Contract §12 `/metrics`: a real `skylift serve` process, scraped and parsed with prometheus_client's own parser.
@Suite("Prometheus metrics")
struct MetricsTests {
    static let project = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    static let identity = SingleProcess.member

    /// One parsed sample.
    struct Sample: Decodable {
        var family: String
        var type: String
        var name: String
        var labels: [String: String]
        var value: Double
    }

    /// Scrapes `/metrics` and parses it with prometheus_client.
    static func scrape(_ process: SkyliftProcess) async throws -> [Sample] {
        let reply = try await process.get("/metrics")
        #expect(reply.status == 200)
        let parsed = try TestPython.run("parse-metrics.py", input: reply.body)
        return try JSONDecoder().decode([Sample].self, from: parsed)
    }

    /// The value of the sample `name` with exactly `labels`, or nil.
    static func value(_ samples: [Sample], _ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    @Test("request, task and byte counters move after an import; gauges read the store; no label is a path or an id")
    func countersAfterImport() async throws {
        try await SingleProcess.with { single in
            let process = single.process
            let before = try await Self.scrape(process)
            for family in [
                "skylift_import_bytes", "skylift_lease_expiries", "skylift_tasks_recovered", "skylift_tasks_purged",
                "skylift_queue_depth", "skylift_oldest_pending_task_age_seconds", "skylift_tasks",
            ] {
                #expect(before.contains { $0.family == family }, "\(family) is missing before any work")
            }
            #expect(Self.value(before, "skylift_queue_depth") == 0)
            #expect(try await process.post("/metrics", json: "{}").status == 405)

            let size = 3 << 20
            _ = try single.images.addFile(
                "disk.raw",
                data: Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            )
            let created = try await single.importRaw("disk.raw")
            #expect(created.status == 201)
            let id = try #require(try MultiProcessTests.field("id", in: created.body))
            #expect(try await single.finalStatus(of: id) == "success")
            _ = try await process.get("/v2/tasks/\(UUID().uuidString.lowercased())", headers: Self.identity)
            _ = try await process.get("/no/such/\(id)")

            let after = try await Self.scrape(process)
            let post = ["method": "POST", "route": "/v2/tasks", "status": "201"]
            #expect(Self.value(after, "skylift_http_requests_total", post) == 1)
            #expect(
                Self.value(
                    after,
                    "skylift_http_requests_total",
                    ["method": "GET", "route": "/v2/tasks/{id}", "status": "404"]
                )
                    == 1
            )
            #expect(
                Self.value(
                    after,
                    "skylift_http_requests_total",
                    ["method": "GET", "route": "unmatched", "status": "404"]
                )
                    == 1
            )
            #expect(Self.value(after, "skylift_tasks_created_total", ["type": "import"]) == 1)
            #expect(Self.value(after, "skylift_tasks_finished_total", ["type": "import", "status": "success"]) == 1)
            #expect(Self.value(after, "skylift_import_bytes_total") == Double(size))
            #expect(Self.value(after, "skylift_tasks", ["status": "success"]) == 1)
            #expect(Self.value(after, "skylift_tasks", ["status": "pending"]) == 0)
            #expect(Self.value(after, "skylift_queue_depth") == 0)
            #expect(
                Self.value(after, "skylift_step_duration_seconds_count", ["type": "import", "step": "download"]) == 1
            )
            #expect(
                (Self.value(
                    after,
                    "skylift_http_request_duration_seconds_count",
                    ["method": "POST", "route": "/v2/tasks"]
                )
                    ?? 0) == 1
            )

            // Low cardinality: every label value is a template, a name or a number, never a path or an id.
            let labelValues = Set(after.flatMap { $0.labels.values })
            for value in labelValues {
                #expect(!value.contains(id), "label value \(value) holds a task id")
                #expect(!value.contains(Self.project), "label value \(value) holds a project id")
                #expect(
                    !value.contains("disk.raw") && !value.contains("/no/such"),
                    "label value \(value) is a raw path"
                )
            }
            let routes = Set(after.compactMap { $0.labels["route"] })
            #expect(
                routes.isSubset(of: ["/v2/tasks", "/v2/tasks/{id}", "unmatched", "/metrics", "/healthcheck"]),
                "\(routes)"
            )
        }
    }
}
