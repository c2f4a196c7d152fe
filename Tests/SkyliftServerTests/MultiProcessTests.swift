import Foundation
import SkyliftTesting
import Testing

/// Issue 11: several real `skylift serve` processes share one PostgreSQL database: two API processes, two
/// workers, imports from a local image server.
@Suite("Processes sharing PostgreSQL", .serialized)
struct MultiProcessTests {
    static let identity = [
        ("X-Identity-Status", "Confirmed"), ("X-Project-Id", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        ("X-User-Id", "alice"), ("X-Roles", "member"),
    ]

    /// The environment every process of one cluster shares.
    static func environment(databaseURL: String, storage: URL, imagePort: Int) -> [String: String] {
        [
            "DATABASE_URL": databaseURL, "STORAGE_PATH": storage.path, "IMPORT_ALLOWED_HOSTS": "127.0.0.1",
            "IMPORT_ALLOWED_PORTS": "\(imagePort)", "POLICY_FILE": RepositoryPaths.root.path + "/etc/policy.yaml",
            "LOG_LEVEL": "warning", "WORKER_CONCURRENCY": "4",
        ]
    }

    /// Runs `body` with a local image server, a scratch folder (removed after) and the environment of processes
    /// sharing a fresh PostgreSQL database (or, `onSQLite`, a SQLite file in the folder), `settings` added.
    static func withCluster(
        onSQLite: Bool = false,
        settings: [String: String] = [:],
        _ body: (LocalImageServer, URL, [String: String]) async throws -> Void
    ) async throws {
        try await LocalImageServer.withServer { server in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cluster-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let databaseURL =
                onSQLite ? "sqlite://\(folder.path)/skylift.sqlite" : try await TestPostgres.freshDatabaseURL()
            var environment = Self.environment(
                databaseURL: databaseURL,
                storage: folder.appendingPathComponent("images"),
                imagePort: server.port
            )
            environment.merge(settings) { $1 }
            try await body(server, folder, environment)
        }
    }

    /// The body of an import of `url` as raw.
    static func importBody(_ url: String) -> String {
        """
        {"type": "import", "input": {"import_from": "\(url)", "import_from_format": "raw",
         "image_properties": {"disk_format": "raw", "container_format": "bare"}}}
        """
    }

    /// The value of `key` in a JSON object body.
    static func field(_ key: String, in body: Data) throws -> String? {
        let object = try JSONSerialization.jsonObject(with: body) as? [String: Any]
        return object?[key] as? String
    }

    @Test("100 imports through two APIs run exactly once on two workers, and each API reads the other's tasks")
    func twoAPIsTwoWorkers() async throws {
        try await Self.withCluster { server, folder, environment in
            let apis = [
                try await SkyliftProcess(role: "api", environment: environment, logDirectory: folder),
                try await SkyliftProcess(role: "api", environment: environment, logDirectory: folder),
            ]
            let workers = [
                try await SkyliftProcess(role: "worker", environment: environment, logDirectory: folder),
                try await SkyliftProcess(role: "worker", environment: environment, logDirectory: folder),
            ]
            defer { for process in apis + workers { process.killHard() } }

            var ids: [String] = []
            for index in 0..<100 {
                try server.addFile("disk-\(index).raw", data: Data(repeating: UInt8(index), count: 64 << 10))
                let created = try await apis[index % 2].post(
                    "/v2/tasks",
                    json: Self.importBody("\(server.baseURL)/files/disk-\(index).raw"),
                    headers: Self.identity
                )
                try #require(created.status == 201, "\(String(decoding: created.body, as: UTF8.self))")
                ids.append(try #require(try Self.field("id", in: created.body)))
            }
            for (index, id) in ids.enumerated() {
                // Waited on through the API that did not create it.
                let shown = try await apis[(index + 1) % 2].get("/v2/tasks/\(id)?wait=60", headers: Self.identity)
                #expect(try Self.field("status", in: shown.body) == "success", "\(id)")
            }
            let downloads = Dictionary(grouping: server.requests.filter { $0.target.hasPrefix("/files/disk-") }) {
                $0.target
            }
            #expect(downloads.count == 100)
            #expect(
                downloads.values.allSatisfy { $0.count == 1 },
                "a task ran twice: \(downloads.filter { $0.value.count > 1 }.keys)"
            )
            for process in workers { #expect(process.isRunning) }
        }
    }

    @Test("a task created through one API process starts on a worker process within 100 ms, woken by NOTIFY")
    func crossProcessWake() async throws {
        try await Self.withCluster { server, folder, environment in
            // Workers poll once a second: a median under 100 ms over five creates is the notification's doing.
            let api = try await SkyliftProcess(role: "api", environment: environment, logDirectory: folder)
            let worker = try await SkyliftProcess(role: "worker", environment: environment, logDirectory: folder)
            defer { for process in [api, worker] { process.killHard() } }
            try server.addFile("slow.raw", data: Data(repeating: 7, count: 1 << 20))
            // The worker's listener connects in the background after its health check answers.
            try await Task.sleep(for: .milliseconds(500))
            var latencies: [Duration] = []
            for _ in 0..<5 {
                let start = ContinuousClock.now
                let created = try await api.post(
                    "/v2/tasks",
                    json: Self.importBody("\(server.baseURL)/files/slow.raw?throttle=1048576"),
                    headers: Self.identity
                )
                let id = try #require(try Self.field("id", in: created.body))
                var status = "pending"
                while status == "pending", ContinuousClock.now - start < .seconds(5) {
                    status =
                        try Self.field("status", in: try await api.get("/v2/tasks/\(id)", headers: Self.identity).body)
                        ?? ""
                }
                latencies.append(ContinuousClock.now - start)
                #expect(status != "pending")
            }
            #expect(latencies.sorted()[2] < .milliseconds(100), "create → processing: \(latencies)")
        }
    }

    /// Polls task `id` through `api` until it is final or `timeout` passes; returns the statuses seen, in order.
    static func statuses(of id: String, through api: SkyliftProcess, upTo timeout: Duration) async throws -> [String] {
        var seen: [String] = []
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let status = try Self.field("status", in: try await api.get("/v2/tasks/\(id)", headers: Self.identity).body)
            if let status, seen.last != status { seen.append(status) }
            if status == "success" || status == "failure" { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return seen
    }

    /// Creates a throttled import through `api` (a source offering ranges and a strong ETag) and waits until a
    /// worker has it `processing`.
    static func startSlowImport(_ server: LocalImageServer, api: SkyliftProcess) async throws -> String {
        try server.addFile("slow.raw", data: Data(repeating: 3, count: 4 << 20))
        let created = try await api.post(
            "/v2/tasks",
            json: Self.importBody("\(server.baseURL)/files/slow.raw?throttle=524288&ranges=1"),
            headers: Self.identity
        )
        let id = try #require(try Self.field("id", in: created.body))
        for _ in 0..<250 {
            let shown = try await api.get("/v2/tasks/\(id)", headers: Self.identity)
            if try Self.field("status", in: shown.body) == "processing" { return id }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the task never started")
        return id
    }

    @Test("SIGTERM drains: the worker exits 0 within worker.drainSeconds, the other worker finishes the task")
    func drain() async throws {
        try await Self.withCluster(settings: ["WORKER_DRAIN_SECONDS": "2"]) { server, folder, environment in
            let api = try await SkyliftProcess(role: "api", environment: environment, logDirectory: folder)
            let first = try await SkyliftProcess(role: "worker", environment: environment, logDirectory: folder)
            defer { for process in [api, first] { process.killHard() } }
            let id = try await Self.startSlowImport(server, api: api)
            let second = try await SkyliftProcess(role: "worker", environment: environment, logDirectory: folder)
            defer { second.killHard() }
            let stopping = ContinuousClock.now
            first.terminate()
            #expect(try await first.waitForExit(upTo: .seconds(6)))
            #expect(ContinuousClock.now - stopping < .seconds(4), "drainSeconds is 2")
            #expect(first.exitStatus == 0)
            let seen = try await Self.statuses(of: id, through: api, upTo: .seconds(30))
            #expect(seen.last == "success", "\(seen)")
            #expect(!seen.contains("failure") && !seen.contains("pending"), "\(seen)")
        }
    }

    @Test("kill -9 of a worker mid-download: another worker finishes the task after the lease expires")
    func crashRecovery() async throws {
        try await Self.withCluster(settings: ["WORKER_LEASE_SECONDS": "3"]) { server, folder, environment in
            let api = try await SkyliftProcess(role: "api", environment: environment, logDirectory: folder)
            let first = try await SkyliftProcess(role: "worker", environment: environment, logDirectory: folder)
            defer { for process in [api, first] { process.killHard() } }
            let id = try await Self.startSlowImport(server, api: api)
            let second = try await SkyliftProcess(role: "worker", environment: environment, logDirectory: folder)
            defer { second.killHard() }
            // 3 s at 512 KiB/s: more than one 1 MiB batch is on disk when the worker dies.
            try await Task.sleep(for: .seconds(3))
            let killed = ContinuousClock.now
            first.killHard()
            let seen = try await Self.statuses(of: id, through: api, upTo: .seconds(30))
            #expect(seen == ["processing", "success"], "no status goes backwards, none fails: \(seen)")
            // The lease (3 s) expires, the other worker claims at its next poll and downloads 4 MiB at 512 KiB/s.
            #expect(ContinuousClock.now - killed < .seconds(3 + 5 + 9), "lease + download")
            try await Self.expectResumed(server, id: id, api: api)
            // The worker that took the task over counted the expired lease and the recovery (§12).
            let metrics = try await MetricsTests.scrape(second)
            #expect(MetricsTests.value(metrics, "skylift_lease_expiries_total") == 1)
            #expect(MetricsTests.value(metrics, "skylift_tasks_recovered_total") == 1)
            #expect(
                MetricsTests.value(metrics, "skylift_tasks_finished_total", ["type": "import", "status": "success"])
                    == 1
            )
        }
    }

    /// The second download of the slow import asked only for the bytes the killed worker had not received
    /// (contract §17), and the image it stored is the source's file, byte for byte.
    static func expectResumed(_ server: LocalImageServer, id: String, api: SkyliftProcess) async throws {
        let gets = server.requests.filter { $0.path == "/files/slow.raw" }
        #expect(gets.count == 2, "\(gets)")
        let range = try #require(gets.last?.range, "the second attempt fetched the whole file again")
        let offset = try #require(Int(range.dropFirst("bytes=".count).dropLast()), "\(range)")
        #expect(range.hasPrefix("bytes=") && range.hasSuffix("-") && offset > 0 && offset < 4 << 20, "\(range)")
        let task = try JSONSerialization.jsonObject(
            with: try await api.get("/v2/tasks/\(id)", headers: Self.identity).body
        )
        let imageID = try #require(((task as? [String: Any])?["result"] as? [String: Any])?["image_id"] as? String)
        let image = try await api.get("/v2/images/\(imageID)", headers: Self.identity)
        let expected = try Scenario.digests(server.root.appendingPathComponent("slow.raw").path).md5
        #expect(try Self.field("checksum", in: image.body) == expected)
        let shown = String(decoding: try await api.get("/v2/tasks/\(id)", headers: Self.identity).body, as: UTF8.self)
        #expect(shown.contains("Download resumed at byte \(offset)"), "\(shown)")
    }

    @Test("kill -9 of the only process on SQLite, then a restart: its task finishes")
    func sqliteRestart() async throws {
        try await Self.withCluster(onSQLite: true, settings: ["WORKER_LEASE_SECONDS": "3"]) {
            server,
            folder,
            environment in
            let first = try await SkyliftProcess(role: "all", environment: environment, logDirectory: folder)
            defer { first.killHard() }
            let id = try await Self.startSlowImport(server, api: first)
            // 3 s at 512 KiB/s: more than one 1 MiB batch is on disk when the process dies.
            try await Task.sleep(for: .seconds(3))
            first.killHard()
            #expect(try await first.waitForExit(upTo: .seconds(5)))
            let second = try await SkyliftProcess(role: "all", environment: environment, logDirectory: folder)
            defer { second.killHard() }
            let seen = try await Self.statuses(of: id, through: second, upTo: .seconds(30))
            #expect(seen.last == "success", "\(seen)")
            #expect(!seen.contains("failure"), "\(seen)")
            try await Self.expectResumed(server, id: id, api: second)
        }
    }
}
