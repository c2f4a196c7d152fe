import Foundation

/// The block map of a VDI image, read to find where its allocated data should end.
///
/// `qemu-img check` does not notice a VDI cut short, so the inspector compares the file's size with
/// `requiredSize` itself.
public struct VDILayout: Sendable, Hashable {
    /// Offset of the block map (`offset_bmap`).
    public var blockMapOffset: UInt64
    /// Offset of the first data block (`offset_data`).
    public var dataOffset: UInt64
    /// Bytes per block, including the per-block extra data.
    public var blockSize: UInt64
    /// Number of entries in the block map (`blocks_in_image`).
    public var blockCount: UInt64
    /// The highest allocated block index plus one (0 when nothing is allocated).
    public var allocatedEnd: UInt64

    /// The smallest file size that holds every block the map points at.
    public var requiredSize: UInt64 {
        max(dataOffset + allocatedEnd * blockSize, blockMapOffset + blockCount * 4)
    }

    /// Reads the header and block map of the VDI at `url`; `nil` when the header is missing or absurd.
    public static func read(fileAt url: URL, maxBlockMapBytes: UInt64 = 64 << 20) throws -> VDILayout? {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let header = [UInt8](try handle.read(upToCount: 0x190) ?? Data())
        guard header.count == 0x190 else { return nil }
        let blockMapOffset = UInt64(u32(header, 0x154))
        let dataOffset = UInt64(u32(header, 0x158))
        let blockSize = UInt64(u32(header, 0x178)) + UInt64(u32(header, 0x17C))
        let blockCount = UInt64(u32(header, 0x180))
        guard blockSize > 0, blockCount * 4 <= maxBlockMapBytes else { return nil }
        try handle.seek(toOffset: blockMapOffset)
        let map = [UInt8](try handle.read(upToCount: Int(blockCount * 4)) ?? Data())
        var allocatedEnd: UInt64 = 0
        for index in 0..<map.count / 4 {
            let entry = u32(map, index * 4)
            if entry < 0xFFFF_FFFE { allocatedEnd = max(allocatedEnd, UInt64(entry) + 1) }
        }
        return VDILayout(
            blockMapOffset: blockMapOffset,
            dataOffset: dataOffset,
            blockSize: blockSize,
            blockCount: blockCount,
            allocatedEnd: allocatedEnd
        )
    }

    /// The little-endian `UInt32` at `offset`.
    private static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
    }
}
