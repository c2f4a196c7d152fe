import Foundation
import SkyliftExecutors
import SkyliftTesting
import Testing

@Suite("Inspection accepts well-formed images")
struct ImageInspectorValidTests {
    private let inspector = ImageInspector()

    @Test(
        "Each format inspects OK with its virtual size",
        arguments: [
            ("r.raw", DiskFormat.raw, nil as String?, nil as String?),
            ("a.qcow2", .qcow2, "qcow2", nil),
            ("sparse.vmdk", .vmdk, "vmdk", nil),
            ("stream.vmdk", .vmdk, "vmdk", "subformat=streamOptimized"),
            ("dynamic.vhd", .vhd, "vpc", "force_size=on"),
            ("fixed.vhd", .vhd, "vpc", "subformat=fixed,force_size=on"),
            ("a.vhdx", .vhdx, "vhdx", nil),
            ("a.vdi", .vdi, "vdi", nil),
            ("fixed.vdi", .vdi, "vdi", "static=on"),
        ]
    )
    func accepts(name: String, format: DiskFormat, qemuFormat: String?, options: String?) async throws {
        let corpus = try ImageCorpus()
        try corpus.raw("r.raw")
        if let qemuFormat { try corpus.convert("r.raw", to: name, format: qemuFormat, options: options) }
        #expect(try MagicBytes.detect(fileAt: corpus.url(name)) == (format == .raw ? nil : format))
        let report = try await inspector.inspect(fileAt: corpus.url(name), declared: format)
        #expect(report.format == format)
        #expect(report.virtualSize == 4 << 20)
        #expect(report.actualSize > 0)
    }

    @Test("An ISO 9660 signature is detected and the file is inspected as raw")
    func iso() async throws {
        let corpus = try ImageCorpus()
        try corpus.raw("cd.iso", bytes: 1 << 20)
        let handle = try FileHandle(forWritingTo: corpus.url("cd.iso"))
        try handle.seek(toOffset: 0x8000)
        try handle.write(contentsOf: Data([1]) + Data("CD001".utf8))
        // The primary volume descriptor's size, both-endian: 512 blocks of 2,048 bytes, the whole file.
        try handle.seek(toOffset: 0x8000 + 80)
        try handle.write(contentsOf: Data([0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00]))
        try handle.seek(toOffset: 0x8000 + 128)
        try handle.write(contentsOf: Data([0x00, 0x08, 0x08, 0x00]))
        try handle.close()
        #expect(try MagicBytes.detect(fileAt: corpus.url("cd.iso")) == .iso)
        let report = try await inspector.inspect(fileAt: corpus.url("cd.iso"), declared: .iso)
        #expect(report.virtualSize == 1 << 20)
        await #expect(throws: InspectionFailure.self) {
            try await inspector.inspect(fileAt: corpus.url("cd.iso"), declared: .raw)
        }
    }

    @Test("DiskFormat names VHD vpc for qemu-img")
    func qemuNames() {
        #expect(DiskFormat.vhd.qemuName == "vpc")
        #expect(DiskFormat.qcow2.qemuName == "qcow2")
        #expect(DiskFormat.allCases.count == 7)
    }
}
