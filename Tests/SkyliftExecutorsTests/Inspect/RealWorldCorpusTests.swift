import Foundation
import SkyliftExecutors
import SkyliftTesting
import Testing

/// Issue 10: images shaped as distributions and qemu-img's options publish them are accepted whole, and the same
/// files cut at 50 %, 90 % and one byte short are refused.
@Suite("Inspection of the real-world corpus")
struct RealWorldCorpusTests {
    private let inspector = ImageInspector()

    /// A corpus holding the base disk and `shape`, built with the real qemu-img.
    private func corpus(with shape: ImageShape) throws -> ImageCorpus {
        let corpus = try ImageCorpus()
        try RealWorldCorpus.writeBase(into: corpus)
        try shape.make(in: corpus)
        return corpus
    }

    @Test("each shape is accepted and converts to raw with the same content", arguments: RealWorldCorpus.shapes)
    func accepts(shape: ImageShape) async throws {
        let corpus = try corpus(with: shape)
        let format = try #require(DiskFormat(rawValue: shape.format))
        let report = try await inspector.inspect(fileAt: corpus.url(shape.file), declared: format)
        #expect(report.format == format)
        try corpus.shell(
            "qemu-img",
            ["convert", "-f", shape.qemuFormat, "-O", "raw", corpus.path(shape.file), corpus.path("out.raw")]
        )
        #expect(try corpus.same(shape.file, shape.qemuFormat, "out.raw", "raw"))
    }

    @Test("each shape cut at 50 %, 90 % and one byte short is refused", arguments: RealWorldCorpus.shapes)
    func refusesCuts(shape: ImageShape) async throws {
        guard shape.detectsCuts else { return }
        let corpus = try corpus(with: shape)
        let format = try #require(DiskFormat(rawValue: shape.format))
        let size = try corpus.size(shape.file)
        for keep in [size / 2, size * 9 / 10, size - 1] {
            let cut = "cut-\(keep)-\(shape.file)"
            try FileManager.default.copyItem(at: corpus.url(shape.file), to: corpus.url(cut))
            try corpus.truncate(cut, toBytes: keep)
            do throws(InspectionFailure) {
                let report = try await inspector.inspect(fileAt: corpus.url(cut), declared: format)
                Issue.record("\(shape) cut to \(keep) of \(size) bytes was accepted: \(report)")
            } catch {
                #expect(error.code == .unsafeImage || error.code == .formatMismatch)
            }
        }
    }
}

/// §15.3's other comparisons of sizes, at their exact boundaries.
@Suite("Inspection limits at their boundaries")
struct InspectionBoundaryTests {
    private let inspector = ImageInspector()

    @Test(
        "a virtual size equal to import.maxVirtualBytes is accepted, one sector more is refused",
        arguments: [
            ("qcow2", DiskFormat.qcow2), ("vpc", .vhd), ("vhdx", .vhdx), ("vdi", .vdi), ("vmdk", .vmdk),
        ]
    )
    func virtualSizeLimit(qemuFormat: String, format: DiskFormat) async throws {
        let corpus = try ImageCorpus()
        let options = qemuFormat == "vpc" ? ["-o", "force_size=on"] : []
        try corpus.shell("qemu-img", ["create", "-q", "-f", qemuFormat] + options + [corpus.path("at"), "64M"])
        try corpus.shell("qemu-img", ["create", "-q", "-f", qemuFormat] + options + [corpus.path("over"), "67109376"])
        let limits = InspectionLimits(maxVirtualBytes: 64 << 20)
        let report = try await inspector.inspect(fileAt: corpus.url("at"), declared: format, limits: limits)
        #expect(report.virtualSize == 64 << 20)
        await #expect(throws: InspectionFailure.self) {
            try await inspector.inspect(fileAt: corpus.url("over"), declared: format, limits: limits)
        }
    }
}
