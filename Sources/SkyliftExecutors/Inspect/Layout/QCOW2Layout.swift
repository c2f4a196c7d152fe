/// The tables of a qcow2 image, walked to find every structure they reference and how many bytes of it must be in
/// the file.
///
/// `qemu-img check` reports `image-end-offset`, the end of the last cluster it counts, rounded up to the cluster
/// size. A valid image can end before it: a new image ends with an L1 table of a few bytes, compressed clusters are
/// packed at byte granularity, extended L2 allocates subclusters, a bitmap directory is as long as its entries. This
/// reader decides from the structures themselves: each must start in the file and hold, whole, the bytes its
/// writers allocate for it (see `Structure.length`). The walk covers what `qemu-img check` counts: the header
/// cluster, the active and snapshot L1 and L2 tables and their data clusters, the refcount table and blocks, the
/// snapshot table, the encryption header and the persistent bitmaps.
struct QCOW2Layout {
    /// A header value qcow2 itself forbids, or a table too large to walk.
    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    /// One structure the image references.
    struct Structure {
        /// What it is, as a tenant would read it.
        var name: String
        /// Where it starts in the file.
        var start: Int64
        /// How many bytes of it must be in the file.
        var length: Int64
        /// The compressed cluster's descriptor, for a compressed cluster (its length is the descriptor's sectors).
        var isCompressed = false

        /// The end of the bytes that must be in the file.
        var end: Int64 { start + length }
    }

    /// The largest L1, refcount or snapshot table walked (qemu's own cap on an L1 table is 32 MiB).
    static let maxTableBytes: Int64 = 32 << 20

    let reader: ImageFileReader
    let header: QCOW2Header

    /// Reads the header and its extensions from `reader`.
    init(reader: ImageFileReader) throws {
        self.reader = reader
        header = try QCOW2Header(reader: reader)
    }

    /// The first structure the file does not hold, or `nil` when it holds them all.
    ///
    /// A compressed cluster's descriptor names whole 512-byte sectors, and `qemu-img convert -c` pads the file to
    /// the end of the last one. A writer that does not pad (a compressed write through qemu-io or a backup job)
    /// leaves the file ending exactly where the last compressed stream ends; that is accepted too, and nothing
    /// else: a file that ends inside the padding, or inside a stream, has been cut.
    static func missingStructure(in reader: ImageFileReader) throws -> MissingStructure? {
        let layout = try QCOW2Layout(reader: reader)
        let size = reader.size
        var tails: [Structure] = []
        var missing: MissingStructure?
        try layout.forEachStructure { structure in
            guard missing == nil, structure.start >= size || structure.end > size else { return }
            if structure.isCompressed && structure.start < size {
                tails.append(structure)
            } else {
                missing = MissingStructure(name: structure.name, start: structure.start, end: structure.end)
            }
        }
        if let missing { return missing }
        return try layout.unpaddedTailMissing(tails)
    }

    /// For compressed clusters whose sectors run past the end: the first whose stream does not end in the file, or
    /// the last one when the file does not end exactly where the last stream ends.
    private func unpaddedTailMissing(_ tails: [Structure]) throws -> MissingStructure? {
        var lastStreamEnd: Int64 = 0
        var last: Structure?
        for tail in tails {
            let bytes = try reader.bytes(at: tail.start, count: Int(reader.size - tail.start))
            guard let consumed = CompressedStream.length(of: bytes, type: header.compressionType) else {
                return MissingStructure(name: tail.name, start: tail.start, end: tail.end)
            }
            if tail.start + Int64(consumed) > lastStreamEnd {
                lastStreamEnd = tail.start + Int64(consumed)
                last = tail
            }
        }
        if let last, lastStreamEnd != reader.size {
            return MissingStructure(name: last.name, start: last.start, end: last.end)
        }
        return nil
    }

    /// Calls `body` with every structure the image references, metadata before the data it maps.
    func forEachStructure(_ body: (Structure) throws -> Void) throws {
        let clusterSize = header.clusterSize
        try body(Structure(name: "header", start: 0, length: header.headerEnd))
        if let crypto = header.cryptoHeader {
            try body(Structure(name: "encryption header", start: crypto.offset, length: crypto.length))
        }
        try forEachRefcountStructure(body)
        var walkedL2: Set<Int64> = []
        try forEachMapped(l1Offset: header.l1Offset, l1Size: header.l1Size, walked: &walkedL2, body)
        try forEachSnapshotStructure(walked: &walkedL2, body)
        try forEachBitmapStructure(clusterSize: clusterSize, body)
    }

    /// The refcount table and every refcount block it names.
    private func forEachRefcountStructure(_ body: (Structure) throws -> Void) throws {
        let tableBytes = header.refcountTableClusters * header.clusterSize
        try body(Structure(name: "refcount table", start: header.refcountTableOffset, length: tableBytes))
        let table = try readTable(at: header.refcountTableOffset, bytes: tableBytes)
        for index in 0..<table.count / 8 {
            let offset = Int64(min(table.bigEndian(index * 8, 8) & 0xFFFF_FFFF_FFFF_FE00, 1 << 60))
            if offset != 0 {
                try body(Structure(name: "refcount block", start: offset, length: header.clusterSize))
            }
        }
    }

    /// An L1 table, the L2 tables it names (each walked once) and the data clusters they map.
    private func forEachMapped(
        l1Offset: Int64,
        l1Size: Int64,
        walked: inout Set<Int64>,
        _ body: (Structure) throws -> Void
    ) throws {
        try body(Structure(name: "L1 table", start: l1Offset, length: l1Size * 8))
        let l1 = try readTable(at: l1Offset, bytes: l1Size * 8)
        for index in 0..<l1.count / 8 {
            let l2Offset = Int64(l1.bigEndian(index * 8, 8) & 0x00FF_FFFF_FFFF_FE00)
            guard l2Offset != 0 else { continue }
            try body(Structure(name: "L2 table", start: l2Offset, length: header.clusterSize))
            guard walked.insert(l2Offset).inserted, l2Offset < reader.size else { continue }
            let table = try reader.bytes(at: l2Offset, count: Int(header.clusterSize))
            try forEachDataCluster(inL2: table, body)
        }
    }

