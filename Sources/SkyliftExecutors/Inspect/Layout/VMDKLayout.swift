/// The metadata area, descriptor, grain directories, grain tables and grains of a VMDK hosted sparse extent
/// (`KDMV`; VMware's Virtual Disk Format 5.0: monolithicSparse and streamOptimized), walked to find the first
/// structure the file does not hold.
///
/// All fields are little-endian and every offset is in 512-byte sectors. When the header's grain directory offset
/// is `GD_AT_END` (a stream VMware or VirtualBox wrote in one pass) the file ends with a footer marker, a footer (a
/// copy of the header with the real offset) and an end-of-stream marker, and the footer's fields are used. Then
/// each structure must be in the file: the metadata area (`overHead` sectors from 0, which qemu and VirtualBox size
/// the file to on creation and every writer puts the first grain after), the embedded descriptor, the grain
/// directory (and the redundant one, with its tables, when flag bit 1 says it is used), each grain table it names
/// (`numGTEsPerGT` × 4 bytes) and each grain: `grainSize` sectors, or for a compressed extent (flag bit 16) its
/// 12-byte header (LBA, compressed size) and that many bytes, rounded up to a sector. A grain table entry of 1 is a
/// zeroed grain when flag bit 2 is set. Every structure is in whole sectors and qemu, VMware and VirtualBox write
/// whole sectors, so last, a file whose size is not a multiple of 512 has lost its last bytes.
///
/// qemu's streamOptimized writer keeps the grain directory at the start and leaves the last grain's 64 KiB
/// allocation zero past its compressed data: a cut inside those zeros loses nothing any table names, and is not seen.
enum VMDKLayout {
    /// A header no VMDK writer produces, or tables too large to walk.
    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    /// The grain directory offset that says the real one is in the footer.
    static let directoryAtEnd: UInt64 = 0xFFFF_FFFF_FFFF_FFFF
    /// The most grain directory entries walked: a 64 MiB directory.
    static let maxDirectoryEntries: Int64 = 16 << 20
    /// The most grain table entries the directory may cover: 256 MiB of tables, 4 TiB of disk in 64 KiB grains.
    static let maxTableEntries: Int64 = 64 << 20

    /// The first structure the file lacks, or `nil` when it holds every one its header and tables name.
    ///
    /// Throws `Invalid` when the header (or the footer of a stream) has no `KDMV` magic, an unknown version or
    /// absurd sizes.
    static func missingStructure(in reader: ImageFileReader) throws -> MissingStructure? {
        guard let first = try reader.exactly(at: 0, count: 512) else { throw Invalid(description: "no vmdk header") }
        var header = try Header(first)
        if header.directoryValue == directoryAtEnd {
            if let missing = try missingFooter(in: reader) { return missing }
            let footer = try reader.bytes(at: reader.size - 1024, count: 512)
            header = try Header(footer)
            guard header.directoryValue != directoryAtEnd else {
                throw Invalid(description: "the vmdk footer does not say where the grain directory is")
            }
        }
        var walk = Walk(reader: reader, header: header)
        if let missing = try walk.firstMissing() { return missing }
        let partial = reader.size % 512
        guard partial != 0 else { return nil }
        return MissingStructure(name: "last sector", start: reader.size - partial, end: reader.size - partial + 512)
    }

    /// For a stream whose grain directory is at the end: the footer, or the end-of-stream marker, when the last
    /// 1,536 bytes are not a footer marker, a footer and an end-of-stream marker (the marker alone when the file
    /// ends with the first two, having lost just its last sector).
    static func missingFooter(in reader: ImageFileReader) throws -> MissingStructure? {
        let size = reader.size
        let tail = try reader.bytes(at: max(size - 1536, 0), count: 1536)
        if tail.count == 1536 && endsWithFooter(tail, at: 0) && isEndOfStream(tail, at: 1024) { return nil }
        if tail.count >= 1024 && endsWithFooter(tail, at: tail.count - 1024) {
            return MissingStructure(name: "end-of-stream marker", start: size, end: size + 512)
        }
        return MissingStructure(name: "footer", start: size, end: size + 1536)
    }

    /// Whether `bytes` hold a footer marker at `offset` (compressed size 0, type 3: what qemu checks) and a footer,
    /// a header with the `KDMV` magic, after it.
    static func endsWithFooter(_ bytes: [UInt8], at offset: Int) -> Bool {
        bytes.littleEndian(offset + 8, 4) == 0 && bytes.littleEndian(offset + 12, 4) == 3
            && isHeader(bytes, at: offset + 512)
    }

