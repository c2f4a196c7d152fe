/// The fields of a qcow2 header (versions 2 and 3) and of the header extensions the layout walk needs.
struct QCOW2Header {
    /// A byte range in the file named by a header extension.
    struct Range {
        /// Where it starts.
        var offset: Int64
        /// How many bytes it spans.
        var length: Int64
    }

    /// log2 of the cluster size (9 to 21).
    var clusterBits: Int
    /// Entries in the active L1 table.
    var l1Size: Int64
    /// Where the active L1 table starts.
    var l1Offset: Int64
    /// Where the refcount table starts.
    var refcountTableOffset: Int64
    /// Clusters the refcount table spans.
    var refcountTableClusters: Int64
    /// Internal snapshots.
    var snapshotCount: Int
    /// Where the snapshot table starts.
    var snapshotsOffset: Int64
    /// Whether L2 entries are 16 bytes with subcluster bitmaps (incompatible feature bit 4).
    var extendedL2: Bool
    /// Whether guest data lives in an external data file (incompatible feature bit 2).
    var hasExternalData: Bool
    /// How compressed clusters are compressed: 0 deflate, 1 zstd.
    var compressionType: UInt8
    /// The end of the header and its extensions, end marker included.
    var headerEnd: Int64
    /// The LUKS header of an encrypted image (extension `0x0537be77`).
    var cryptoHeader: Range?
    /// The bitmap directory (extension `0x23852875`).
    var bitmapDirectory: Range?

    /// The cluster size in bytes.
    var clusterSize: Int64 { 1 << Int64(clusterBits) }

    /// Reads the header at the start of `reader`'s file.
    init(reader: ImageFileReader) throws {
        guard let fixed = try reader.exactly(at: 0, count: 104), fixed.bigEndian(0, 4) == 0x5146_49FB else {
            throw QCOW2Layout.Invalid(description: "no qcow2 header")
        }
        let version = fixed.bigEndian(4, 4)
        clusterBits = Int(fixed.bigEndian(20, 4))
        guard version == 2 || version == 3, (9...21).contains(clusterBits) else {
            throw QCOW2Layout.Invalid(description: "an unknown version or cluster size")
        }
        l1Size = Int64(fixed.bigEndian(36, 4))
        l1Offset = fixed.fileOffset(40, 8)
        refcountTableOffset = fixed.fileOffset(48, 8)
        refcountTableClusters = Int64(fixed.bigEndian(56, 4))
        snapshotCount = Int(fixed.bigEndian(60, 4))
        snapshotsOffset = fixed.fileOffset(64, 8)
        let incompatible = version == 3 ? fixed.bigEndian(72, 8) : 0
        extendedL2 = incompatible & (1 << 4) != 0
        hasExternalData = incompatible & (1 << 2) != 0
        let headerLength = version == 3 ? Int64(fixed.bigEndian(100, 4)) : 72
        compressionType = 0
        headerEnd = headerLength
        guard (72...4096).contains(headerLength), snapshotCount <= 65536,
            l1Offset >= 0, refcountTableOffset >= 0, snapshotsOffset >= 0
        else { throw QCOW2Layout.Invalid(description: "a header length or offset out of range") }
        if headerLength > 104, let extra = try reader.exactly(at: 104, count: 1) { compressionType = extra[0] }
        try readExtensions(reader: reader, from: headerLength)
    }

    /// Reads the header extensions that start at `offset`, up to the end marker (type 0) within the first cluster.
    private mutating func readExtensions(reader: ImageFileReader, from offset: Int64) throws {
        var position = offset
        let limit = min(clusterSize, 1 << 20)
        while position + 8 <= limit {
            guard let head = try reader.exactly(at: position, count: 8) else { break }
            let type = head.bigEndian(0, 4)
            let length = Int64(head.bigEndian(4, 4))
            position += 8
            if type == 0 { break }
            guard position + length <= limit else {
                throw QCOW2Layout.Invalid(description: "a header extension running out of the header")
            }
            let data = try reader.bytes(at: position, count: Int(min(length, 24)))
            switch type {
            case 0x0537_BE77:
                cryptoHeader = Range(offset: data.fileOffset(0, 8), length: data.fileOffset(8, 8))
            case 0x2385_2875:
                bitmapDirectory = Range(offset: data.fileOffset(16, 8), length: data.fileOffset(8, 8))
            default:
                break
            }
            position += (length + 7) / 8 * 8
        }
        headerEnd = position
    }
}
