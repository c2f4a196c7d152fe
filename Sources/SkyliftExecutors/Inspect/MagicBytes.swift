import Foundation

/// Format detection from signatures at fixed offsets, without trusting any parser.
///
/// Only the first 36 KiB and the last 512 bytes of the file are read. A file that matches no signature is `raw`.
public enum MagicBytes {
    /// What the signatures of one file say.
    public struct Detection: Sendable, Hashable {
        /// Every format whose signature is present, in a fixed order (qcow2, vmdk, vhdx, vdi, vhd, iso).
        public var formats: [DiskFormat]
        /// Whether the file is a VMDK text descriptor (`# Disk DescriptorFile`), whose extents live in other files.
        public var isVMDKDescriptor: Bool

        /// The single detected format, `raw` when nothing matched, or `nil` when several signatures matched.
        public var format: DiskFormat? {
            switch formats.count {
            case 0: .raw
            case 1: formats[0]
            default: nil
            }
        }
    }

    /// The format of the file at `url` by its signatures: `nil` for raw data (no known signature).
    ///
    /// When several signatures match, the first in the order of `Detection.formats` is returned.
    public static func detect(fileAt url: URL) throws -> DiskFormat? {
        try detection(fileAt: url).formats.first
    }

    /// Every signature found in the file at `url`.
    public static func detection(fileAt url: URL) throws -> Detection {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: 0)
        let head = [UInt8](try handle.read(upToCount: 0x9006) ?? Data())
        var tail: [UInt8] = []
        if size >= 512 {
            try handle.seek(toOffset: size - 512)
            tail = [UInt8](try handle.read(upToCount: 512) ?? Data())
        }
        return detection(head: head, tail: tail)
    }

    /// Signatures found in `head` (the start of a file) and `tail` (its last 512 bytes).
    public static func detection(head: [UInt8], tail: [UInt8]) -> Detection {
        let descriptor = matches(head, at: 0, Array("# Disk DescriptorFile".utf8))
        var formats: [DiskFormat] = []
        if matches(head, at: 0, [0x51, 0x46, 0x49, 0xFB]) { formats.append(.qcow2) }
        if matches(head, at: 0, Array("KDMV".utf8)) || descriptor { formats.append(.vmdk) }
        if matches(head, at: 0, Array("vhdxfile".utf8)) { formats.append(.vhdx) }
        if matches(head, at: 0x40, [0x7F, 0x10, 0xDA, 0xBE]) { formats.append(.vdi) }
        let conectix = Array("conectix".utf8)
        if matches(head, at: 0, conectix) || matches(tail, at: 0, conectix) { formats.append(.vhd) }
        let cd001 = Array("CD001".utf8)
        if [0x8001, 0x8801, 0x9001].contains(where: { matches(head, at: $0, cd001) }) { formats.append(.iso) }
        return Detection(formats: formats, isVMDKDescriptor: descriptor)
    }

    /// Whether `bytes` holds `signature` at `offset`.
    private static func matches(_ bytes: [UInt8], at offset: Int, _ signature: [UInt8]) -> Bool {
        guard bytes.count >= offset + signature.count else { return false }
        return bytes[offset..<offset + signature.count].elementsEqual(signature)
    }
}
