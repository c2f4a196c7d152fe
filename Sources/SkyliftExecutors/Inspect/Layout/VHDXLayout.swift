/// The header section, regions, log, metadata items and blocks of a VHDX image (MS-VHDX), walked to find the first
/// structure the file does not hold.
///
/// All fields are little-endian. The header section holds the file type identifier (64 KiB at 0, `vhdxfile`), two
/// headers (4 KiB at 64 KiB and 128 KiB; the current one is the valid one with the higher sequence number) and two
/// region tables (64 KiB at 192 KiB and 256 KiB). A header or region table is valid when its signature and CRC-32C
/// checksum are; the first valid region table is used. Each region it lists (the block allocation table, the
/// metadata region, any other) and the log the current header names must be in the file, then each metadata
/// item. The block allocation table interleaves payload block entries with a sector bitmap entry after every
/// `chunk ratio` (2^23 × logical sector size / block size) of them; a payload block that is fully or partially
/// present (state 6 or 7) spans `block size` bytes at its entry's offset (bits 20–63, in MiB), a present sector
/// bitmap block (state 6) 1 MiB. qemu and Hyper-V allocate whole blocks, the last one included.
enum VHDXLayout {
    /// A header, region table or metadata item no VHDX writer produces, or a table too large to walk.
    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    /// The most block allocation table entries walked: a 64 MiB table (a 64 TiB disk of 1 MiB blocks needs 64 Mi).
    static let maxTableEntries: Int64 = 8 << 20
    /// The most entries a region table or the metadata table may list (MS-VHDX 2.2.3, 2.6.1).
    static let maxTableItems = 2047

    /// The first structure the file lacks, or `nil` when it holds every one its headers and tables name.
    ///
    /// Throws `Invalid` when no header or region table is valid, a required metadata item is missing, or a size is
    /// outside what MS-VHDX allows.
    static func missingStructure(in reader: ImageFileReader) throws -> MissingStructure? {
        let size = reader.size
        for structure in headerSection where !structure.isHeld(byFileOf: size) { return structure }
        let header = try currentHeader(in: reader)
        let regions = try regionTable(in: reader)
        for region in regions where !region.structure.isHeld(byFileOf: size) { return region.structure }
        let logLength = Int64(header.littleEndian(68, 4))
        let logStart = capped(header.littleEndian(72, 8))
        let log = MissingStructure(name: "log", start: logStart, end: logStart + logLength)
        if logLength > 0 && !log.isHeld(byFileOf: size) { return log }
        guard let bat = regions.first(where: { $0.guid == batGUID })?.structure,
            let metadata = regions.first(where: { $0.guid == metadataGUID })?.structure
        else { throw Invalid(description: "the vhdx region table lacks the block allocation table or metadata") }
        let parameters = try MetadataReader(reader: reader, region: metadata)
        if let item = parameters.firstMissingItem(fileSize: size) { return item }
        return try missingBlock(in: reader, table: bat, shape: try parameters.shape())
    }

    /// The file type identifier, both headers and both region tables, at their fixed offsets.
    static let headerSection: [MissingStructure] = [
        MissingStructure(name: "file type identifier", start: 0, end: 64 << 10),
        MissingStructure(name: "header", start: 64 << 10, end: 68 << 10),
        MissingStructure(name: "header", start: 128 << 10, end: 132 << 10),
        MissingStructure(name: "region table", start: 192 << 10, end: 256 << 10),
        MissingStructure(name: "region table", start: 256 << 10, end: 320 << 10),
    ]

    /// The valid header with the higher sequence number (the first when they are equal).
    static func currentHeader(in reader: ImageFileReader) throws -> [UInt8] {
        var best: [UInt8]?
        for offset: Int64 in [64 << 10, 128 << 10] {
            guard let header = try reader.exactly(at: offset, count: 4096),
                header.prefix(4).elementsEqual("head".utf8),
                header.littleEndian(66, 2) == 1,
                CRC32C.isValid(header)
            else { continue }
            if let current = best, current.littleEndian(8, 8) >= header.littleEndian(8, 8) { continue }
            best = header
        }
        guard let best else { throw Invalid(description: "the vhdx has no valid header") }
        return best
    }

    /// One entry of the region table.
    struct Region {
        /// The region's GUID, as its 16 bytes in the file.
        var guid: [UInt8]
        /// The bytes the region spans.
        var structure: MissingStructure
    }

