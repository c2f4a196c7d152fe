import Foundation
import HTTPTypes
import JSONSchema
import SkyliftDomain
import SkyliftExecutors
import SkyliftStore
import SkyliftTesting
import Testing

/// Import tasks end to end (contract §7.2): a real download from 127.0.0.1, the real qemu-img, the stored file.
@Suite("Import tasks")
struct ImportTests {
    /// A disk format as a test image is made in it.
    struct Source: Sendable, CustomStringConvertible {
        var format: String
        var qemuFormat: String
        var options: String?
        var description: String { options.map { "\(format) (\($0))" } ?? format }
    }

    static let sources: [Source] = [
        Source(format: "raw", qemuFormat: "raw"),
        Source(format: "qcow2", qemuFormat: "qcow2"),
        Source(format: "vmdk", qemuFormat: "vmdk", options: "subformat=monolithicSparse"),
        Source(format: "vmdk", qemuFormat: "vmdk", options: "subformat=streamOptimized"),
        Source(format: "vhd", qemuFormat: "vpc", options: "subformat=fixed,force_size=on"),
        Source(format: "vhd", qemuFormat: "vpc", options: "subformat=dynamic,force_size=on"),
        Source(format: "vhdx", qemuFormat: "vhdx"),
        Source(format: "vdi", qemuFormat: "vdi"),
    ]

    @Test(
        "every format imports as itself, byte for byte, and converted to raw with the same content",
        arguments: sources
    )
    func importsEveryFormat(source: Source) async throws {
        try await LocalImageServer.withServer { server in
            let corpus = ImageCorpus(directory: server.root)
            try corpus.raw("disk.raw", bytes: 8 << 20)
            let name = "disk.\(source.format)"
            if source.format != "raw" {
                try corpus.convert("disk.raw", to: name, format: source.qemuFormat, options: source.options)
            }
            let served = try Scenario.digests(corpus.path(name))
            try await WorkerHarness.run { harness, client in
                let url = "\(server.baseURL)/files/\(name)"
                let same = try await Scenario.create(
                    client,
                    Scenario.importBody(url: url, from: source.format, to: source.format)
                )
                let task = try await harness.final(same)
                try #require(task.status == .success, "\(task.message)")
                let result = try Scenario.result(task)
                guard case .string(let imageID)? = result["image_id"] else {
                    Issue.record("no image_id")
                    return
                }
                let stored = try Scenario.digests(try harness.files.path(for: imageID))
                #expect(stored.md5 == served.md5)
                #expect(stored.sha512 == served.sha512)
                #expect(result["checksum"] == .string(served.md5))
                #expect(result["os_hash_algo"] == "sha512")
                #expect(result["os_hash_value"] == .string(served.sha512))
                #expect(result["size"] == .integer(Int64(served.size)))
                #expect(result["virtual_size"] == .integer(8 << 20))
                #expect(result["disk_format"] == .string(source.format))
                #expect(task.imageID == imageID)
                #expect(task.progress == 100)
                #expect(task.steps.map(\.state) == [.done, .done, .skipped, .done])
                #expect(task.steps.first?.bytesDone == Int64(served.size))

                let toRaw = try await Scenario.create(
                    client,
                    Scenario.importBody(url: url, from: source.format, to: "raw")
                )
                let converted = try await harness.final(toRaw)
                try #require(converted.status == .success, "\(converted.message)")
                guard case .string(let rawID)? = try Scenario.result(converted)["image_id"] else { return }
                let rawPath = try harness.files.path(for: rawID)
                #expect(try ImageCorpus.sameContent(rawPath, "raw", corpus.path("disk.raw"), "raw"))
                let convertStep: TaskStep.State = source.format == "raw" ? .skipped : .done
                #expect(converted.steps.map(\.state) == [.done, .done, convertStep, .done])
                #expect(try Scenario.digests(rawPath).size == 8 << 20)
                #expect(try harness.storedFileNames() == [imageID, rawID].sorted())
            }
        }
    }

    @Test("raw converts to every writable format with the same content")
    func rawConvertsToEveryFormat() async throws {
        try await LocalImageServer.withServer { server in
            let corpus = ImageCorpus(directory: server.root)
            try corpus.raw("disk.raw", bytes: 6 << 20)
            try await WorkerHarness.run { harness, client in
                for target in ["qcow2", "vmdk", "vhd", "vhdx", "vdi"] {
                    let url = "\(server.baseURL)/files/disk.raw"
                    let id = try await Scenario.create(client, Scenario.importBody(url: url, from: "raw", to: target))
                    let task = try await harness.final(id)
                    try #require(task.status == .success, "\(target): \(task.message)")
                    guard case .string(let imageID)? = try Scenario.result(task)["image_id"] else { continue }
                    let path = try harness.files.path(for: imageID)
                    let sameContent = try ImageCorpus.sameContent(
                        path,
                        Scenario.qemuName(target),
                        corpus.path("disk.raw"),
                        "raw"
                    )
                    #expect(sameContent, "\(target)")
                    let stored = try Scenario.digests(path)
                    #expect(try Scenario.result(task)["checksum"] == .string(stored.md5), "\(target)")
                    #expect(try Scenario.result(task)["size"] == .integer(Int64(stored.size)), "\(target)")
                }
            }
        }
    }

