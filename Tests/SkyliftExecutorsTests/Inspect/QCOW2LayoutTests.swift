import Foundation
import SkyliftTesting
import Testing

@testable import SkyliftExecutors

/// The qcow2 layout walk (issue 10): it finds what `qemu-img check` counts, and decides truncation by the bytes
/// each structure needs rather than by whole clusters.
@Suite("qcow2 layout walk")
struct QCOW2LayoutTests {
    /// The qcow2 shapes of the real-world corpus, built in one corpus.
    private static func qcow2Corpus() throws -> (ImageCorpus, [ImageShape]) {
        let corpus = try ImageCorpus()
        try RealWorldCorpus.writeBase(into: corpus)
        let shapes = RealWorldCorpus.shapes.filter { $0.format == "qcow2" }
        for shape in shapes { try shape.make(in: corpus) }
        return (corpus, shapes)
    }

    @Test("the walk reaches the last cluster qemu-img check counts, for every qcow2 shape")
    func walkMatchesCheck() async throws {
        let (corpus, shapes) = try Self.qcow2Corpus()
        for shape in shapes {
            let check = try await QemuImg().check(path: corpus.path(shape.file), format: .qcow2)
            let layout = try QCOW2Layout(reader: ImageFileReader(path: corpus.path(shape.file)))
            let clusterSize = layout.header.clusterSize
            var lastCluster: Int64 = 0
            try layout.forEachStructure { structure in
                let end = structure.start + max(structure.length, 1)
                lastCluster = max(lastCluster, (end + clusterSize - 1) / clusterSize * clusterSize)
            }
            #expect(lastCluster == check.imageEndOffset, "\(shape)")
        }
    }

    @Test("a new image ends with its short L1 table, which must be whole")
    func shortL1Table() throws {
        let corpus = try ImageCorpus()
        try corpus.shell("qemu-img", "create", "-q", "-f", "qcow2", corpus.path("new.qcow2"), "1M")
        #expect(try corpus.size("new.qcow2") == 196_616)
        #expect(try QCOW2Layout.missingStructure(in: ImageFileReader(path: corpus.path("new.qcow2"))) == nil)
        try corpus.truncate("new.qcow2", toBytes: 196_615)
        let missing = try QCOW2Layout.missingStructure(in: ImageFileReader(path: corpus.path("new.qcow2")))
        #expect(missing == MissingStructure(name: "L1 table", start: 196_608, end: 196_616))
        #expect(
            missing?.message(format: .qcow2, fileSize: 196_615)
                == "The qcow2 image is truncated: its L1 table at offset 196608 runs to 196616, past its end at 196615"
        )
    }

    @Test("a compressed image without padding ends where its last stream ends; one byte less is a cut stream")
    func unpaddedCompressedTail() throws {
        let corpus = try ImageCorpus()
        let shape = try #require(RealWorldCorpus.shapes.first { $0.file == "unpadded.qcow2" })
        try shape.make(in: corpus)
        let size = try corpus.size("unpadded.qcow2")
        #expect(size % 512 != 0, "qemu-io's compressed writes leave the file unpadded")
        #expect(try QCOW2Layout.missingStructure(in: ImageFileReader(path: corpus.path("unpadded.qcow2"))) == nil)
        try corpus.truncate("unpadded.qcow2", toBytes: size - 1)
        let missing = try QCOW2Layout.missingStructure(in: ImageFileReader(path: corpus.path("unpadded.qcow2")))
        #expect(missing?.name == "compressed cluster")
    }

    @Test("a padded compressed image that lost part of its padding has been cut", arguments: ["zlib", "zstd"])
    func paddedCompressedTail(type: String) throws {
        let corpus = try ImageCorpus()
        try corpus.raw("pattern.raw", bytes: 3 << 20)
        try corpus.shell(
            "qemu-img",
            ["convert", "-q", "-c", "-f", "raw", "-O", "qcow2", "-o", "compression_type=\(type)"]
                + [corpus.path("pattern.raw"), corpus.path("c.qcow2")]
        )
        let size = try corpus.size("c.qcow2")
        #expect(size % 512 == 0, "qemu-img convert -c pads to a sector")
        #expect(try QCOW2Layout.missingStructure(in: ImageFileReader(path: corpus.path("c.qcow2"))) == nil)
        try corpus.truncate("c.qcow2", toBytes: size - 1)
        let missing = try QCOW2Layout.missingStructure(in: ImageFileReader(path: corpus.path("c.qcow2")))
        #expect(missing?.name == "compressed cluster")
    }

    @Test("the stream lengths of deflate and zstd are found, and a stream cut short has none")
    func streamLengths() throws {
        let corpus = try ImageCorpus()
        try corpus.write("text", String(repeating: "skylift ", count: 4000))
        try corpus.shell("zstd", "-q", "-f", corpus.path("text"), "-o", corpus.path("text.zst"))
        var frame = [UInt8](try Data(contentsOf: corpus.url("text.zst")))
        #expect(CompressedStream.zstdFrameLength(of: frame) == frame.count)
        #expect(CompressedStream.zstdFrameLength(of: Array(frame.dropLast())) == nil)
        frame += [0, 0, 0]
        #expect(CompressedStream.zstdFrameLength(of: frame) == frame.count - 3)
        // A raw deflate stream of "hello" (fixed Huffman block), then padding.
        let deflate: [UInt8] = [0xCB, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00]
        #expect(CompressedStream.deflateLength(of: deflate + [0, 0]) == deflate.count)
        #expect(CompressedStream.deflateLength(of: Array(deflate.dropLast(2))) == nil)
        #expect(CompressedStream.deflateLength(of: []) == nil)
    }

    @Test("hostile headers are refused without crashing")
    func hostileHeaders() throws {
        let corpus = try ImageCorpus()
        try corpus.shell("qemu-img", "create", "-q", "-f", "qcow2", corpus.path("h.qcow2"), "1M")
        var bytes = [UInt8](try Data(contentsOf: corpus.url("h.qcow2")))
        for offset in 40..<48 { bytes[offset] = 0xFF }  // L1 offset 2^64 - 1
        for offset in 36..<40 { bytes[offset] = 0xFF }  // L1 size 2^32 - 1
        try Data(bytes).write(to: corpus.url("h.qcow2"))
        #expect(throws: QCOW2Layout.Invalid.self) {
            try QCOW2Layout.missingStructure(in: ImageFileReader(path: corpus.path("h.qcow2")))
        }
        bytes[20..<24] = [0, 0, 0, 40]  // cluster bits 40
        try Data(bytes).write(to: corpus.url("h.qcow2"))
        #expect(throws: QCOW2Layout.Invalid.self) {
            try QCOW2Layout.missingStructure(in: ImageFileReader(path: corpus.path("h.qcow2")))
        }
    }
}
