import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SkyliftAPI
import SkyliftDomain
import SkyliftExecutors
import SkyliftServer
import SkyliftStore

/// The whole service as `skylift serve` builds it (a SQLite file, or a new PostgreSQL database when
/// `TestStore.isPostgres`, the image store, the real executors and worker,
/// the real qemu-img), in a temporary directory, with the API reached through Hummingbird's router test client.
///
/// Imports from 127.0.0.1 are allowed (`import.allowedHosts`) on any port, so a ``LocalImageServer`` can serve them.
public struct WorkerHarness: Sendable {
    public let components: Skylift.Components
    public let directory: URL

    public var store: any TaskDatabase { components.store }
    public var files: ImageFileStore { components.files }

    /// The configuration a harness starts from; `configure` may change any of it.
    public static func configuration(directory: URL) -> SkyliftConfiguration {
        var configuration = SkyliftConfiguration()
        configuration.database = .sqlite(path: directory.appendingPathComponent("skylift.sqlite").path)
        configuration.storagePath = directory.appendingPathComponent("images").path
        configuration.policyFile = RepositoryPaths.root.appendingPathComponent("etc/policy.yaml").path
        configuration.importRules.allowedHosts = ["127.0.0.1"]
        configuration.importRules.allowedPorts = []
        // Failure tests expect the first failure to end the task; retry tests turn retries on.
        configuration.importRetries = 0
        return configuration
    }

    /// Runs the worker for the duration of `body` (unless `startsWorker` is false: then the test runs it), which
    /// talks to the API through `client`.
    public static func run<T: Sendable>(
        startsWorker: Bool = true,
        configure: @escaping (inout SkyliftConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (WorkerHarness, any TestClientProtocol) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("skylift-worker-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = configuration(directory: directory)
        configure(&configuration)
        if TestStore.isPostgres, configuration.database == Self.configuration(directory: directory).database {
            configuration.database = .postgres(try PostgresURL(try await TestPostgres.freshDatabaseURL()))
        }
        var logger = Logger(label: "skylift-test")
        logger.logLevel = ProcessInfo.processInfo.environment["SKYLIFT_TEST_LOG"] == nil ? .critical : .debug
        let components = try await Skylift.components(configuration: configuration, logger: logger)
        let harness = WorkerHarness(components: components, directory: directory)
        let application = Application(router: buildRouter(components.dependencies), logger: logger)
        let result: Result<T, any Error> = await withTaskGroup(of: Void.self) { group in
            if startsWorker { group.addTask { try? await components.workerParts.worker.run() } }
            defer { group.cancelAll() }
            do {
                return .success(try await application.test(.router) { client in try await body(harness, client) })
            } catch {
                return .failure(error)
            }
        }
        await components.workerParts.shutdown()
        (components.store as? PostgresTaskStore)?.shutdown()
        return try result.get()
    }

    /// The task as stored (any project), once it is `success` or `failure`.
    /// - Throws: `Timeout` when it is not final within `timeout`.
    public func final(_ id: String, timeout: Duration = .seconds(120)) async throws -> ImageTask {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let taskID = TaskID(id),
                let task = try await store.task(id: taskID, visibility: .all, now: Timestamp(seconds: 0)),
                task.status.isFinal
            {
                return task
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw Timeout(description: "task \(id) did not finish within \(timeout)")
    }

    /// Files in the image store, temporary ones included, and `.checkpoints/<task id>` for each task with step
    /// checkpoints kept (their folder itself is not counted).
    public func storedFileNames() throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: files.root.path)
        let kept = (try? FileManager.default.contentsOfDirectory(atPath: files.root.path + "/.checkpoints")) ?? []
        return (names.filter { $0 != ".checkpoints" } + kept.map { ".checkpoints/\($0)" }).sorted()
    }

    /// A wait that ran out.
    public struct Timeout: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }
}