    @Test("the image record is active, owned by the task's project, with the custom properties")
    func imageRecord() async throws {
        try await LocalImageServer.withServer { server in
            let corpus = ImageCorpus(directory: server.root)
            try corpus.raw("disk.raw", bytes: 2 << 20)
            try await WorkerHarness.run { harness, client in
                let imageID = "6d3c3b9e-34c1-4bd5-8d4c-0fbe1d9e1a01"
                let body = Scenario.importBody(
                    url: "\(server.baseURL)/files/disk.raw",
                    from: "raw",
                    to: "qcow2",
                    name: "cirros",
                    extra: #", "image_id": "6D3C3B9E-34C1-4BD5-8D4C-0FBE1D9E1A01""#
                )
                let id = try await Scenario.create(client, body)
                let task = try await harness.final(id)
                try #require(task.status == .success, "\(task.message)")
                let image = try #require(try await harness.store.image(id: imageID, visibility: .owner(Projects.b)))
                #expect(image.status == .active)
                #expect(image.name == "cirros")
                #expect(image.diskFormat == "qcow2")
                #expect(image.containerFormat == "bare")
                #expect(image.properties == ["os_distro": "cirros"])
                #expect(image.virtualSize == 2 << 20)
                #expect(task.imageID == imageID)
                let again = try await client.send(
                    .post,
                    "/v2/tasks",
                    as: .member(Projects.b),
                    body: body
                )
                #expect(again.status == .conflict)
            }
        }
    }

    @Test("a body without Content-Length imports with a warning; the shown task carries steps and progress")
    func chunkedWarning() async throws {
        try await LocalImageServer.withServer { server in
            try await WorkerHarness.run { harness, client in
                let url = "\(server.baseURL)/bytes/\(3 << 20)?chunked=1"
                let id = try await Scenario.create(client, Scenario.importBody(url: url, from: "raw", to: "raw"))
                let task = try await harness.final(id)
                try #require(task.status == .success, "\(task.message)")
                #expect(task.warnings == ["Source sent no Content-Length"])
                let shown = try await client.send(.get, "/v2/tasks/\(id)", as: .member(Projects.b))
                #expect(shown["progress"] == .integer(100))
                #expect(shown["warnings"] == .array(["Source sent no Content-Length"]))
                guard case .array(let steps)? = shown["steps"] else {
                    Issue.record("no steps")
                    return
                }
                #expect(steps.count == 4)
                #expect(shown["status"] == "success")
                #expect(shown["expires_at"] != nil)
            }
        }
    }

    @Test("a checksum in the input is verified against the downloaded bytes")
    func checksum() async throws {
        try await LocalImageServer.withServer { server in
            let corpus = ImageCorpus(directory: server.root)
            try corpus.raw("disk.raw", bytes: 1 << 20)
            let data = try Data(contentsOf: corpus.url("disk.raw"))
            let sha256 = SHA256Hex.of(data)
            try await WorkerHarness.run { harness, client in
                let url = "\(server.baseURL)/files/disk.raw"
                let good = try await Scenario.create(
                    client,
                    Scenario.importBody(url: url, from: "raw", to: "raw", checksum: ("sha256", sha256.uppercased()))
                )
                #expect(try await harness.final(good).status == .success)
                let wrong = String(repeating: "0", count: 64)
                let bad = try await Scenario.create(
                    client,
                    Scenario.importBody(url: url, from: "raw", to: "raw", checksum: ("sha256", wrong))
                )
                let failed = try await harness.final(bad)
                #expect(failed.status == .failure)
                #expect(failed.failure?.code == "checksum_mismatch")
                #expect(failed.failure?.step == "download")
                #expect(try harness.storedFileNames().count == 1)
            }
        }
    }

    @Test(
        "compressed sources as distributions publish them import decompressed, converted to raw too",
        arguments: [("xz", "xz -T1 -c"), ("gz", "gzip -c"), ("zst", "zstd -q -c"), ("bz2", "bzip2 -c")]
    )
    func compressedSource(suffix: String, command: String) async throws {
        try await LocalImageServer.withServer { server in
            let corpus = ImageCorpus(directory: server.root)
            try corpus.raw("disk.raw", bytes: 8 << 20)
            try corpus.convert("disk.raw", to: "disk.qcow2", format: "qcow2")
            try corpus.shell("sh", "-c", "cd \(corpus.path("")) && \(command) disk.qcow2 > disk.qcow2.\(suffix)")
            let original = try Scenario.digests(corpus.path("disk.qcow2"))
            try await WorkerHarness.run { harness, client in
                let url = "\(server.baseURL)/files/disk.qcow2.\(suffix)"
                let same = try await Scenario.create(client, Scenario.importBody(url: url, from: "qcow2", to: "qcow2"))
                let raw = try await Scenario.create(client, Scenario.importBody(url: url, from: "qcow2", to: "raw"))
                let task = try await harness.final(same)
                try #require(task.status == .success, "\(task.message)")
                let result = try Scenario.result(task)
                #expect(result["checksum"] == .string(original.md5))
                #expect(result["os_hash_value"] == .string(original.sha512))
                #expect(result["size"] == .integer(Int64(original.size)))
                #expect(
                    task.warnings.contains {
                        $0.hasPrefix("Decompressed ") && $0.hasSuffix("→ \(original.size) bytes)")
                    }
                )
                let converted = try await harness.final(raw)
                try #require(converted.status == .success, "\(converted.message)")
                #expect(try Scenario.result(converted)["virtual_size"] == .integer(8 << 20))
            }
        }
    }
}
