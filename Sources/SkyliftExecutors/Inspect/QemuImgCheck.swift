/// The result of `qemu-img check --output=json` (exit status 0, 2 or 3).
public struct QemuImgCheck: Sendable, Hashable, Decodable {
    /// Clusters or blocks the check found corrupt (`corruptions`).
    public var corruptions: Int
    /// Leaked clusters (`leaks`): wasted space, harmless.
    public var leaks: Int
    /// Errors that stopped parts of the check (`check-errors`).
    public var checkErrors: Int
    /// The offset just past the last byte the image's tables use, when the format reports it.
    public var imageEndOffset: Int64?
    /// qemu-img's exit status: 0 clean, 2 corruption, 3 leaks only.
    public var exitStatus: Int32

    private enum CodingKeys: String, CodingKey {
        case corruptions
        case leaks
        case checkErrors = "check-errors"
        case imageEndOffset = "image-end-offset"
    }

    /// Decodes the JSON object printed by `qemu-img check --output=json`; `exitStatus` starts at 0.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        corruptions = try container.decodeIfPresent(Int.self, forKey: .corruptions) ?? 0
        leaks = try container.decodeIfPresent(Int.self, forKey: .leaks) ?? 0
        checkErrors = try container.decodeIfPresent(Int.self, forKey: .checkErrors) ?? 0
        imageEndOffset = try container.decodeIfPresent(Int64.self, forKey: .imageEndOffset)
        exitStatus = 0
    }

    /// Whether qemu-img found corruption or could not finish checking.
    public var isCorrupt: Bool { corruptions > 0 || checkErrors > 0 || exitStatus == 2 }
}
