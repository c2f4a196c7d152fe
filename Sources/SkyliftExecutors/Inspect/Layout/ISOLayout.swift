/// The volume an ISO 9660 image's primary volume descriptor declares, checked against the file's size.
///
/// The volume descriptors start at 32 KiB (sector 16 of 2,048 bytes), each 2,048 bytes with `CD001` at byte 1;
/// the set ends with a terminator (type 255). The primary one (type 1) declares the volume space size (blocks,
/// both-endian 32-bit at byte 80) and the logical block size (both-endian 16-bit at byte 128); their product is
/// the volume, which must be in the file. A file may hold more (a hybrid image's partitions or padding after the
/// volume), never less. A volume space size of zero declares nothing to check.
enum ISOLayout {
    /// A descriptor set without a primary volume descriptor.
    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    /// Where the first volume descriptor starts.
    static let firstDescriptor: Int64 = 0x8000
    /// The size of each volume descriptor.
    static let descriptorBytes: Int64 = 2048
    /// The most descriptors read looking for the primary one.
    static let maxDescriptors: Int64 = 64

    /// The volume, or a volume descriptor before the primary one, when the file does not wholly hold it.
    ///
    /// Descriptors without `CD001` (a UDF bridge's) are skipped. Throws `Invalid` when the set ends (a terminator)
    /// or 64 descriptors pass without a primary volume descriptor.
    static func missingStructure(in reader: ImageFileReader) throws -> MissingStructure? {
        for index in 0..<maxDescriptors {
            let start = firstDescriptor + index * descriptorBytes
            guard let descriptor = try reader.exactly(at: start, count: Int(descriptorBytes)) else {
                return MissingStructure(name: "volume descriptor", start: start, end: start + descriptorBytes)
            }
            guard descriptor[1..<6].elementsEqual("CD001".utf8) else { continue }
            switch descriptor[0] {
            case 1: return missingVolume(declaredBy: descriptor, fileSize: reader.size)
            case 255: throw Invalid(description: "the iso descriptor set ends without a primary volume descriptor")
            default: continue
            }
        }
        throw Invalid(description: "the iso has no primary volume descriptor")
    }

    /// The volume the primary volume descriptor `descriptor` declares, when a file of `size` bytes lacks part of it.
    static func missingVolume(declaredBy descriptor: [UInt8], fileSize size: Int64) -> MissingStructure? {
        let blocks = Int64(descriptor.littleEndian(80, 4))
        let blockSize = Int64(descriptor.littleEndian(128, 2))
        let volume = MissingStructure(name: "volume", start: 0, end: blocks * blockSize)
        return volume.end == 0 || volume.isHeld(byFileOf: size) ? nil : volume
    }
}
