import Foundation
import SkyliftTesting
import Testing

@testable import SkyliftExecutors

/// The VHD, VHDX, VMDK and ISO layout readers on images qemu-img, genisoimage and xorriso write, whole and cut (a
/// VMware-style stream is rewritten from a qemu one, since qemu-img writes the grain directory at the start).
@Suite("VHD, VHDX, VMDK and ISO layout readers")
struct LayoutReaderTests {
    /// One image made with the real tools, and the reader that reads it.
    struct Shape: Sendable, CustomStringConvertible {
        /// The file the image is written to.
        var file: String
        /// The format its reader reads.
        var format: DiskFormat
        /// `qemu-img create` or `qemu-img convert` arguments after `-f`/`-O` and before the file names.
        var qemuFormat: String
        /// The options of `-o`, if any.
        var options: String?
        /// The raw source converted from, or `nil` for `qemu-img create` of `createSize`.
        var source: String?
        /// The virtual size given to `qemu-img create`.
        var createSize = ""

        var description: String { "\(file) (\(source ?? "create \(createSize)"), \(options ?? "defaults"))" }

        /// Builds the image into `corpus`, writing its raw source first.
        func make(in corpus: ImageCorpus) throws {
            var arguments = [source == nil ? "create" : "convert", "-q"]
            arguments += source == nil ? ["-f", qemuFormat] : ["-f", "raw", "-O", qemuFormat]
            if let options { arguments += ["-o", options] }
            if let source {
                try LayoutReaderTests.writeSource(source, into: corpus)
                arguments.append(corpus.path(source))
            }
            arguments.append(corpus.path(file))
            if source == nil { arguments.append(createSize) }
            try corpus.shell("qemu-img", arguments)
        }
    }

    /// The qemu-img formats and options exercised, as (file suffix, Glance format, qemu format, options).
    static let kinds: [(String, DiskFormat, String, String?)] = [
        ("dynamic.vhd", .vhd, "vpc", nil),
        ("dynamic-forced.vhd", .vhd, "vpc", "force_size=on"),
        ("fixed.vhd", .vhd, "vpc", "subformat=fixed"),
        ("fixed-forced.vhd", .vhd, "vpc", "subformat=fixed,force_size=on"),
        ("dynamic.vhdx", .vhdx, "vhdx", nil),
        ("blocks1m.vhdx", .vhdx, "vhdx", "block_size=1M"),
        ("fixed.vhdx", .vhdx, "vhdx", "subformat=fixed"),
        ("sparse.vmdk", .vmdk, "vmdk", nil),
        ("stream.vmdk", .vmdk, "vmdk", "subformat=streamOptimized"),
        ("compat6.vmdk", .vmdk, "vmdk", "compat6"),
    ]

    /// Every kind converted from each raw source, and created empty at each size.
    static let shapes: [Shape] =
        ["pattern.raw", "odd.raw", "mixed.raw", RealWorldCorpus.base].flatMap { source in
            kinds.map { kind in
                let stem = URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent
                return Shape(
                    file: "\(stem)-\(kind.0)",
                    format: kind.1,
                    qemuFormat: kind.2,
                    options: kind.3,
                    source: source
                )
            }
        }
        + ["1M", "3000001", "5M"].flatMap { size in
            kinds.map { kind in
                Shape(
                    file: "empty\(size)-\(kind.0)",
                    format: kind.1,
                    qemuFormat: kind.2,
                    options: kind.3,
                    createSize: size
                )
            }
        }

