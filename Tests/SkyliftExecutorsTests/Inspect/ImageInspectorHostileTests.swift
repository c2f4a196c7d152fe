import Foundation
import SkyliftExecutors
import SkyliftTesting
import Testing

@Suite("Inspection refuses hostile and mislabelled images")
struct ImageInspectorHostileTests {
    private let inspector = ImageInspector()

    /// The refusal `inspect` throws for `name` declared as `declared`.
    private func failure(
        _ corpus: ImageCorpus,
        _ name: String,
        declared: DiskFormat,
        limits: InspectionLimits = InspectionLimits()
    ) async -> InspectionFailure {
        do throws(InspectionFailure) {
            let report = try await inspector.inspect(fileAt: corpus.url(name), declared: declared, limits: limits)
            Issue.record("\(name) was accepted as \(declared): \(report)")
            return InspectionFailure(code: .unsafeImage, message: "accepted")
        } catch {
            return error
        }
    }

    @Test("A qcow2 with a backing file is unsafe")
    func backingFile() async throws {
        let corpus = try ImageCorpus()
        try corpus.shell("qemu-img", "create", "-f", "qcow2", "-b", "/etc/passwd", "-F", "raw", corpus.path("b.qcow2"))
        let refusal = await failure(corpus, "b.qcow2", declared: .qcow2)
        #expect(refusal.code == .unsafeImage)
        #expect(
            refusal.message
                == "The qcow2 image names a backing file (/etc/passwd); images with backing files are refused"
        )
    }

    @Test("A qcow2 with an external data file is unsafe")
    func dataFile() async throws {
        let corpus = try ImageCorpus()
        let options = "data_file=\(corpus.path("data.raw"))"
        try corpus.shell("qemu-img", "create", "-f", "qcow2", "-o", options, corpus.path("d.qcow2"), "1M")
        let refusal = await failure(corpus, "d.qcow2", declared: .qcow2)
        #expect(refusal.code == .unsafeImage)
        #expect(refusal.message.contains("external data file"))
    }

    @Test("A VMDK descriptor naming a host file is unsafe")
    func vmdkDescriptor() async throws {
        let corpus = try ImageCorpus()
        try corpus.vmdkDescriptor("h.vmdk", naming: "/etc/hostname")
        #expect(try MagicBytes.detect(fileAt: corpus.url("h.vmdk")) == .vmdk)
        let refusal = await failure(corpus, "h.vmdk", declared: .vmdk)
        #expect(refusal.code == .unsafeImage)
        #expect(refusal.message.contains("extents"))
    }

    @Test("A qcow2 declared raw and raw declared qcow2 are format mismatches")
    func mismatches() async throws {
        let corpus = try ImageCorpus()
        try corpus.raw("r.raw")
        try corpus.convert("r.raw", to: "a.qcow2", format: "qcow2")
        let qcow2AsRaw = await failure(corpus, "a.qcow2", declared: .raw)
        #expect(qcow2AsRaw.code == .formatMismatch)
        #expect(qcow2AsRaw.message == "Image format is qcow2 but import_from_format says raw")
        let rawAsQcow2 = await failure(corpus, "r.raw", declared: .qcow2)
        #expect(rawAsQcow2.code == .formatMismatch)
        #expect(rawAsQcow2.message == "Image format is raw but import_from_format says qcow2")
        try corpus.convert("r.raw", to: "a.vhdx", format: "vhdx")
        #expect(await failure(corpus, "a.vhdx", declared: .vdi).code == .formatMismatch)
    }

    @Test("Garbage declared qcow2 is a format mismatch")
    func garbage() async throws {
        let corpus = try ImageCorpus()
        try Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }).write(to: corpus.url("g.qcow2"))
        #expect(await failure(corpus, "g.qcow2", declared: .qcow2).code == .formatMismatch)
    }

    @Test("A qcow2 claiming 4 TiB is refused under a 1 TiB limit")
    func virtualSize() async throws {
        let corpus = try ImageCorpus()
        try corpus.shell("qemu-img", "create", "-f", "qcow2", corpus.path("huge.qcow2"), "4T")
        let refusal = await failure(
            corpus,
            "huge.qcow2",
            declared: .qcow2,
            limits: InspectionLimits(maxVirtualBytes: 1 << 40)
        )
        #expect(refusal.code == .unsafeImage)
        #expect(refusal.message.contains("virtual size (4398046511104 bytes) exceeds"))
    }

    @Test(
        "A truncated image is unsafe",
        arguments: [("t.qcow2", "qcow2", DiskFormat.qcow2), ("t.vhdx", "vhdx", .vhdx), ("t.vdi", "vdi", .vdi)]
    )
    func truncated(name: String, qemuFormat: String, format: DiskFormat) async throws {
        let corpus = try ImageCorpus()
        try corpus.raw("r.raw")
        try corpus.convert("r.raw", to: name, format: qemuFormat)
        try corpus.truncate(name, keeping: 0.5)
        let refusal = await failure(corpus, name, declared: format)
        #expect(refusal.code == .unsafeImage)
    }

    @Test("A qcow2 header that also carries an ISO signature is refused")
    func polyglot() async throws {
        let corpus = try ImageCorpus()
        try corpus.raw("r.raw", bytes: 1 << 20)
        try corpus.convert("r.raw", to: "p.qcow2", format: "qcow2")
        let handle = try FileHandle(forWritingTo: corpus.url("p.qcow2"))
        try handle.seek(toOffset: 0x8001)
        try handle.write(contentsOf: Data("CD001".utf8))
        try handle.close()
        #expect(await failure(corpus, "p.qcow2", declared: .qcow2).code == .unsafeImage)
    }
}
