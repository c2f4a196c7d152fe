import Foundation
import SkyliftExecutors
import SkyliftTesting
import Testing

@Suite("qemu-img conversions round-trip")
struct QemuImgConvertTests {
    private let qemuImg = QemuImg()

    @Test(
        "Converted images hold the same disk",
        arguments: [
            (DiskFormat.vmdk, DiskFormat.raw),
            (.raw, .qcow2),
            (.raw, .vhd),
            (.qcow2, .vdi),
            (.raw, .vmdk),
            (.vhdx, .raw),
        ]
    )
    func roundTrip(from source: DiskFormat, to destination: DiskFormat) async throws {
        let corpus = try ImageCorpus()
        try corpus.raw("r.raw")
        let sourceName = "source.\(source)"
        if source != .raw { try corpus.convert("r.raw", to: sourceName, format: source.qemuName) }
        let input = source == .raw ? "r.raw" : sourceName
        try await qemuImg.convert(
            source: corpus.path(input),
            format: source,
            destination: corpus.path("out.\(destination)"),
            format: destination
        )
        #expect(try corpus.same("r.raw", "raw", "out.\(destination)", destination.qemuName))
        let report = try await ImageInspector().inspect(fileAt: corpus.url("out.\(destination)"), declared: destination)
        #expect(report.virtualSize == 4 << 20)
        if destination == .vmdk {
            let info = try await qemuImg.info(path: corpus.path("out.vmdk"), format: .vmdk)
            #expect(info.specific?.createType == "monolithicSparse")
        }
    }

    @Test("VHD output keeps the exact virtual size (force_size=on)")
    func vhdForceSize() async throws {
        let corpus = try ImageCorpus()
        try corpus.raw("odd.raw", bytes: 5_000_192)
        try await qemuImg.convert(
            source: corpus.path("odd.raw"),
            format: .raw,
            destination: corpus.path("odd.vhd"),
            format: .vhd
        )
        let info = try await qemuImg.info(path: corpus.path("odd.vhd"), format: .vhd)
        #expect(info.virtualSize == 5_000_192)
    }

    @Test("A failed conversion throws with the exit status and a one-line summary, and removes the output")
    func failure() async throws {
        let corpus = try ImageCorpus()
        try corpus.raw("r.raw")
        do {
            try await qemuImg.convert(
                source: corpus.path("r.raw"),
                format: .qcow2,
                destination: corpus.path("out.raw"),
                format: .raw
            )
            Issue.record("converting raw data read as qcow2 succeeded")
        } catch let error as QemuImgError {
            #expect(error.exitStatus == 1)
            #expect(!error.killedByLimit)
            #expect(error.summary.contains("qcow2"))
            #expect(!FileManager.default.fileExists(atPath: corpus.path("out.raw")))
        }
    }
}