    /// Writes the raw source `name`: 1 MiB with a qemu-io pattern, 3,000,001 bytes rounded up to a sector with
    /// random bytes and data in the last sector, 5 MiB of random chunks between zeros, or the real-world base.
    static func writeSource(_ name: String, into corpus: ImageCorpus) throws {
        var bytes: [UInt8]
        switch name {
        case "pattern.raw":
            try corpus.raw(name, bytes: 1 << 20)
            return
        case "odd.raw":
            bytes = [UInt8](repeating: 0, count: 3_000_320)
            fillRandom(&bytes, 1_000_000..<1_300_000)
            fillRandom(&bytes, 2_999_808..<3_000_320)
        case "mixed.raw":
            bytes = [UInt8](repeating: 0, count: 5 << 20)
            fillRandom(&bytes, 192 << 10..<704 << 10)
            fillRandom(&bytes, 4_096_000..<4_108_288)
            for index in 4 << 20..<(4 << 20) + 1000 { bytes[index] = 0x5A }
        default:
            try RealWorldCorpus.writeBase(into: corpus)
            return
        }
        try Data(bytes).write(to: corpus.url(name))
    }

    /// Fills `range` of `bytes` with xorshift noise, which no compressor shrinks.
    static func fillRandom(_ bytes: inout [UInt8], _ range: Range<Int>) {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D ^ UInt64(range.lowerBound)
        for index in range {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            bytes[index] = UInt8(truncatingIfNeeded: state)
        }
    }

    /// What a reader said of a file.
    enum Outcome: Equatable, CustomStringConvertible {
        /// It holds every structure.
        case held
        /// It lacks this one.
        case missing(MissingStructure)
        /// The reader could not read its tables.
        case invalid(String)

        var description: String {
            switch self {
            case .held: "held"
            case .missing(let structure): "missing \(structure.name) \(structure.start)..<\(structure.end)"
            case .invalid(let reason): "invalid: \(reason)"
            }
        }
    }

    /// The reader of `format` on the file at `path`.
    static func outcome(_ path: String, _ format: DiskFormat) -> Outcome {
        do {
            let reader = try ImageFileReader(path: path)
            let missing: MissingStructure? =
                switch format {
                case .vhd: try VHDLayout.missingStructure(in: reader)
                case .vhdx: try VHDXLayout.missingStructure(in: reader)
                case .vmdk: try VMDKLayout.missingStructure(in: reader)
                case .iso: try ISOLayout.missingStructure(in: reader)
                default: nil
                }
            return missing.map(Outcome.missing) ?? .held
        } catch {
            return .invalid("\(error)")
        }
    }

    /// Whether every cut of `shape` must be detected: all cuts of an image holding data, except the last 512 bytes
    /// of a qemu stream (zeros past its last compressed grain); an empty VHDX's cuts past its regions lose only
    /// the space qemu leaves for growth (or, for a fixed one, blocks its table marks as zero).
    static func mustDetect(_ shape: Shape, cut: Int64, size: Int64) -> Bool {
        if shape.source == nil { return shape.format != .vhdx }
        return !(shape.file.hasSuffix("-stream.vmdk") && cut == size - 512)
    }

    @Test("a whole image holds every structure its tables name", arguments: shapes)
    func wholeImage(shape: Shape) throws {
        let corpus = try ImageCorpus()
        try shape.make(in: corpus)
        #expect(Self.outcome(corpus.path(shape.file), shape.format) == .held)
    }

    @Test("a cut image lacks a structure, or lost nothing its tables name", arguments: shapes)
    func cutImage(shape: Shape) throws {
        let corpus = try ImageCorpus()
        try shape.make(in: corpus)
        let size = try corpus.size(shape.file)
        for cut in [size / 2, size * 9 / 10, size - 1, size - 512] {
            let name = "cut-\(cut)-\(shape.file)"
            try FileManager.default.copyItem(at: corpus.url(shape.file), to: corpus.url(name))
            try corpus.truncate(name, toBytes: cut)
            let outcome = Self.outcome(corpus.path(name), shape.format)
            if Self.mustDetect(shape, cut: cut, size: size) {
                #expect(outcome != .held, "\(shape) cut to \(cut) of \(size) bytes")
                guard case .missing = outcome else {
                    Issue.record("\(shape) cut to \(cut): \(outcome)")
                    continue
                }
            } else if outcome == .held {
                let same = try corpus.same(shape.file, shape.qemuFormat, name, shape.qemuFormat)
                #expect(same, "\(shape) cut to \(cut) is accepted but reads differently")
            }
        }
    }