    /// The data clusters one L2 table maps (none for an image whose data lives in an external file).
    private func forEachDataCluster(inL2 table: [UInt8], _ body: (Structure) throws -> Void) throws {
        guard !header.hasExternalData else { return }
        let entryBytes = header.extendedL2 ? 16 : 8
        for index in 0..<table.count / entryBytes {
            let entry = table.bigEndian(index * entryBytes, 8)
            let bitmap = header.extendedL2 ? table.bigEndian(index * entryBytes + 8, 8) : 0
            if let cluster = dataCluster(entry: entry, subclusterBitmap: bitmap) { try body(cluster) }
        }
    }

    /// The data cluster one L2 entry maps, with the bytes its writer allocates: the compressed sectors, the
    /// allocated subclusters of an extended L2 entry, the whole cluster otherwise; only its start for a cluster
    /// that reads as zeros.
    func dataCluster(entry: UInt64, subclusterBitmap: UInt64) -> Structure? {
        let clusterBits = header.clusterBits
        if entry & (1 << 62) != 0 {
            let offsetBits = 62 - (clusterBits - 8)
            let offset = Int64(entry & ((1 << UInt64(offsetBits)) - 1))
            let sectors = Int64((entry >> UInt64(offsetBits)) & ((1 << UInt64(clusterBits - 8)) - 1)) + 1
            let length = sectors * 512 - (offset & 511)
            return Structure(name: "compressed cluster", start: offset, length: length, isCompressed: true)
        }
        let offset = Int64(entry & 0x00FF_FFFF_FFFF_FE00)
        guard offset != 0 else { return nil }
        if header.extendedL2 {
            let allocated = subclusterBitmap & 0xFFFF_FFFF
            let subclusters = allocated == 0 ? 0 : 64 - Int64(allocated.leadingZeroBitCount)
            return Structure(name: "data cluster", start: offset, length: subclusters * header.clusterSize / 32)
        }
        let readsAsZero = entry & 1 != 0
        return Structure(name: "data cluster", start: offset, length: readsAsZero ? 0 : header.clusterSize)
    }

    /// The snapshot table, and each snapshot's L1 table with what it maps.
    private func forEachSnapshotStructure(walked: inout Set<Int64>, _ body: (Structure) throws -> Void) throws {
        guard header.snapshotCount > 0 else { return }
        var offset = header.snapshotsOffset
        var snapshots: [(l1Offset: Int64, l1Size: Int64)] = []
        for _ in 0..<header.snapshotCount {
            guard let fixed = try reader.exactly(at: offset, count: 40) else {
                try body(
                    Structure(
                        name: "snapshot table",
                        start: header.snapshotsOffset,
                        length: offset + 40 - header.snapshotsOffset
                    )
                )
                return
            }
            let l1Size = Int64(fixed.bigEndian(8, 4))
            guard l1Size * 8 <= Self.maxTableBytes else {
                throw Invalid(description: "a snapshot L1 table over 32 MiB")
            }
            snapshots.append((fixed.fileOffset(0, 8), l1Size))
            let variable = Int64(fixed.bigEndian(36, 4)) + Int64(fixed.bigEndian(12, 2)) + Int64(fixed.bigEndian(14, 2))
            guard variable <= 1 << 20 else { throw Invalid(description: "a snapshot table entry over 1 MiB") }
            offset += (40 + variable + 7) / 8 * 8
        }
        let tableLength = offset - header.snapshotsOffset
        try body(Structure(name: "snapshot table", start: header.snapshotsOffset, length: tableLength))
        for snapshot in snapshots {
            try forEachMapped(l1Offset: snapshot.l1Offset, l1Size: snapshot.l1Size, walked: &walked, body)
        }
    }

    /// The bitmap directory, each bitmap table and the data clusters it names.
    private func forEachBitmapStructure(clusterSize: Int64, _ body: (Structure) throws -> Void) throws {
        guard let directory = header.bitmapDirectory else { return }
        try body(Structure(name: "bitmap directory", start: directory.offset, length: directory.length))
        let entries = try readTable(at: directory.offset, bytes: directory.length)
        var position = 0
        while position + 24 <= entries.count {
            let tableOffset = entries.fileOffset(position, 8)
            let tableBytes = Int64(entries.bigEndian(position + 8, 4)) * 8
            try body(Structure(name: "bitmap table", start: tableOffset, length: tableBytes))
            let table = try readTable(at: tableOffset, bytes: tableBytes)
            for index in 0..<table.count / 8 {
                let offset = Int64(table.bigEndian(index * 8, 8) & 0x00FF_FFFF_FFFF_FE00)
                if offset != 0 { try body(Structure(name: "bitmap data cluster", start: offset, length: clusterSize)) }
            }
            let variable = Int(entries.bigEndian(position + 20, 4)) + Int(entries.bigEndian(position + 18, 2))
            position += (24 + variable + 7) / 8 * 8
        }
    }

    /// The part of a table that is in the file (a table cut short is reported by its structure, not read past).
    private func readTable(at offset: Int64, bytes: Int64) throws -> [UInt8] {
        guard bytes >= 0, bytes <= Self.maxTableBytes else { throw Invalid(description: "a table of \(bytes) bytes") }
        return try reader.bytes(at: offset, count: Int(bytes))
    }
}
