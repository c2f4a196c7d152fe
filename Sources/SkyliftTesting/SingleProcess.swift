import Foundation

/// One real `skylift serve --role all` on a SQLite file in a scratch folder, allowed to import from a local image
/// server: what a user runs on one machine, for the tests of its metrics, traces and command line.
public struct SingleProcess: Sendable {
    /// The image server it may import from.
    public let images: LocalImageServer
    /// The running process.
    public let process: SkyliftProcess

    /// The identity headers of a project member.
    public static let member = [
        ("X-Identity-Status", "Confirmed"), ("X-Project-Id", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        ("X-User-Id", "alice"), ("X-Roles", "member"),
    ]

    /// Runs `body` with a fresh process (`settings` added to its environment); stops it and removes its files
    /// after.
    public static func with(
        settings: [String: String] = [:],
        _ body: (SingleProcess) async throws -> Void
    ) async throws {
        try await LocalImageServer.withServer { images in
            let folder = try TemporaryDirectory(prefix: "skylift-single-")
            var environment = [
                "DATABASE_URL": "sqlite://\(folder.url.path)/skylift.sqlite",
                "STORAGE_PATH": folder.url.appendingPathComponent("images").path,
                "IMPORT_ALLOWED_HOSTS": "127.0.0.1", "IMPORT_ALLOWED_PORTS": "\(images.port)",
                "POLICY_FILE": RepositoryPaths.root.path + "/etc/policy.yaml", "LOG_LEVEL": "warning",
            ]
            environment.merge(settings) { $1 }
            let process = try await SkyliftProcess(role: "all", environment: environment, logDirectory: folder.url)
            defer { process.killHard() }
            try await body(SingleProcess(images: images, process: process))
        }
    }

    /// Creates an import of the served file `name` as raw (as a member, with `headers` added); returns the reply.
    public func importRaw(_ name: String, headers: [(String, String)] = []) async throws -> SkyliftProcess.Reply {
        try await process.post(
            "/v2/tasks",
            json: """
                {"type": "import", "input": {"import_from": "\(images.baseURL)/files/\(name)",
                 "import_from_format": "raw", "image_properties": {"disk_format": "raw", "container_format": "bare"}}}
                """,
            headers: Self.member + headers
        )
    }

    /// Waits (long-polling) until task `id` ends, at most a minute; returns its last status.
    public func finalStatus(of id: String) async throws -> String {
        var status = "pending"
        let deadline = ContinuousClock.now + .seconds(60)
        while status != "success", status != "failure", ContinuousClock.now < deadline {
            let shown = try await process.get("/v2/tasks/\(id)?wait=5", headers: Self.member)
            let object = try JSONSerialization.jsonObject(with: shown.body) as? [String: Any]
            status = object?["status"] as? String ?? status
        }
        return status
    }
}