    /// Rewrites the qemu streamOptimized VMDK `image` as VMware and VirtualBox lay a stream out: the compressed
    /// grains packed after the metadata area, each grain table and then the grain directory behind their markers,
    /// a footer marker, a footer naming the directory and an end-of-stream marker; the header says `GD_AT_END`.
    static func vmwareStream(from image: [UInt8]) -> [UInt8] {
        let grain = Int(image.littleEndian(20, 8))
        let perTable = Int(image.littleEndian(44, 4))
        let directory = Int(image.littleEndian(56, 8)) * 512
        let tables = (Int(image.littleEndian(12, 8)) + grain * perTable - 1) / (grain * perTable)
        let descriptorEnd = Int(image.littleEndian(28, 8) + image.littleEndian(36, 8)) * 512
        var out = Array(image.prefix(descriptorEnd))
        out += [UInt8](repeating: 0, count: Int(image.littleEndian(64, 8)) * 512 - descriptorEnd)
        var grainTables: [[UInt32]] = []
        for table in 0..<tables {
            let tableStart = Int(image.littleEndian(directory + table * 4, 4)) * 512
            grainTables.append(
                (0..<perTable).map { entry in
                    let start = Int(image.littleEndian(tableStart + entry * 4, 4)) * 512
                    guard start != 0 else { return 0 }
                    let sector = UInt32(out.count / 512)
                    out += image[start..<start + 12 + Int(image.littleEndian(start + 8, 4))]
                    out += [UInt8](repeating: 0, count: (512 - out.count % 512) % 512)
                    return sector
                }
            )
        }
        var tableSectors: [UInt32] = []
        for entries in grainTables {
            appendMarker(&out, value: UInt64(perTable * 4 / 512), type: 1)
            tableSectors.append(UInt32(out.count / 512))
            appendSectors(&out, entries)
        }
        appendMarker(&out, value: UInt64((tables * 4 + 511) / 512), type: 2)
        let directorySector = UInt64(out.count / 512)
        appendSectors(&out, tableSectors)
        appendMarker(&out, value: 1, type: 3)
        var footer = Array(image.prefix(512))
        setLittleEndian(&footer, at: 8, 0x3_0001, width: 4)
        setLittleEndian(&footer, at: 48, 0, width: 8)
        setLittleEndian(&footer, at: 56, directorySector, width: 8)
        out += footer
        out += [UInt8](repeating: 0, count: 512)
        out.replaceSubrange(0..<512, with: footer)
        setLittleEndian(&out, at: 56, 0xFFFF_FFFF_FFFF_FFFF, width: 8)
        return out
    }

    /// Appends a 512-byte stream marker: `value` (a sector count), compressed size 0 and `type`.
    static func appendMarker(_ bytes: inout [UInt8], value: UInt64, type: UInt64) {
        var marker = [UInt8](repeating: 0, count: 512)
        setLittleEndian(&marker, at: 0, value, width: 8)
        setLittleEndian(&marker, at: 12, type, width: 4)
        bytes += marker
    }

    /// Appends `entries` as little-endian 32-bit integers, padded to a whole sector.
    static func appendSectors(_ bytes: inout [UInt8], _ entries: [UInt32]) {
        var table = [UInt8](repeating: 0, count: (entries.count * 4 + 511) / 512 * 512)
        for (index, entry) in entries.enumerated() { setLittleEndian(&table, at: index * 4, UInt64(entry), width: 4) }
        bytes += table
    }

