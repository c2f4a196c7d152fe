import Foundation
import HTTPTypes
import SkyliftDomain
import SkyliftExecutors
import SkyliftServer
import SkyliftStore
import SkyliftTesting
import Testing

/// Hostile images (contract §15.3) and failing sources (§10.1): each import ends `failure` with the right code and
/// step, and leaves no file and no image record behind.
@Suite("Hostile imports")
struct HostileImportTests {
    /// Imports `name` as `declared` (converting to raw when `convert`), and returns the final task after checking
    /// that nothing was stored.
    private func failedImport(
        _ server: LocalImageServer,
        path: String,
        declared: String,
        convert: Bool = true,
        configure: @escaping (inout SkyliftConfiguration) -> Void = { _ in }
    ) async throws -> ImageTask {
        try await WorkerHarness.run(configure: configure) { harness, client in
            let body = Scenario.importBody(
                url: "\(server.baseURL)\(path)",
                from: declared,
                to: convert ? "raw" : declared
            )
            let id = try await Scenario.create(client, body)
            let task = try await harness.final(id)
            #expect(task.status == .failure)
            #expect(task.message == task.failure?.message)
            #expect(task.progress < 100)
            #expect(try harness.storedFileNames() == [], "nothing stored, no temporary file left")
            let images = try await client.send(.get, "/v2/tasks/\(id)", as: .member(Projects.b))
            #expect(images["error"] != nil)
            #expect(task.steps.filter { $0.state == .failed }.map(\.name) == [task.failure?.step].compactMap { $0 })
            return task
        }
    }

    @Test("a qcow2 with a backing file naming a host file is unsafe, and no byte of that file is stored")
    func backingFile() async throws {
        try await LocalImageServer.withServer { server in
            let corpus = ImageCorpus(directory: server.root)
            try corpus.shell(
                "qemu-img",
                "create",
                "-f",
                "qcow2",
                "-b",
                "/etc/hostname",
                "-F",
                "raw",
                corpus.path("b.qcow2")
            )
            let task = try await failedImport(server, path: "/files/b.qcow2", declared: "qcow2")
            #expect(task.failure?.code == "unsafe_image")
            #expect(task.failure?.step == "inspect")
            #expect(task.steps.map(\.state) == [.done, .failed, .pending, .pending])
        }
    }

    @Test("a qcow2 with an external data file is unsafe")
    func dataFile() async throws {
        try await LocalImageServer.withServer { server in
            let corpus = ImageCorpus(directory: server.root)
            let options = "data_file=\(corpus.path("data.raw"))"
            try corpus.shell("qemu-img", "create", "-f", "qcow2", "-o", options, corpus.path("d.qcow2"), "1M")
            let task = try await failedImport(server, path: "/files/d.qcow2", declared: "qcow2")
            #expect(task.failure?.code == "unsafe_image")
        }
    }

    @Test("a VMDK descriptor whose extent names a host file is unsafe")
    func vmdkDescriptor() async throws {
        try await LocalImageServer.withServer { server in
            let corpus = ImageCorpus(directory: server.root)
            try corpus.vmdkDescriptor("h.vmdk", naming: "/etc/hostname")
            let task = try await failedImport(server, path: "/files/h.vmdk", declared: "vmdk")
            #expect(task.failure?.code == "unsafe_image")
        }
    }

    @Test("a qcow2 declared raw and a raw declared qcow2 are format mismatches", arguments: [true, false])
    func mismatch(qcow2DeclaredRaw: Bool) async throws {
        try await LocalImageServer.withServer { server in
            let corpus = ImageCorpus(directory: server.root)
            try corpus.raw("r.raw", bytes: 1 << 20)
            try corpus.convert("r.raw", to: "q.qcow2", format: "qcow2")
            let task =
                qcow2DeclaredRaw
                ? try await failedImport(server, path: "/files/q.qcow2", declared: "raw", convert: false)
                : try await failedImport(server, path: "/files/r.raw", declared: "qcow2")
            #expect(task.failure?.code == "format_mismatch")
            #expect(task.failure?.retryable == false)
            let expected =
                qcow2DeclaredRaw
                ? "Image format is qcow2 but import_from_format says raw"
                : "Image format is raw but import_from_format says qcow2"
            #expect(task.message == expected)
        }
    }

    @Test("a tiny qcow2 claiming 4 TiB, garbage declared qcow2 and a truncated qcow2 are unsafe")
    func unsafeShapes() async throws {
        try await LocalImageServer.withServer { server in
            let corpus = ImageCorpus(directory: server.root)
            try corpus.shell("qemu-img", "create", "-f", "qcow2", corpus.path("huge.qcow2"), "4T")
            try Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }).write(to: corpus.url("g.qcow2"))
            try corpus.raw("r.raw", bytes: 4 << 20)
            try corpus.convert("r.raw", to: "t.qcow2", format: "qcow2")
            try corpus.truncate("t.qcow2", keeping: 0.5)
            for name in ["huge.qcow2", "t.qcow2"] {
                let task = try await failedImport(server, path: "/files/\(name)", declared: "qcow2")
                #expect(task.failure?.code == "unsafe_image", "\(name)")
            }
            let garbage = try await failedImport(server, path: "/files/g.qcow2", declared: "qcow2")
            #expect(["unsafe_image", "format_mismatch"].contains(garbage.failure?.code))
        }
    }

    @Test("an HTTP error, a truncated body and a stall fail the download step")
    func downloadFailures() async throws {
        try await LocalImageServer.withServer { server in
            let notFound = try await failedImport(
                server,
                path: "/bytes/1000?status=404",
                declared: "raw",
                convert: false
            )
            #expect(notFound.failure?.code == "http_error")
            #expect(notFound.failure?.step == "download")
            #expect(notFound.message.contains("404"))
            let truncated = try await failedImport(
                server,
                path: "/bytes/\(1 << 20)?truncate=1000",
                declared: "raw",
                convert: false
            )
            #expect(truncated.failure?.code == "download_failed")
            #expect(truncated.failure?.retryable == true)
            let stalled = try await failedImport(
                server,
                path: "/bytes/\(1 << 20)?stall=1000",
                declared: "raw",
                convert: false
            ) {
                $0.importStallTimeout = 1
            }
            #expect(stalled.failure?.code == "download_failed")
        }
    }

    @Test("more than import.maxImageBytes is too large, downloaded or converted")
    func tooLarge() async throws {
        try await LocalImageServer.withServer { server in
            let corpus = ImageCorpus(directory: server.root)
            try corpus.raw("r.raw", bytes: 4 << 20)
            try corpus.convert("r.raw", to: "small.qcow2", format: "qcow2")
            let download = try await failedImport(server, path: "/files/r.raw", declared: "raw", convert: false) {
                $0.importMaxImageBytes = 1 << 20
            }
            #expect(download.failure?.code == "too_large")
            #expect(download.failure?.step == "download")
            // The qcow2 is small; its raw conversion (4 MiB) is over the cap.
            let converted = try await failedImport(server, path: "/files/small.qcow2", declared: "qcow2") {
                $0.importMaxImageBytes = 2 << 20
            }
            #expect(converted.failure?.code == "too_large")
            #expect(converted.failure?.step == "store")
        }
    }
}
