/// The parts of `qemu-img info --output=json` that inspection relies on.
public struct QemuImgInfo: Sendable, Hashable, Decodable {
    /// One extent of a VMDK (`format-specific.data.extents[]`).
    public struct Extent: Sendable, Hashable, Decodable {
        /// The file holding the extent, as qemu-img names it.
        public var filename: String
        /// The extent's type (`FLAT`, `SPARSE`, or empty for the main file).
        public var format: String?
        /// The extent's size in bytes.
        public var virtualSize: Int64?

        private enum CodingKeys: String, CodingKey {
            case filename
            case format
            case virtualSize = "virtual-size"
        }
    }

    /// The format-specific data (`format-specific.data`).
    public struct Specific: Sendable, Hashable, Decodable {
        /// A qcow2 external data file (`data-file`).
        public var dataFile: String?
        /// A VMDK's create type (`create-type`), e.g. `monolithicSparse`.
        public var createType: String?
        /// A VMDK's extents.
        public var extents: [Extent]?
        /// A qcow2's corrupt flag.
        public var corrupt: Bool?

        private enum CodingKeys: String, CodingKey {
            case dataFile = "data-file"
            case createType = "create-type"
            case extents
            case corrupt
        }
    }

    private struct SpecificWrapper: Sendable, Hashable, Decodable {
        var data: Specific?
    }

    /// The format qemu-img opened the file as (`vpc` for VHD).
    public var format: String
    /// The size of the disk the image describes, in bytes.
    public var virtualSize: Int64
    /// The bytes the file occupies on disk.
    public var actualSize: Int64?
    /// The backing file as written in the image.
    public var backingFilename: String?
    /// The backing file resolved by qemu-img.
    public var fullBackingFilename: String?
    /// Format-specific details, when qemu-img reports any.
    public var specific: Specific?

    private enum CodingKeys: String, CodingKey {
        case format
        case virtualSize = "virtual-size"
        case actualSize = "actual-size"
        case backingFilename = "backing-filename"
        case fullBackingFilename = "full-backing-filename"
        case formatSpecific = "format-specific"
    }

    /// Decodes the JSON object printed by `qemu-img info --output=json`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(String.self, forKey: .format)
        virtualSize = try container.decode(Int64.self, forKey: .virtualSize)
        actualSize = try container.decodeIfPresent(Int64.self, forKey: .actualSize)
        backingFilename = try container.decodeIfPresent(String.self, forKey: .backingFilename)
        fullBackingFilename = try container.decodeIfPresent(String.self, forKey: .fullBackingFilename)
        specific = try container.decodeIfPresent(SpecificWrapper.self, forKey: .formatSpecific)?.data
    }

    /// The backing file, if the image names one in either field.
    public var backingFile: String? { backingFilename ?? fullBackingFilename }
}