    /// Whether `bytes` hold a sparse header (`KDMV`) at `offset`.
    static func isHeader(_ bytes: [UInt8], at offset: Int) -> Bool {
        bytes.count >= offset + 4 && bytes[offset..<offset + 4].elementsEqual("KDMV".utf8)
    }

    /// Whether `bytes` hold an end-of-stream marker at `offset`: value, size and type all 0.
    static func isEndOfStream(_ bytes: [UInt8], at offset: Int) -> Bool {
        bytes.count >= offset + 16 && bytes.littleEndian(offset, 8) == 0 && bytes.littleEndian(offset + 8, 8) == 0
    }

    /// A sector count read from the header, capped at 2^50 so that it times 512 plus a bounded length cannot overflow.
    static func sectors(_ value: UInt64) -> Int64 { Int64(min(value, 1 << 50)) }

    /// The fields of a sparse extent header (or of the footer that repeats it).
    struct Header {
        /// The header's flags: bit 1 redundant grain table used, bit 2 zeroed-grain entries, bit 16 compressed.
        var flags: UInt64
        /// The disk's size in sectors.
        var capacity: Int64
        /// Sectors per grain.
        var grainSectors: Int64
        /// Where the embedded descriptor starts, in sectors (0: none).
        var descriptorSector: Int64
        /// The embedded descriptor's size in sectors.
        var descriptorSectors: Int64
        /// Entries per grain table.
        var tableEntries: Int64
        /// Where the redundant grain directory starts, in sectors.
        var redundantDirectorySector: Int64
        /// The sectors of metadata before the first grain (`overHead`).
        var overheadSectors: Int64
        /// The grain directory offset as stored (`directoryAtEnd` for a stream's header).
        var directoryValue: UInt64

        /// Whether grains are compressed, each with a 12-byte header.
        var isCompressed: Bool { flags & (1 << 16) != 0 }
        /// Whether a grain table entry of 1 means a zeroed grain.
        var hasZeroedGrains: Bool { flags & (1 << 2) != 0 }
        /// The redundant grain directory's sector, when flag bit 1 says it is used.
        var redundantDirectory: Int64? {
            flags & (1 << 1) != 0 && redundantDirectorySector != 0 ? redundantDirectorySector : nil
        }
        /// Entries in each grain directory: one a grain table, enough to cover the capacity.
        var directoryEntries: Int64 {
            let sectorsPerTable = tableEntries * grainSectors
            return (capacity + sectorsPerTable - 1) / sectorsPerTable
        }

        /// Reads the 512 bytes of a header; throws `Invalid` for a wrong magic or version, or absurd sizes.
        init(_ bytes: [UInt8]) throws {
            guard VMDKLayout.isHeader(bytes, at: 0), (1...3).contains(bytes.littleEndian(4, 4)) else {
                throw Invalid(description: "the vmdk header has no KDMV magic or an unknown version")
            }
            flags = bytes.littleEndian(8, 4)
            capacity = VMDKLayout.sectors(bytes.littleEndian(12, 8))
            grainSectors = VMDKLayout.sectors(bytes.littleEndian(20, 8))
            descriptorSector = VMDKLayout.sectors(bytes.littleEndian(28, 8))
            descriptorSectors = VMDKLayout.sectors(bytes.littleEndian(36, 8))
            tableEntries = Int64(bytes.littleEndian(44, 4))
            redundantDirectorySector = VMDKLayout.sectors(bytes.littleEndian(48, 8))
            directoryValue = bytes.littleEndian(56, 8)
            overheadSectors = VMDKLayout.sectors(bytes.littleEndian(64, 8))
            guard (1...0x20_0000).contains(grainSectors), (1...4096).contains(tableEntries) else {
                throw Invalid(description: "the vmdk grain size or grain table size is out of range")
            }
            guard directoryEntries <= VMDKLayout.maxDirectoryEntries,
                directoryEntries * tableEntries <= VMDKLayout.maxTableEntries
            else { throw Invalid(description: "the vmdk grain directory is too large to walk") }
        }
    }

