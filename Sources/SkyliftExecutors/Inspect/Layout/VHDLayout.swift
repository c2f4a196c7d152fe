/// The footer, dynamic header, block allocation table and data blocks of a VHD (Virtual PC, Hyper-V, qemu `vpc`),
/// walked to find the first structure the file does not hold.
///
/// All fields are big-endian. The footer (512 bytes, cookie `conectix`) is read like qemu reads it: the copy at
/// offset 0 when it is there, else the file's last 512 bytes. A fixed disk is its data, `current size` bytes, then
/// the footer. A dynamic disk has the footer copy at 0, the dynamic header (1,024 bytes, cookie `cxsparse`) at the
/// footer's data offset, the block allocation table (`max table entries` × 4 bytes) at the header's table offset,
/// each used entry (not `0xFFFFFFFF`) the sector of a block: its sector bitmap (a bit a sector, in whole sectors)
/// then `block size` data bytes. Either kind must end with the footer, after everything else.
///
/// The size checked for a fixed disk is the footer's `current size`, not the CHS geometry qemu reports as the
/// virtual size when the creator is `qemu` or `vpc `: qemu's default writes the two equal (it rounds the size up to
/// the geometry), and with `force_size=on` (creator `qem2`) it reads the current size itself.
enum VHDLayout {
    /// A footer or dynamic header no VHD writer produces, or a table too large to walk.
    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    /// The footer's size, and that of its copy at offset 0.
    static let footerBytes: Int64 = 512
    /// The dynamic header's size.
    static let dynamicHeaderBytes: Int64 = 1024
    /// The most block allocation table entries walked: a 64 MiB table (qemu's 2 TiB limit needs a million).
    static let maxTableEntries: Int64 = 16 << 20
    /// The `disk type` of a fixed disk; 3 is dynamic and 4 differencing.
    static let fixedDiskType: UInt64 = 2

    /// The first structure the file lacks, or `nil` when it holds every one its footer and tables name.
    ///
    /// A file with no footer at its start or end is reported as missing its footer (a fixed disk cut short). Throws
    /// `Invalid` for a footer of an unknown disk type or a dynamic header without its cookie or with absurd sizes.
    static func missingStructure(in reader: ImageFileReader) throws -> MissingStructure? {
        let size = reader.size
        guard let footer = try self.footer(in: reader) else { return missingFooter(after: 0, fileSize: size) }
        let diskType = footer.bigEndian(60, 4)
        switch diskType {
        case fixedDiskType:
            let data = MissingStructure(name: "disk data", start: 0, end: capped(footer.bigEndian(48, 8)))
            if !data.isHeld(byFileOf: size) { return data }
            return try endsWithFooter(reader, after: data.end)
        case 3, 4:
            return try missingDynamicStructure(in: reader, footer: footer)
        default:
            throw Invalid(description: "the vhd footer names disk type \(diskType)")
        }
    }

    /// The footer qemu reads: the copy at offset 0, else the last 512 bytes; `nil` when neither has the cookie.
    static func footer(in reader: ImageFileReader) throws -> [UInt8]? {
        if let head = try reader.exactly(at: 0, count: Int(footerBytes)), isFooter(head) { return head }
        if let tail = try reader.exactly(at: reader.size - footerBytes, count: Int(footerBytes)), isFooter(tail) {
            return tail
        }
        return nil
    }

    /// Whether `bytes` start with the footer's cookie, `conectix`.
    static func isFooter(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 8 && bytes.prefix(8).elementsEqual("conectix".utf8)
    }

    /// The dynamic header, the block allocation table, each block it names and the footer after them.
    private static func missingDynamicStructure(
        in reader: ImageFileReader,
        footer: [UInt8]
    ) throws -> MissingStructure? {
        let size = reader.size
        let headerStart = capped(footer.bigEndian(16, 8))
        let header = MissingStructure(name: "dynamic header", start: headerStart, end: headerStart + dynamicHeaderBytes)
        guard let fields = try reader.exactly(at: headerStart, count: Int(dynamicHeaderBytes)) else { return header }
        guard fields.prefix(8).elementsEqual("cxsparse".utf8) else {
            throw Invalid(description: "the vhd dynamic header has no cxsparse cookie")
        }
        let table = try TableShape(header: fields)
        let bat = MissingStructure(name: "block allocation table", start: table.offset, end: table.end)
        if !bat.isHeld(byFileOf: size) { return bat }
        var end = max(footerBytes, header.end, bat.end)
        let entries = try reader.bytes(at: table.offset, count: Int(table.entries * 4))
        for index in 0..<Int(table.entries) {
            let sector = entries.bigEndian(index * 4, 4)
            guard sector != 0xFFFF_FFFF else { continue }
            let start = Int64(sector) * 512
            let block = MissingStructure(name: "data block", start: start, end: start + table.blockBytes)
            if !block.isHeld(byFileOf: size) { return block }
            end = max(end, block.end)
        }
        return try endsWithFooter(reader, after: end)
    }

    /// The footer, when the file's last 512 bytes are not one or start before `end` (the end of everything else).
    private static func endsWithFooter(_ reader: ImageFileReader, after end: Int64) throws -> MissingStructure? {
        let tailStart = reader.size - footerBytes
        if tailStart >= end, let tail = try reader.exactly(at: tailStart, count: Int(footerBytes)), isFooter(tail) {
            return nil
        }
        return missingFooter(after: end, fileSize: reader.size)
    }

    /// The missing footer: right after `end` when the file stops within 512 bytes of it, else at the file's end.
    private static func missingFooter(after end: Int64, fileSize size: Int64) -> MissingStructure {
        let start = end + footerBytes > size ? end : size
        return MissingStructure(name: "footer", start: start, end: start + footerBytes)
    }

    /// A big-endian offset or size, capped at 2^60 so that adding a bounded length cannot overflow.
    static func capped(_ value: UInt64) -> Int64 { Int64(min(value, 1 << 60)) }

    /// Where the block allocation table is, how many entries it has and how many bytes each block spans.
    struct TableShape {
        /// Where the table starts.
        var offset: Int64
        /// `max table entries`.
        var entries: Int64
        /// The sector bitmap (whole sectors) plus `block size` bytes of data.
        var blockBytes: Int64

        /// The end of the table.
        var end: Int64 { offset + entries * 4 }

        /// The shape the dynamic header `header` describes; throws `Invalid` for absurd sizes.
        init(header: [UInt8]) throws {
            offset = VHDLayout.capped(header.bigEndian(16, 8))
            entries = Int64(header.bigEndian(28, 4))
            let blockSize = Int64(header.bigEndian(32, 4))
            guard entries <= VHDLayout.maxTableEntries else {
                throw Invalid(description: "the vhd block allocation table has \(entries) entries")
            }
            guard blockSize >= 512, blockSize.nonzeroBitCount == 1 else {
                throw Invalid(description: "the vhd block size is \(blockSize)")
            }
            let bitmapBytes = (blockSize / 512 + 7) / 8
            blockBytes = (bitmapBytes + 511) / 512 * 512 + blockSize
        }
    }
}
