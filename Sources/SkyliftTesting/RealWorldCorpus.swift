import Foundation

/// One shape of disk image as distributions and tools publish them, made with the real qemu-img.
public struct ImageShape: Sendable, CustomStringConvertible {
    /// What the shape is, e.g. `qcow2, zlib-compressed (qemu-img convert -c)`.
    public var name: String
    /// The Glance disk format a tenant declares for it.
    public var format: String
    /// The file name the shape is written to.
    public var file: String
    /// The qemu-img format name (`vpc` for vhd, `raw` for iso).
    public var qemuFormat: String
    /// Whether a cut copy can be told from a valid image (not for raw, which has no structure).
    public var detectsCuts: Bool
    fileprivate var build: @Sendable (ImageCorpus, String) throws -> Void

    public var description: String { name }

    /// Builds the shape into `corpus` (the corpus must hold `RealWorldCorpus.base` for shapes converted from it).
    public func make(in corpus: ImageCorpus) throws { try build(corpus, corpus.path(file)) }
}

/// The real-world corpus of issue 10: every writable format with the options people use, from one base disk.
public enum RealWorldCorpus {
    /// The name of the raw base disk the converted shapes are made from.
    public static let base = "base.raw"
    /// The base disk's size: not a multiple of any cluster size, so every format ends in a partial cluster.
    public static let baseBytes = (5 << 20) + 3 * 4096 + 512

    /// Writes the base disk: zeros, runs of incompressible bytes, compressible text, and data in its last sector.
    public static func writeBase(into corpus: ImageCorpus) throws {
        var bytes = [UInt8](repeating: 0, count: baseBytes)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for start in [0, 1_000_000, 2_200_000, baseBytes - 300_000] {
            for index in start..<min(start + 200_000, baseBytes) {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                bytes[index] = UInt8(truncatingIfNeeded: state)
            }
        }
        let text = Array("skylift imports images as distributions publish them. ".utf8)
        for index in 3_000_000..<3_400_000 { bytes[index] = text[index % text.count] }
        for index in baseBytes - 512..<baseBytes { bytes[index] = 0xA5 }
        try Data(bytes).write(to: corpus.url(base))
    }

    /// Every shape, in a fixed order.
    public static let shapes: [ImageShape] =
        qcow2Shapes + [
            converted("vmdk, monolithicSparse", "vmdk", "sparse.vmdk", "vmdk", "subformat=monolithicSparse"),
            converted("vmdk, streamOptimized", "vmdk", "stream.vmdk", "vmdk", "subformat=streamOptimized"),
            converted("vhd, dynamic", "vhd", "dynamic.vhd", "vpc", "subformat=dynamic,force_size=on"),
            converted("vhd, fixed", "vhd", "fixed.vhd", "vpc", "subformat=fixed,force_size=on"),
            converted("vhdx, dynamic", "vhdx", "dynamic.vhdx", "vhdx", nil),
            converted("vhdx, 1 MiB blocks", "vhdx", "blocks.vhdx", "vhdx", "block_size=1M"),
            converted("vdi, dynamic", "vdi", "dynamic.vdi", "vdi", nil),
            converted("vdi, static", "vdi", "static.vdi", "vdi", "static=on"),
            ImageShape(
                name: "raw, 1,000,003 bytes",
                format: "raw",
                file: "odd.raw",
                qemuFormat: "raw",
                detectsCuts: false
            ) { corpus, path in
                try Data(try Data(contentsOf: corpus.url(base)).prefix(1_000_003)).write(to: URL(fileURLWithPath: path))
            },
            ImageShape(
                name: "iso 9660 (genisoimage)",
                format: "iso",
                file: "cd.iso",
                qemuFormat: "raw",
                detectsCuts: true
            ) { corpus, path in
                let folder = corpus.url("iso-root")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try FileManager.default.copyItem(at: corpus.url(base), to: folder.appendingPathComponent("disk.img"))
                try corpus.shell("genisoimage", "-quiet", "-R", "-J", "-V", "SKYLIFT", "-o", path, folder.path)
            },
        ]