    /// The GUID of the block allocation table region, 2DC27766-F623-4200-9D64-115E9BFD4A08, as stored.
    static let batGUID: [UInt8] = [
        0x66, 0x77, 0xC2, 0x2D, 0x23, 0xF6, 0x00, 0x42, 0x9D, 0x64, 0x11, 0x5E, 0x9B, 0xFD, 0x4A, 0x08,
    ]
    /// The GUID of the metadata region, 8B7CA206-4790-4B9A-B8FE-575F050F886E, as stored.
    static let metadataGUID: [UInt8] = [
        0x06, 0xA2, 0x7C, 0x8B, 0x90, 0x47, 0x9A, 0x4B, 0xB8, 0xFE, 0x57, 0x5F, 0x05, 0x0F, 0x88, 0x6E,
    ]

    /// The regions the first valid region table lists.
    static func regionTable(in reader: ImageFileReader) throws -> [Region] {
        for offset: Int64 in [192 << 10, 256 << 10] {
            guard let table = try reader.exactly(at: offset, count: 64 << 10),
                table.prefix(4).elementsEqual("regi".utf8),
                CRC32C.isValid(table)
            else { continue }
            let count = Int(table.littleEndian(8, 4))
            guard count <= maxTableItems else { throw Invalid(description: "the vhdx region table lists \(count)") }
            return (0..<count).map { index in
                let entry = Array(table[16 + index * 32..<48 + index * 32])
                let start = capped(entry.littleEndian(16, 8))
                let end = start + Int64(entry.littleEndian(24, 4))
                let guid = Array(entry.prefix(16))
                let name =
                    guid == batGUID ? "block allocation table" : guid == metadataGUID ? "metadata region" : "region"
                return Region(guid: guid, structure: MissingStructure(name: name, start: start, end: end))
            }
        }
        throw Invalid(description: "the vhdx has no valid region table")
    }

    /// The first present payload or sector bitmap block the block allocation table `table` names outside the file.
    static func missingBlock(
        in reader: ImageFileReader,
        table: MissingStructure,
        shape: BlockShape
    ) throws -> MissingStructure? {
        let entries = shape.tableEntries
        guard entries <= maxTableEntries, entries * 8 <= table.end - table.start else {
            throw Invalid(description: "the vhdx block allocation table needs \(entries) entries")
        }
        let bytes = try reader.bytes(at: table.start, count: Int(entries * 8))
        for index in 0..<Int(entries) {
            let entry = bytes.littleEndian(index * 8, 8)
            let start = Int64(min(entry >> 20, 1 << 40) << 20)
            let block: MissingStructure
            switch (shape.isSectorBitmapEntry(index), entry & 7) {
            case (false, 6), (false, 7):
                block = MissingStructure(name: "payload block", start: start, end: start + shape.blockSize)
            case (true, 6):
                block = MissingStructure(name: "sector bitmap block", start: start, end: start + (1 << 20))
            default:
                continue
            }
            if !block.isHeld(byFileOf: reader.size) { return block }
        }
        return nil
    }

    /// A little-endian offset, capped at 2^60 so that adding a bounded length cannot overflow.
    static func capped(_ value: UInt64) -> Int64 { Int64(min(value, 1 << 60)) }

    /// The block geometry the metadata items describe.
    struct BlockShape {
        /// Bytes per payload block: a power of two from 1 MiB to 256 MiB.
        var blockSize: Int64
        /// The virtual disk's size in bytes, at most 64 TiB.
        var virtualSize: Int64
        /// Bytes per logical sector: 512 or 4096.
        var logicalSectorSize: Int64
        /// Whether the image is a differencing one (`HasParent`), whose table covers whole chunks.
        var hasParent: Bool

        /// Payload blocks per sector bitmap block.
        var chunkRatio: Int64 { (1 << 23) * logicalSectorSize / blockSize }

        /// The number of entries in the block allocation table (MS-VHDX 2.5).
        var tableEntries: Int64 {
            let payloadBlocks = (virtualSize + blockSize - 1) / blockSize
            let bitmapBlocks = (payloadBlocks + chunkRatio - 1) / chunkRatio
            if hasParent { return bitmapBlocks * (chunkRatio + 1) }
            return payloadBlocks + max(payloadBlocks - 1, 0) / chunkRatio
        }

        /// Whether entry `index` is a sector bitmap entry (the last of each chunk) rather than a payload entry.
        func isSectorBitmapEntry(_ index: Int) -> Bool { Int64(index + 1) % (chunkRatio + 1) == 0 }
    }

    /// The metadata table and the items the layout needs.
    struct MetadataReader {
        /// Every item the table lists, where it lies in the file.
        var items: [(guid: [UInt8], structure: MissingStructure)]
        /// The start of the items the layout needs that the file holds, read.
        var values: [[UInt8]: [UInt8]]

