import Foundation
import SkyliftDomain

/// Runs `api_image_import` tasks (contract §16): `download` (streaming, hashing, §15.2 at every hop) → `inspect`
/// (§15.3, as the image's own `disk_format`: no conversion) → `store`, the downloaded bytes becoming the file of the
/// queued image the task locks. The store makes the image `active`, or `queued` again, with the task's end.
public struct ImageImportExecutor: TaskExecutor {
    public typealias Input = ImageImportInput
    public static let type = TaskType.apiImageImport
    /// No input schema is served: these tasks are made by `POST /v2/images/{id}/import`, never by `POST /v2/tasks`.
    public static let inputSchemaName = "api_image_import"
    public static let stepWeights = ["download": 85, "inspect": 5, "store": 10]

    let images: any ImageStore
    let downloadStep: DownloadStep
    let steps: ImageSteps
    let publisher: ImagePublisher
    let files: ImageFileStore

    public init(
        images: any ImageStore,
        downloader: Downloader,
        downloadLimits: DownloadLimits,
        inspector: ImageInspector,
        inspectionLimits: InspectionLimits,
        files: ImageFileStore,
        clock: any WallClock
    ) {
        self.images = images
        self.downloadStep = DownloadStep(downloader: downloader, limits: downloadLimits)
        self.steps = ImageSteps(inspector: inspector, limits: inspectionLimits)
        self.publisher = ImagePublisher(files: files, maxImageBytes: downloadLimits.maxImageBytes, clock: clock)
        self.files = files
    }

    public func execute(
        _ input: ImageImportInput,
        task: ImageTask,
        progress: TaskProgress
    ) async throws
        -> ExecutionOutcome
    {
        guard let image = try await images.image(id: input.imageID, visibility: .all),
            image.importTask == task.id.rawValue
        else {
            throw TaskFailure.internal("The image \(input.imageID) is no longer waiting for this import", step: nil)
        }
        guard let url = input.importRequest.method.uri else {
            throw TaskFailure.internal("The import request names no uri", step: nil)
        }
        guard let format = image.diskFormat.flatMap(DiskFormat.init(rawValue:)) else {
            throw TaskFailure(
                code: "format_mismatch",
                message: "Images in disk format \(image.diskFormat ?? "(none)") cannot be imported here: Skylift "
                    + "inspects \(DiskFormat.allCases.map(\.rawValue).joined(separator: ", ")) only",
                retryable: false,
                step: "inspect"
            )
        }
        let downloaded = files.temporaryPath()
        defer { files.discard(downloaded) }
        let checkpoints = files.checkpoints(for: task.id, epoch: progress.epoch)
        let download = try await downloadStep.run(
            url: url,
            checksum: nil,
            to: downloaded,
            checkpoints: checkpoints,
            progress: progress
        ).result
        let report = try await steps.inspect(downloaded, declared: format, progress: progress)
        let candidate = ImagePublisher.Candidate(
            file: downloaded,
            digests: FileDigests(size: download.bytes, md5: download.md5, sha512: download.sha512),
            virtualSize: report.virtualSize,
            format: format,
            imageID: image.id,
            owner: image.owner,
            name: image.name,
            containerFormat: image.containerFormat ?? "bare",
            properties: image.properties
        )
        let published = try await publisher.publish(candidate, progress: progress)
        return ExecutionOutcome(result: RawJSON(#"{"image_id": "\#(image.id)"}"#), image: published.image)
    }
}