    /// The qcow2 shapes: how distributions compress them, what `qemu-img create` and its options write.
    static let qcow2Shapes: [ImageShape] = [
        ImageShape(name: "qcow2, empty from qemu-img create", format: "qcow2", file: "empty.qcow2", qemuFormat: "qcow2")
        { corpus, path in
            try corpus.shell("qemu-img", "create", "-q", "-f", "qcow2", path, "1M")
        },
        converted("qcow2, zlib-compressed (convert -c)", "qcow2", "zlib.qcow2", "qcow2", nil, compressed: true),
        converted(
            "qcow2, zstd-compressed (convert -c)",
            "qcow2",
            "zstd.qcow2",
            "qcow2",
            "compression_type=zstd",
            compressed: true
        ),
        ImageShape(
            name: "qcow2, compressed writes without padding (qemu-io write -c)",
            format: "qcow2",
            file: "unpadded.qcow2",
            qemuFormat: "qcow2"
        ) { corpus, path in
            try corpus.shell("qemu-img", "create", "-q", "-f", "qcow2", path, "4M")
            try corpus.shell(
                "qemu-io",
                ["-f", "qcow2", "-c", "write -c -P 0x11 0 64k", "-c", "write -c -P 0x5a 1M 64k"]
                    + ["-c", "write -c -P 0x3c 3M 64k", path]
            )
        },
        converted("qcow2, compat 0.10", "qcow2", "compat010.qcow2", "qcow2", "compat=0.10"),
        converted("qcow2, compat 1.1", "qcow2", "compat11.qcow2", "qcow2", "compat=1.1"),
        converted("qcow2, 4 KiB clusters", "qcow2", "cluster4k.qcow2", "qcow2", "cluster_size=4096"),
        converted("qcow2, 2 MiB clusters", "qcow2", "cluster2m.qcow2", "qcow2", "cluster_size=2M"),
        converted("qcow2, extended L2", "qcow2", "extl2.qcow2", "qcow2", "extended_l2=on"),
        converted(
            "qcow2, extended L2, 2 MiB clusters",
            "qcow2",
            "extl2m.qcow2",
            "qcow2",
            "extended_l2=on,cluster_size=2M"
        ),
        converted("qcow2, lazy refcounts", "qcow2", "lazy.qcow2", "qcow2", "lazy_refcounts=on"),
        converted("qcow2, preallocation=metadata", "qcow2", "premeta.qcow2", "qcow2", "preallocation=metadata"),
        converted("qcow2, preallocation=falloc", "qcow2", "prefalloc.qcow2", "qcow2", "preallocation=falloc"),
        ImageShape(
            name: "qcow2, an internal snapshot",
            format: "qcow2",
            file: "snapshot.qcow2",
            qemuFormat: "qcow2"
        ) { corpus, path in
            try corpus.convert(base, to: URL(fileURLWithPath: path).lastPathComponent, format: "qcow2")
            try corpus.shell("qemu-img", "snapshot", "-c", "before", path)
            try corpus.shell("qemu-io", "-f", "qcow2", "-c", "write -P 0x77 64k 192k", path)
        },
        ImageShape(
            name: "qcow2, a persistent dirty bitmap",
            format: "qcow2",
            file: "bitmap.qcow2",
            qemuFormat: "qcow2"
        ) { corpus, path in
            try corpus.convert(base, to: URL(fileURLWithPath: path).lastPathComponent, format: "qcow2")
            try corpus.shell("qemu-img", "bitmap", "--add", "-f", "qcow2", path, "changes")
        },
    ]

    /// A shape converted from the base disk with `qemu-img convert [-c] -O qemuFormat [-o options]`.
    static func converted(
        _ name: String,
        _ format: String,
        _ file: String,
        _ qemuFormat: String,
        _ options: String?,
        compressed: Bool = false
    ) -> ImageShape {
        ImageShape(name: name, format: format, file: file, qemuFormat: qemuFormat, detectsCuts: true) { corpus, path in
            var arguments = ["convert", "-q", "-f", "raw", "-O", qemuFormat]
            if compressed { arguments.append("-c") }
            if let options { arguments += ["-o", options] }
            try corpus.shell("qemu-img", arguments + [corpus.path(base), path])
        }
    }
}

extension ImageShape {
    /// A shape whose cuts are detectable, built by `build`.
    fileprivate init(
        name: String,
        format: String,
        file: String,
        qemuFormat: String,
        build: @escaping @Sendable (ImageCorpus, String) throws -> Void
    ) {
        self.init(name: name, format: format, file: file, qemuFormat: qemuFormat, detectsCuts: true, build: build)
    }
}
