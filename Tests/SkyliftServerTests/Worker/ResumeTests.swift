import Foundation
import JSONSchema
import SkyliftDomain
import SkyliftExecutors
import SkyliftServer
import SkyliftStore
import SkyliftTesting
import Testing

/// A task claimed again after a lost lease resumes at its current step (contract §11.3): what an earlier attempt
/// finished (the download, the conversion) is taken over, not done again.
@Suite("Resuming a reclaimed task")
struct ResumeTests {
    /// What the first attempt left: its progress and the image it would have published.
    struct FirstAttempt {
        var task: ImageTask
        var steps: [TaskStep]
        var image: ImageRecord
        var epoch: Int64
    }

    /// Claims `id` as a first attempt with a lease of half a second and runs its executor to the end, as a worker
    /// does that finishes its steps and then dies before saving the task's end. Its progress is saved; the image
    /// it published is removed (the task never recorded it).
    static func firstAttempt(_ harness: WorkerHarness, _ id: String) async throws -> FirstAttempt {
        let terms = ClaimTerms(leaseSeconds: 0.5, maxAttempts: 3, timeToLive: 3600)
        let clock = SystemWallClock()
        let claimed = try #require(try await harness.store.claimNext(worker: "first", now: clock.now(), terms: terms))
        try #require(claimed.task.id.rawValue == id)
        let executor = try #require(harness.components.workerParts.registry.executor(for: claimed.task.type))
        let progress = TaskProgress(task: claimed.task, weights: [:], clock: clock, epoch: claimed.lease.epoch)
        let outcome = try await executor.run(claimed.task, progress: progress)
        _ = try await harness.store.saveProgress(
            progress.snapshot,
            lease: claimed.lease,
            leaseUntil: clock.now().adding(seconds: 0.5)
        )
        try harness.files.remove(imageID: outcome.image.id)
        try await Task.sleep(for: .milliseconds(600))
        return FirstAttempt(
            task: claimed.task,
            steps: progress.snapshot.steps,
            image: outcome.image,
            epoch: claimed.lease.epoch
        )
    }

    /// Runs the harness's worker until `id` ends; returns the task as saved.
    static func runWorker(_ harness: WorkerHarness, until id: String) async throws -> ImageTask {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await harness.components.workerParts.worker.run() }
            defer { group.cancelAll() }
            return try await harness.final(id, timeout: .seconds(60))
        }
    }

    static func checkpointFolder(_ harness: WorkerHarness, _ id: String) -> String {
        harness.files.root.appendingPathComponent(".checkpoints/\(id)").path
    }

    static func importBody(_ server: LocalImageServer) throws -> String {
        let corpus = ImageCorpus(directory: server.root)
        try corpus.raw("disk.raw", bytes: 6 << 20)
        try corpus.convert("disk.raw", to: "disk.qcow2", format: "qcow2")
        return Scenario.importBody(url: "\(server.baseURL)/files/disk.qcow2", from: "qcow2", to: "raw")
    }

    static func downloads(_ server: LocalImageServer) -> Int {
        server.requests.filter { $0.method == "GET" && $0.path == "/files/disk.qcow2" }.count
    }

    @Test("an import whose download finished is not fetched again: the next attempt inspects and converts it")
    func resumesAfterDownload() async throws {
        try await LocalImageServer.withServer { server in
            let body = try Self.importBody(server)
            try await WorkerHarness.run(startsWorker: false) { harness, client in
                let id = try await Scenario.create(client, body)
                let first = try await Self.firstAttempt(harness, id)
                #expect(Self.downloads(server) == 1)
                // The first attempt died before its conversion was kept: only the download is left.
                let folder = Self.checkpointFolder(harness, id)
                try FileManager.default.removeItem(atPath: "\(folder)/e\(first.epoch)-convert")
                try FileManager.default.removeItem(atPath: "\(folder)/e\(first.epoch)-convert.json")
                // Checkpoints of a task that is gone are removed when a worker starts.
                let gone = harness.files.root.appendingPathComponent(".checkpoints/\(TaskID().rawValue)")
                try FileManager.default.createDirectory(at: gone, withIntermediateDirectories: true)

                let task = try await Self.runWorker(harness, until: id)
                try #require(task.status == .success, "\(task.message)")
                #expect(Self.downloads(server) == 1, "the finished download was fetched again")
                #expect(task.steps.map(\.state) == [.done, .done, .done, .done])
                let download = try #require(task.steps.first)
                #expect(download == first.steps.first, "the download step is the first attempt's")
                let convert = try #require(task.steps.first { $0.name == "convert" })
                let firstConvert = try #require(first.steps.first { $0.name == "convert" })
                #expect(try #require(convert.startedAt) > (try #require(firstConvert.finishedAt)))
                let result = try Scenario.result(task)
                #expect(result["checksum"] == .string(first.image.checksum ?? "-"))
                #expect(result["os_hash_value"] == .string(first.image.osHashValue ?? "-"))
                let imageID = try #require(task.imageID)
                let stored = try Scenario.digests(try harness.files.path(for: imageID))
                #expect(stored.sha512 == first.image.osHashValue)
                #expect(!FileManager.default.fileExists(atPath: folder), "the ended task's checkpoints stay")
                #expect(!FileManager.default.fileExists(atPath: gone.path), "a gone task's checkpoints stay")
                #expect(try harness.storedFileNames() == [imageID])
            }
        }
    }

    @Test("an import whose conversion finished goes straight to store, and a convert task the same")
    func resumesAfterConversion() async throws {
        try await LocalImageServer.withServer { server in
            let body = try Self.importBody(server)
            try await WorkerHarness.run(startsWorker: false) { harness, client in
                let id = try await Scenario.create(client, body)
                let first = try await Self.firstAttempt(harness, id)
                let task = try await Self.runWorker(harness, until: id)
                try #require(task.status == .success, "\(task.message)")
                #expect(Self.downloads(server) == 1)
                #expect(
                    Array(task.steps.prefix(3)) == Array(first.steps.prefix(3)),
                    "download, inspect, convert ran again"
                )
                let store = try #require(task.steps.last)
                #expect(try #require(store.startedAt) > (try #require(first.steps.last?.finishedAt)))
                #expect(task.steps.last?.state == .done)
                let result = try Scenario.result(task)
                #expect(result["os_hash_value"] == .string(first.image.osHashValue ?? "-"))
                #expect(result["virtual_size"] == .integer(6 << 20))

                // A convert task of the imported image: the first attempt converts, the next one only stores.
                let imageID = try #require(task.imageID)
                let convertID = try await Scenario.create(client, Scenario.convertBody(imageID: imageID, to: "qcow2"))
                let firstConvert = try await Self.firstAttempt(harness, convertID)
                let converted = try await Self.runWorker(harness, until: convertID)
                try #require(converted.status == .success, "\(converted.message)")
                #expect(Array(converted.steps.prefix(2)) == Array(firstConvert.steps.prefix(2)))
                let convertResult = try Scenario.result(converted)
                #expect(convertResult["os_hash_value"] == .string(firstConvert.image.osHashValue ?? "-"))
                #expect(!FileManager.default.fileExists(atPath: Self.checkpointFolder(harness, convertID)))
            }
        }
    }
}
