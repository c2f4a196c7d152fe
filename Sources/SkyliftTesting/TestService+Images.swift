import Foundation
import SkyliftDomain
import SkyliftExecutors
import SkyliftStore

extension TestService {
    /// Stores an image record owned by `owner` and, when `data` is given, its file (the checksum is not computed:
    /// pass the one the test expects to see).
    @discardableResult
    public func seedImage(
        id: String = UUID().uuidString.lowercased(),
        owner: String,
        name: String? = "seeded",
        status: ImageRecord.Status = .active,
        data: [UInt8]? = nil,
        checksum: String? = nil,
        properties: [String: String] = [:],
        createdAt: Timestamp? = nil
    ) async throws -> ImageRecord {
        let now = createdAt ?? clock.now()
        let image = ImageRecord(
            id: id,
            name: name,
            status: status,
            diskFormat: "raw",
            containerFormat: "bare",
            size: Int64(data?.count ?? 0),
            virtualSize: data.map { Int64($0.count) },
            checksum: checksum,
            osHashAlgo: checksum == nil ? nil : "sha512",
            osHashValue: checksum == nil ? nil : String(repeating: "0", count: 128),
            owner: owner,
            properties: properties,
            createdAt: now,
            updatedAt: now
        )
        try await store.createImage(image)
        if let data {
            try Data(data).write(to: URL(fileURLWithPath: try files.path(for: id)))
        }
        return image
    }

    /// Where image `id`'s file lives in the store.
    public func imageFilePath(_ id: String) throws -> String {
        try files.path(for: id)
    }

    /// Whether image `id` has a file in the store.
    public func hasImageFile(_ id: String) throws -> Bool {
        FileManager.default.fileExists(atPath: try imageFilePath(id))
    }
}
