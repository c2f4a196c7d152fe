/// The block map of a VDI image, read to find where its allocated data should end.
///
/// `qemu-img check` does not notice a VDI cut short, so the inspector walks the map itself: the map and every
/// allocated block (qemu and VirtualBox write whole blocks, their extra data included) must be in the file.
struct VDILayout: Sendable, Hashable {
    /// The header is missing or names an absurd layout.
    struct Invalid: Error, CustomStringConvertible {
        var description: String { "an invalid header or a block map over 64 MiB" }
    }

    /// Offset of the block map (`offset_bmap`).
    var blockMapOffset: Int64
    /// Offset of the first data block (`offset_data`).
    var dataOffset: Int64
    /// Bytes per block, including the per-block extra data.
    var blockSize: Int64
    /// Number of entries in the block map (`blocks_in_image`).
    var blockCount: Int64
    /// The highest allocated block index plus one (0 when nothing is allocated).
    var allocatedEnd: Int64

    /// Reads the header and block map of the VDI in `reader`; throws when the header is missing or absurd.
    init(reader: ImageFileReader, maxBlockMapBytes: Int64 = 64 << 20) throws {
        guard let header = try reader.exactly(at: 0, count: 0x190) else { throw Invalid() }
        blockMapOffset = Int64(header.littleEndian(0x154, 4))
        dataOffset = Int64(header.littleEndian(0x158, 4))
        blockSize = Int64(header.littleEndian(0x178, 4)) + Int64(header.littleEndian(0x17C, 4))
        blockCount = Int64(header.littleEndian(0x180, 4))
        guard blockSize > 0, blockCount * 4 <= maxBlockMapBytes else { throw Invalid() }
        let map = try reader.bytes(at: blockMapOffset, count: Int(blockCount * 4))
        var allocatedEnd: Int64 = 0
        for index in 0..<map.count / 4 {
            let entry = map.littleEndian(index * 4, 4)
            if entry < 0xFFFF_FFFE { allocatedEnd = max(allocatedEnd, Int64(entry) + 1) }
        }
        self.allocatedEnd = allocatedEnd
    }

    /// The block map if the file lacks part of it, else the last allocated block if the file lacks part of it.
    static func missingStructure(in reader: ImageFileReader) throws -> MissingStructure? {
        let layout = try VDILayout(reader: reader)
        let map = MissingStructure(
            name: "block map",
            start: layout.blockMapOffset,
            end: layout.blockMapOffset + layout.blockCount * 4
        )
        if !map.isHeld(byFileOf: reader.size) { return map }
        guard layout.allocatedEnd > 0 else { return nil }
        let start = layout.dataOffset + (layout.allocatedEnd - 1) * layout.blockSize
        let block = MissingStructure(name: "data block", start: start, end: start + layout.blockSize)
        return block.isHeld(byFileOf: reader.size) ? nil : block
    }
}