    /// Stores `value` little-endian in `width` bytes of `bytes` at `offset`.
    static func setLittleEndian(_ bytes: inout [UInt8], at offset: Int, _ value: UInt64, width: Int) {
        for index in 0..<width { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))) }
    }

    @Test(
        "a VMware-style stream (grain directory at the end) is whole; each cut lacks its footer or end marker",
        arguments: ["pattern.raw", "odd.raw", "mixed.raw", RealWorldCorpus.base, ""]
    )
    func vmwareStream(source: String) throws {
        let corpus = try ImageCorpus()
        let qemu = Shape(
            file: "qemu-stream.vmdk",
            format: .vmdk,
            qemuFormat: "vmdk",
            options: "subformat=streamOptimized",
            source: source.isEmpty ? nil : source,
            createSize: "3000001"
        )
        try qemu.make(in: corpus)
        let image = Self.vmwareStream(from: [UInt8](try Data(contentsOf: corpus.url(qemu.file))))
        try Data(image).write(to: corpus.url("vmware.vmdk"))
        #expect(try corpus.same(qemu.file, "vmdk", "vmware.vmdk", "vmdk"))
        #expect(Self.outcome(corpus.path("vmware.vmdk"), .vmdk) == .held)
        let size = Int64(image.count)
        let expected: [(Int64, String)] = [
            (size / 2, "footer"), (size * 9 / 10, "footer"), (size - 1, "footer"), (size - 512, "end-of-stream marker"),
        ]
        for (cut, name) in expected {
            try Data(image.prefix(Int(cut))).write(to: corpus.url("cut.vmdk"))
            guard case .missing(let missing) = Self.outcome(corpus.path("cut.vmdk"), .vmdk) else {
                Issue.record("\(source) cut to \(cut) of \(size) was not refused")
                continue
            }
            #expect(missing.name == name && missing.start == cut, "\(source) cut to \(cut): \(missing)")
        }
    }

    /// A cut of a shape and the structure it must lack.
    struct Cut: Sendable, CustomStringConvertible {
        /// The image.
        var shape: Shape
        /// How many bytes are cut from its end, or `nil` for half of it.
        var bytes: Int64?
        /// The name of the structure the cut file lacks.
        var name: String

        var description: String { "\(shape.file) less \(bytes.map(String.init) ?? "half"): \(name)" }
    }

    /// The structure each kind of cut names first.
    static let namedCuts: [Cut] = [
        Cut(shape: shape("pattern-dynamic.vhd"), bytes: 1, name: "footer"),
        Cut(shape: shape("pattern-dynamic.vhd"), bytes: 512, name: "footer"),
        Cut(shape: shape("pattern-dynamic.vhd"), bytes: nil, name: "data block"),
        Cut(shape: shape("pattern-fixed.vhd"), bytes: 1, name: "footer"),
        Cut(shape: shape("empty5M-dynamic.vhd"), bytes: 1, name: "footer"),
        Cut(shape: shape("pattern-dynamic.vhdx"), bytes: 1, name: "payload block"),
        Cut(shape: shape("mixed-blocks1m.vhdx"), bytes: nil, name: "payload block"),
        Cut(shape: shape("empty1M-dynamic.vhdx"), bytes: 8 << 20 - 3 << 20, name: "metadata region"),
        Cut(shape: shape("empty1M-dynamic.vhdx"), bytes: 8 << 20 - 200_000, name: "region table"),
        Cut(shape: shape("pattern-sparse.vmdk"), bytes: 1, name: "grain"),
        Cut(shape: shape("pattern-sparse.vmdk"), bytes: 512, name: "grain"),
        Cut(shape: shape("pattern-stream.vmdk"), bytes: 1, name: "last sector"),
        Cut(shape: shape("mixed-stream.vmdk"), bytes: nil, name: "grain"),
        Cut(shape: shape("empty1M-sparse.vmdk"), bytes: nil, name: "metadata area"),
        Cut(shape: shape("empty1M-sparse.vmdk"), bytes: 512, name: "metadata area"),
    ]

    /// The shape written to `file`.
    static func shape(_ file: String) -> Shape { shapes.first { $0.file == file }! }

    @Test("a cut names the first structure it lacks", arguments: namedCuts)
    func namedCut(cut: Cut) throws {
        let corpus = try ImageCorpus()
        try cut.shape.make(in: corpus)
        let size = try corpus.size(cut.shape.file)
        let kept = cut.bytes.map { size - $0 } ?? size / 2
        try corpus.truncate(cut.shape.file, toBytes: kept)
        guard case .missing(let missing) = Self.outcome(corpus.path(cut.shape.file), cut.shape.format) else {
            Issue.record("\(cut) was not refused")
            return
        }
        #expect(missing.name == cut.name, "\(cut): \(missing)")
        #expect(!missing.isHeld(byFileOf: kept), "\(cut): \(missing)")
    }

    @Test("a dynamic VHD one byte short is refused for its footer, with the offsets a tenant can check")
    func vhdFooterMessage() throws {
        let corpus = try ImageCorpus()
        try Self.shape("pattern-dynamic.vhd").make(in: corpus)
        let size = try corpus.size("pattern-dynamic.vhd")
        try corpus.truncate("pattern-dynamic.vhd", toBytes: size - 1)
        let missing = try VHDLayout.missingStructure(in: ImageFileReader(path: corpus.path("pattern-dynamic.vhd")))
        #expect(missing == MissingStructure(name: "footer", start: size - 512, end: size))
        #expect(
            missing?.message(format: .vhd, fileSize: size - 1)
                == "The vhd image is truncated: its footer at offset \(size - 512) runs to \(size), past its end at "
                + "\(size - 1)"
        )
    }

    /// Writes a folder for an ISO: the real-world base disk and a text file.
    static func isoFolder(in corpus: ImageCorpus) throws -> String {
        let folder = corpus.url("iso-root")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try RealWorldCorpus.writeBase(into: corpus)
        try FileManager.default.copyItem(
            at: corpus.url(RealWorldCorpus.base),
            to: folder.appendingPathComponent("disk.img")
        )
        try Data("skylift\n".utf8).write(to: folder.appendingPathComponent("readme.txt"))
        return folder.path
    }

    /// Checks an ISO whose volume is the whole file: whole it is held, each cut lacks its volume.
    static func expectVolumeIsFile(_ corpus: ImageCorpus, _ file: String) throws {
        #expect(outcome(corpus.path(file), .iso) == .held, "\(file)")
        let size = try corpus.size(file)
        for cut in [size / 2, size * 9 / 10, size - 1, size - 512] {
            try Data(try Data(contentsOf: corpus.url(file)).prefix(Int(cut))).write(to: corpus.url("cut.iso"))
            let missing = MissingStructure(name: "volume", start: 0, end: size)
            #expect(outcome(corpus.path("cut.iso"), .iso) == .missing(missing), "\(file) cut to \(cut)")
        }
    }

    @Test(
        "a genisoimage ISO, padded or not, is held whole and lacks its volume when cut",
        arguments: ["-pad", "-no-pad"]
    )
    func genisoimage(padding: String) throws {
        let corpus = try ImageCorpus()
        let folder = try Self.isoFolder(in: corpus)
        try corpus.shell(
            "genisoimage",
            "-quiet",
            "-R",
            "-J",
            padding,
            "-V",
            "SKYLIFT",
            "-o",
            corpus.path("cd.iso"),
            folder
        )
        try Self.expectVolumeIsFile(corpus, "cd.iso")
    }

    @Test(
        "xorriso ISOs, plain and hybrid (MBR, partition offset), are whole; cut, they lack their volume",
        arguments: [[], ["--protective-msdos-label"], ["-partition_offset", "16"]]
    )
    func xorriso(options: [String]) throws {
        let corpus = try ImageCorpus()
        let folder = try Self.isoFolder(in: corpus)
        let arguments = ["-as", "mkisofs", "-quiet", "-R", "-J", "-V", "SKYLIFT"] + options
        try corpus.shell("xorriso", arguments + ["-o", corpus.path("cd.iso"), folder])
        try Self.expectVolumeIsFile(corpus, "cd.iso")
    }

    /// syslinux's MBR for hybrid ISOs (Debian's `isolinux` package).
    static let isohybridMBR = "/usr/lib/ISOLINUX/isohdpfx.bin"

    @Test(
        "an isohybrid ISO (xorriso -isohybrid-mbr, padded to a whole MiB) is whole; cut, it lacks its volume"
    )
    func isohybrid() throws {
        let corpus = try ImageCorpus()
        let folder = try Self.isoFolder(in: corpus)
        try FileManager.default.createDirectory(atPath: folder + "/isolinux", withIntermediateDirectories: true)
        let loader = URL(fileURLWithPath: Self.isohybridMBR).deletingLastPathComponent().appendingPathComponent(
            "isolinux.bin"
        )
        try FileManager.default.copyItem(atPath: loader.path, toPath: folder + "/isolinux/isolinux.bin")
        let boot = [
            "-isohybrid-mbr", Self.isohybridMBR, "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat",
            "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table",
        ]
        let arguments = ["-as", "mkisofs", "-quiet", "-R", "-J", "-V", "SKYLIFT"] + boot
        try corpus.shell("xorriso", arguments + ["-o", corpus.path("cd.iso"), folder])
        #expect(try corpus.size("cd.iso") % (1 << 20) == 0)
        try Self.expectVolumeIsFile(corpus, "cd.iso")
    }

    @Test(
        "an ISO with a partition appended past its volume: a cut into the volume is refused, past it is not seen"
    )
    func appendedPartition() throws {
        let corpus = try ImageCorpus()
        let folder = try Self.isoFolder(in: corpus)
        try corpus.raw("efi.img", bytes: 1 << 20)
        let arguments = [
            "-as", "mkisofs", "-quiet", "-R", "-J", "-append_partition", "2", "0xef", corpus.path("efi.img"),
        ]
        try corpus.shell("xorriso", arguments + ["-o", corpus.path("cd.iso"), folder])
        #expect(Self.outcome(corpus.path("cd.iso"), .iso) == .held)
        let image = try Data(contentsOf: corpus.url("cd.iso"))
        let volume = Int64(image[0x8000 + 80..<0x8000 + 84].reversed().reduce(0) { $0 << 8 | Int($1) }) * 2048
        #expect(volume < Int64(image.count) - (1 << 20))
        try image.prefix(Int(volume) - 1).write(to: corpus.url("cut.iso"))
        #expect(
            Self.outcome(corpus.path("cut.iso"), .iso)
                == .missing(MissingStructure(name: "volume", start: 0, end: volume))
        )
        try image.prefix(Int(volume)).write(to: corpus.url("cut.iso"))
        #expect(Self.outcome(corpus.path("cut.iso"), .iso) == .held)
    }

    /// A region of an image whose fields the hostile test overwrites, and whether it carries a VHDX CRC-32C.
    struct Region {
        /// Where the region starts.
        var start: Int64
        /// Its length (the whole checksummed block for a checksummed region).
        var length: Int
        /// How many bytes from its start are overwritten, field by field.
        var fields: Int
        /// Whether the region's checksum at byte 4 is recomputed after each change.
        var checksummed = false
    }

    /// The outcomes the hostile values reach on each image: some leave it whole, some make it lack a structure,
    /// some make its tables unreadable.
    static let everyOutcome: Set<String> = ["held", "missing", "invalid"]

    /// Values written over each field: all ones, all zeros, the largest Int64, and 2^31.
    static let hostileValues: [[UInt8]] = [
        [UInt8](repeating: 0xFF, count: 8), [UInt8](repeating: 0, count: 8),
        [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], [0, 0, 0, 0x80, 0, 0, 0, 0],
    ]

    /// Runs the reader of `format` on the file at `url` with every field of `regions` overwritten in turn by each
    /// hostile value, putting the bytes back after each run; returns the kinds of outcome seen.
    static func runHostile(_ url: URL, _ format: DiskFormat, _ regions: [Region]) throws -> Set<String> {
        let handle = try FileHandle(forUpdating: url)
        defer { try? handle.close() }
        var kinds: Set<String> = []
        for region in regions {
            try handle.seek(toOffset: UInt64(region.start))
            let original = [UInt8](try handle.read(upToCount: region.length) ?? Data())
            for field in stride(from: 0, to: min(region.fields, original.count), by: 4) {
                for value in hostileValues {
                    var block = original
                    for (index, byte) in value.enumerated() where field + index < block.count {
                        block[field + index] = byte
                    }
                    if region.checksummed && field != 4 {
                        setLittleEndian(&block, at: 4, 0, width: 4)
                        setLittleEndian(
                            &block,
                            at: 4,
                            UInt64(VHDXLayout.CRC32C.checksum(ofZeroingField: block)),
                            width: 4
                        )
                    }
                    try handle.seek(toOffset: UInt64(region.start))
                    try handle.write(contentsOf: block)
                    kinds.insert(String(outcome(url.path, format).description.prefix { $0 != " " && $0 != ":" }))
                }
            }
            try handle.seek(toOffset: UInt64(region.start))
            try handle.write(contentsOf: original)
        }
        return kinds
    }

    @Test(
        "hostile header and table values neither crash a reader nor make it walk without bound",
        .timeLimit(.minutes(1))
    )
    func hostileFields() throws {
        let corpus = try ImageCorpus()
        for file in ["pattern-dynamic.vhd", "empty5M-dynamic.vhd", "pattern-fixed.vhd"] {
            try Self.shape(file).make(in: corpus)
            let size = try corpus.size(file)
            let regions = [
                Region(start: 0, length: 512, fields: 88), Region(start: 512, length: 1024, fields: 40),
                Region(start: 1536, length: 64, fields: 64), Region(start: size - 512, length: 512, fields: 88),
            ]
            #expect(try Self.runHostile(corpus.url(file), .vhd, regions) == Self.everyOutcome)
        }
        for file in ["pattern-dynamic.vhdx", "empty1M-fixed.vhdx"] {
            try Self.shape(file).make(in: corpus)
            let regions = [
                Region(start: 64 << 10, length: 4096, fields: 80, checksummed: true),
                Region(start: 128 << 10, length: 4096, fields: 80, checksummed: true),
                Region(start: 192 << 10, length: 64 << 10, fields: 80, checksummed: true),
                Region(start: 3 << 20, length: 192, fields: 192),
                Region(start: (3 << 20) + (64 << 10), length: 40, fields: 40),
                Region(start: 2 << 20, length: 64, fields: 64),
            ]
            #expect(try Self.runHostile(corpus.url(file), .vhdx, regions) == Self.everyOutcome)
        }
        for file in ["pattern-sparse.vmdk", "mixed-stream.vmdk", "empty5M-compat6.vmdk"] {
            try Self.shape(file).make(in: corpus)
            let regions = [
                Region(start: 0, length: 512, fields: 80), Region(start: 26 * 512, length: 64, fields: 64),
                Region(start: 0x3600, length: 64, fields: 64), Region(start: 0x10000, length: 64, fields: 16),
            ]
            #expect(try Self.runHostile(corpus.url(file), .vmdk, regions) == Self.everyOutcome)
        }
        let stream = Self.vmwareStream(from: [UInt8](try Data(contentsOf: corpus.url("mixed-stream.vmdk"))))
        try Data(stream).write(to: corpus.url("vmware.vmdk"))
        let tail = Int64(stream.count) - 2048
        #expect(
            try Self.runHostile(corpus.url("vmware.vmdk"), .vmdk, [Region(start: tail, length: 2048, fields: 2048)])
                == Self.everyOutcome
        )
        let folder = try Self.isoFolder(in: corpus)
        try corpus.shell("genisoimage", "-quiet", "-R", "-o", corpus.path("cd.iso"), folder)
        #expect(
            try Self.runHostile(corpus.url("cd.iso"), .iso, [Region(start: 0x8000, length: 2048, fields: 140)])
                == Self.everyOutcome
        )
    }
}