        /// File Parameters, CAA16737-FA36-4D43-B3B6-33F0AA44E76B.
        static let fileParameters: [UInt8] = [
            0x37, 0x67, 0xA1, 0xCA, 0x36, 0xFA, 0x43, 0x4D, 0xB3, 0xB6, 0x33, 0xF0, 0xAA, 0x44, 0xE7, 0x6B,
        ]
        /// Virtual Disk Size, 2FA54224-CD1B-4876-B211-5DBED83BF4B8.
        static let virtualDiskSize: [UInt8] = [
            0x24, 0x42, 0xA5, 0x2F, 0x1B, 0xCD, 0x76, 0x48, 0xB2, 0x11, 0x5D, 0xBE, 0xD8, 0x3B, 0xF4, 0xB8,
        ]
        /// Logical Sector Size, 8141BF1D-A96F-4709-BA47-F233A8FAAB5F.
        static let logicalSectorSize: [UInt8] = [
            0x1D, 0xBF, 0x41, 0x81, 0x6F, 0xA9, 0x09, 0x47, 0xBA, 0x47, 0xF2, 0x33, 0xA8, 0xFA, 0xAB, 0x5F,
        ]

        /// Reads the metadata table at the start of `region` (its first 64 KiB, within the region) and the three
        /// items the layout needs.
        init(reader: ImageFileReader, region: MissingStructure) throws {
            let table = try reader.bytes(at: region.start, count: Int(min(region.end - region.start, 64 << 10)))
            guard table.prefix(8).elementsEqual("metadata".utf8) else {
                throw Invalid(description: "the vhdx metadata table has no signature")
            }
            let count = Int(table.littleEndian(10, 2))
            guard count <= VHDXLayout.maxTableItems, 32 + count * 32 <= table.count else {
                throw Invalid(description: "the vhdx metadata table lists \(count) items")
            }
            items = (0..<count).map { index in
                let entry = Array(table[32 + index * 32..<64 + index * 32])
                let start = region.start + Int64(entry.littleEndian(16, 4))
                let end = start + Int64(entry.littleEndian(20, 4))
                return (Array(entry.prefix(16)), MissingStructure(name: "metadata item", start: start, end: end))
            }
            values = [:]
            let needed = [Self.fileParameters, Self.virtualDiskSize, Self.logicalSectorSize]
            for (guid, item) in items where needed.contains(guid) {
                values[guid] = try reader.bytes(at: item.start, count: Int(min(item.end - item.start, 8)))
            }
        }

        /// The first item the file does not wholly hold.
        func firstMissingItem(fileSize size: Int64) -> MissingStructure? {
            items.first { !$0.structure.isHeld(byFileOf: size) }?.structure
        }

        /// The block geometry; throws `Invalid` when an item is missing or outside what MS-VHDX allows.
        func shape() throws -> BlockShape {
            guard let parameters = values[Self.fileParameters], parameters.count == 8,
                let sizeItem = values[Self.virtualDiskSize], sizeItem.count == 8,
                let sectorItem = values[Self.logicalSectorSize], sectorItem.count >= 4
            else { throw Invalid(description: "the vhdx metadata lacks a required item") }
            let shape = BlockShape(
                blockSize: Int64(parameters.littleEndian(0, 4)),
                virtualSize: Int64(min(sizeItem.littleEndian(0, 8), 1 << 62)),
                logicalSectorSize: Int64(sectorItem.littleEndian(0, 4)),
                hasParent: parameters.littleEndian(4, 4) & 2 != 0
            )
            guard (1 << 20...256 << 20).contains(shape.blockSize), shape.blockSize.nonzeroBitCount == 1,
                [512, 4096].contains(shape.logicalSectorSize), shape.virtualSize <= 64 << 40
            else { throw Invalid(description: "the vhdx block size, sector size or disk size is out of range") }
            return shape
        }
    }
}

extension VHDXLayout {
    /// The CRC-32C (Castagnoli) checksum VHDX headers and region tables carry at byte 4.
    enum CRC32C {
        /// The byte-at-a-time table of the reflected polynomial 0x82F63B78.
        static let table: [UInt32] = (0..<256).map { index in
            (0..<8).reduce(UInt32(index)) { crc, _ in crc & 1 != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }

        /// The checksum of `bytes`, its bytes 4 to 7 (the stored checksum) read as zero.
        static func checksum(ofZeroingField bytes: [UInt8]) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            table.withUnsafeBufferPointer { table in
                bytes.withUnsafeBufferPointer { buffer in
                    for index in buffer.indices {
                        let byte = index >= 4 && index < 8 ? 0 : buffer[index]
                        crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
                    }
                }
            }
            return ~crc
        }

        /// Whether the checksum stored at byte 4 of `bytes` matches their content.
        static func isValid(_ bytes: [UInt8]) -> Bool {
            bytes.count >= 8 && UInt64(checksum(ofZeroingField: bytes)) == bytes.littleEndian(4, 4)
        }
    }
}
