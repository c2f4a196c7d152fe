import Foundation
import HTTPTypes
import JSONSchema
import SkyliftDomain
import SkyliftExecutors
import SkyliftStore
import SkyliftTesting
import Testing

/// Cancel of running work (contract §10.2): a throttled download and a real `qemu-img convert` stop within 2 s,
/// the task ends `canceled` naming the user, and no file or image record is left.
@Suite("Cancel running tasks")
struct CancelTests {
    /// Polls the stored task until `condition` holds (progress is saved at most once a second).
    private func waitFor(
        _ harness: WorkerHarness,
        _ id: String,
        _ condition: (ImageTask) -> Bool
    ) async throws -> ImageTask {
        let taskID = try #require(TaskID(id))
        for _ in 0..<600 {
            if let task = try await harness.store.task(id: taskID, visibility: .all, now: Timestamp(seconds: 0)),
                condition(task)
            {
                return task
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw WorkerHarness.Timeout(description: "task \(id) never reached the awaited state")
    }

    /// Whether a `qemu-img convert` writing into `folder` is running.
    private func convertRunning(into folder: String) -> Bool {
        let output = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pgrep")
        process.arguments = ["-f", "qemu-img convert .*\(folder)"]
        process.standardOutput = output
        try? process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    @Test("a throttled download stops within 2 s of the cancel; nothing is left on disk")
    func cancelDownload() async throws {
        try await LocalImageServer.withServer { server in
            try await WorkerHarness.run { harness, client in
                let url = "\(server.baseURL)/bytes/\(64 << 20)?throttle=\(4 << 20)"
                let id = try await Scenario.create(client, Scenario.importBody(url: url, from: "raw", to: "raw"))
                _ = try await waitFor(harness, id) { ($0.steps.first?.bytesDone ?? 0) > 0 }
                let asked = ContinuousClock.now
                let reply = try await client.send(.post, "/v2/tasks/\(id)/cancel", as: .member(Projects.b))
                #expect(reply.status == .accepted)
                let task = try await harness.final(id)
                let took = ContinuousClock.now - asked
                #expect(took < .seconds(2), "cancel took \(took)")
                #expect(task.status == .failure)
                #expect(task.failure?.code == "canceled", "\(task.message)")
                #expect(task.failure?.step == "download")
                #expect(task.message == "Canceled by user bob")
                #expect(task.steps.first?.state == .failed)
                #expect(try harness.storedFileNames() == [])
                let again = try await client.send(.post, "/v2/tasks/\(id)/cancel", as: .member(Projects.b))
                #expect(again.status == .accepted)
                #expect(again["message"] == "Canceled by user bob")
            }
        }
    }

    /// A 1 GiB raw image of project B written straight into the image store (an import through HTTP would cost
    /// the machine seconds of hashing while other suites run).
    private func seedLargeImage(_ harness: WorkerHarness) async throws -> String {
        let id = UUID().uuidString.lowercased()
        let path = try harness.files.path(for: id)
        let chunk = Data((0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) })
        try #require(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        for _ in 0..<1024 { try handle.write(contentsOf: chunk) }
        try handle.close()
        let now = Timestamp(seconds: 1_795_000_000)
        try await harness.store.createImage(
            ImageRecord(
                id: id,
                name: "big",
                status: .active,
                diskFormat: "raw",
                containerFormat: "bare",
                size: 1 << 30,
                virtualSize: 1 << 30,
                checksum: nil,
                osHashAlgo: nil,
                osHashValue: nil,
                owner: Projects.b,
                createdAt: now,
                updatedAt: now
            )
        )
        return id
    }

    @Test("a running qemu-img convert is killed within 2 s of the cancel; no partial file, no image")
    func cancelConversion() async throws {
        try await WorkerHarness.run { harness, client in
            let sourceID = try await seedLargeImage(harness)
            let id = try await Scenario.create(client, Scenario.convertBody(imageID: sourceID, to: "vmdk"))
            let folder = harness.files.root.path
            // Cancel as soon as qemu-img is seen running (it takes seconds on this 1 GiB image).
            let deadline = ContinuousClock.now + .seconds(60)
            while !convertRunning(into: folder), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            let wasRunning = convertRunning(into: folder)
            let asked = ContinuousClock.now
            #expect(
                try await client.send(.post, "/v2/tasks/\(id)/cancel", as: .member(Projects.b)).status == .accepted
            )
            let task = try await harness.final(id)
            let took = ContinuousClock.now - asked
            #expect(took < .seconds(2), "cancel took \(took)")
            #expect(task.failure?.code == "canceled", "\(task.message)")
            #expect(!convertRunning(into: folder), "qemu-img is still running")
            #expect(wasRunning, "qemu-img had finished before the cancel: the kill was not exercised")
            #expect(task.failure?.step == "convert")
            #expect(try harness.storedFileNames() == [sourceID], "only the source image is left")
            let images = try await harness.store.images(ImageListQuery(limit: 10), visibility: .all)
            #expect(images.map(\.id) == [sourceID])
        }
    }
}