    /// One walk of the structures: the metadata area, the descriptor, the directories, the tables and their grains.
    struct Walk {
        /// The file walked.
        let reader: ImageFileReader
        /// The header (or footer) in force.
        let header: Header
        /// The grain tables whose grains were checked, by sector (a table named twice is walked once).
        private var walkedTables: Set<Int64> = []
        /// The compressed grains near the end of the file whose header was read, by start.
        private var tailGrains: [Int64: MissingStructure?] = [:]

        /// A walk of `reader`'s file by `header`.
        init(reader: ImageFileReader, header: Header) {
            self.reader = reader
            self.header = header
        }

        /// The first structure the file does not hold.
        mutating func firstMissing() throws -> MissingStructure? {
            let metadata = MissingStructure(name: "metadata area", start: 0, end: header.overheadSectors * 512)
            if !held(metadata) { return metadata }
            if header.descriptorSector != 0 && header.descriptorSectors != 0 {
                let start = header.descriptorSector * 512
                let end = start + header.descriptorSectors * 512
                let descriptor = MissingStructure(name: "descriptor", start: start, end: end)
                if !held(descriptor) { return descriptor }
            }
            let directory = VMDKLayout.sectors(header.directoryValue)
            if let missing = try missingTables(directory: directory, name: "grain directory", grains: true) {
                return missing
            }
            guard let redundant = header.redundantDirectory else { return nil }
            return try missingTables(directory: redundant, name: "redundant grain directory", grains: false)
        }

        /// Whether the file holds `structure`.
        func held(_ structure: MissingStructure) -> Bool { structure.isHeld(byFileOf: reader.size) }

        /// The grain directory at `directory` (in sectors), each grain table it names and, when `grains`, each grain
        /// they map.
        mutating func missingTables(directory: Int64, name: String, grains: Bool) throws -> MissingStructure? {
            let entries = header.directoryEntries
            let start = directory * 512
            let table = MissingStructure(name: name, start: start, end: start + entries * 4)
            if !held(table) { return table }
            let tableName = grains ? "grain table" : "redundant grain table"
            let directoryBytes = try reader.bytes(at: start, count: Int(entries * 4))
            for index in 0..<Int(entries) {
                let sector = Int64(directoryBytes.littleEndian(index * 4, 4))
                guard sector != 0 else { continue }
                let tableStart = sector * 512
                let grainTable = MissingStructure(
                    name: tableName,
                    start: tableStart,
                    end: tableStart + header.tableEntries * 4
                )
                if !held(grainTable) { return grainTable }
                guard grains, walkedTables.insert(sector).inserted else { continue }
                if let missing = try missingGrain(inTableAt: tableStart) { return missing }
            }
            return nil
        }

        /// The first grain the grain table at `start` maps that the file does not hold.
        mutating func missingGrain(inTableAt start: Int64) throws -> MissingStructure? {
            let entries = try reader.bytes(at: start, count: Int(header.tableEntries * 4))
            for index in 0..<Int(header.tableEntries) {
                let sector = Int64(entries.littleEndian(index * 4, 4))
                guard sector != 0, !(sector == 1 && header.hasZeroedGrains) else { continue }
                if let missing = try missingGrain(at: sector * 512) { return missing }
            }
            return nil
        }

        /// The grain at `start` when the file does not hold it: `grainSize` sectors, or a compressed grain's 12-byte
        /// header and data in whole sectors.
        ///
        /// A compressed grain's header is read only near the end of the file: one that starts further than its
        /// largest readable size (twice the grain, as qemu reads it) from the end is in the file, or is corrupt.
        mutating func missingGrain(at start: Int64) throws -> MissingStructure? {
            let grainBytes = header.grainSectors * 512
            guard header.isCompressed else {
                let grain = MissingStructure(name: "grain", start: start, end: start + grainBytes)
                return held(grain) ? nil : grain
            }
            guard start + 512 + 2 * grainBytes > reader.size else { return nil }
            if let known = tailGrains[start] { return known }
            let missing: MissingStructure?
            if let marker = try reader.exactly(at: start, count: 12) {
                let end = start + (12 + Int64(marker.littleEndian(8, 4)) + 511) / 512 * 512
                let grain = MissingStructure(name: "grain", start: start, end: end)
                missing = held(grain) ? nil : grain
            } else {
                missing = MissingStructure(name: "grain", start: start, end: start + 512)
            }
            tailGrains[start] = missing
            return missing
        }
    }
}
