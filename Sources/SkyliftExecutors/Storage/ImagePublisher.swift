import Foundation
import SkyliftDomain

/// The `store` step of both executors (contract §7.2, §8): checks the size cap, takes the digests, moves the
/// complete file into place under the image's id and describes the image record that the worker saves with the
/// task's success. A file that cannot be published is removed; nothing partial is ever visible.
struct ImagePublisher: Sendable {
    /// What to publish.
    struct Candidate: Sendable {
        /// The complete file, under a temporary name in the image store.
        var file: String
        /// Its digests when already known (a download that was not converted); else they are computed.
        var digests: FileDigests?
        var virtualSize: Int64
        var format: DiskFormat
        var imageID: String
        var owner: String
        var name: String?
        var containerFormat: String
        var properties: [String: String]
    }

    let files: ImageFileStore
    /// `import.maxImageBytes`, inclusive.
    let maxImageBytes: Int64
    let clock: any WallClock

    func publish(_ candidate: Candidate, progress: TaskProgress) async throws -> ExecutionOutcome {
        progress.start("store")
        let digests: FileDigests
        if let known = candidate.digests {
            digests = known
        } else {
            do {
                digests = try await FileDigests.compute(path: candidate.file)
            } catch let error as CancellationError {
                throw error
            } catch {
                throw TaskFailure.internal("The converted image could not be read back for hashing", step: "store")
            }
        }
        guard digests.size <= maxImageBytes else {
            throw TaskFailure(
                code: "too_large",
                message: "The image to store is \(digests.size) bytes, more than the \(maxImageBytes) bytes "
                    + "import.maxImageBytes allows",
                retryable: false,
                step: "store"
            )
        }
        do {
            _ = try files.commit(temporary: candidate.file, as: candidate.imageID)
        } catch {
            throw TaskFailure.internal("The image file could not be stored: \(error.description)", step: "store")
        }
        let now = clock.now()
        let image = ImageRecord(
            id: candidate.imageID,
            name: candidate.name,
            status: .active,
            diskFormat: candidate.format.rawValue,
            containerFormat: candidate.containerFormat,
            size: digests.size,
            virtualSize: candidate.virtualSize,
            checksum: digests.md5,
            osHashAlgo: "sha512",
            osHashValue: digests.sha512,
            owner: candidate.owner,
            properties: candidate.properties,
            createdAt: now,
            updatedAt: now
        )
        progress.finish("store", .done, bytes: digests.size)
        return ExecutionOutcome(result: ImageResult(image).json, image: image)
    }
}

/// A task's `result`: the stored image (contract §7.2).
struct ImageResult: Encodable {
    var imageID: String
    var size: Int64?
    var virtualSize: Int64?
    var checksum: String?
    var osHashAlgo: String?
    var osHashValue: String?
    var diskFormat: String?

    enum CodingKeys: String, CodingKey {
        case imageID = "image_id"
        case size
        case virtualSize = "virtual_size"
        case checksum
        case osHashAlgo = "os_hash_algo"
        case osHashValue = "os_hash_value"
        case diskFormat = "disk_format"
    }

    init(_ image: ImageRecord) {
        imageID = image.id
        size = image.size
        virtualSize = image.virtualSize
        checksum = image.checksum
        osHashAlgo = image.osHashAlgo
        osHashValue = image.osHashValue
        diskFormat = image.diskFormat
    }

    var json: RawJSON {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Strings and integers always encode.
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return RawJSON(String(decoding: data, as: UTF8.self))
    }
}

/// `image_properties` split into the image's fields and its custom properties.
struct ImageProperties: Sendable {
    static let fieldNames: Set<String> = ["name", "disk_format", "container_format"]

    var name: String?
    var diskFormat: String?
    var containerFormat: String?
    var custom: [String: String]

    init(_ properties: [String: String]) {
        name = properties["name"]
        diskFormat = properties["disk_format"]
        containerFormat = properties["container_format"]
        custom = properties.filter { !Self.fieldNames.contains($0.key) }
    }
}
