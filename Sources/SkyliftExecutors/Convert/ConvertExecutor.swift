import Foundation
import SkyliftDomain

/// Runs `convert` tasks (contract §7.2): `inspect` (the source again) → `convert` → `store`, as a new image of
/// the task's project. The source image and its file are only read.
public struct ConvertExecutor: TaskExecutor {
    public typealias Input = ConvertInput
    public static let type = TaskType.convert
    public static let inputSchemaName = "convert"
    public static let stepWeights = ["inspect": 5, "convert": 90, "store": 5]

    let images: any ImageStore
    let steps: ImageSteps
    let publisher: ImagePublisher
    let files: ImageFileStore

    public init(
        images: any ImageStore,
        inspector: ImageInspector,
        inspectionLimits: InspectionLimits,
        maxImageBytes: Int64,
        files: ImageFileStore,
        clock: any WallClock
    ) {
        self.images = images
        self.steps = ImageSteps(inspector: inspector, limits: inspectionLimits)
        self.publisher = ImagePublisher(files: files, maxImageBytes: maxImageBytes, clock: clock)
        self.files = files
    }

    public func execute(_ input: ConvertInput, task: ImageTask, progress: TaskProgress) async throws -> ExecutionOutcome
    {
        let sourceID = input.imageID.lowercased()
        guard let target = DiskFormat(rawValue: input.diskFormat) else {
            throw TaskFailure.internal("The task's input names an unknown disk format", step: nil)
        }
        let image = try await images.image(id: sourceID, visibility: .all)
        guard let image, image.status == .active, let sourcePath = try? files.path(for: sourceID),
            FileManager.default.fileExists(atPath: sourcePath)
        else {
            throw TaskFailure(
                code: "conversion_failed",
                message: "The source image \(sourceID) no longer exists or is no longer active",
                retryable: false,
                step: "inspect"
            )
        }
        guard let source = image.diskFormat.flatMap(DiskFormat.init(rawValue:)) else {
            throw TaskFailure(
                code: "conversion_failed",
                message: "The source image's disk format \(image.diskFormat ?? "(none)") cannot be converted",
                retryable: false,
                step: "inspect"
            )
        }
        let converted = files.temporaryPath()
        defer { files.discard(converted) }

        let checkpoints = files.checkpoints(for: task.id, epoch: progress.epoch)
        let virtualSize: Int64
        if let kept = checkpoints.restore("convert", as: ConvertCheckpoint.self, into: converted) {
            // An earlier attempt converted the source already (images never change): straight to `store` (§11.3).
            for step in kept.record.steps { progress.restore(step) }
            virtualSize = kept.record.virtualSize
        } else {
            let report = try await steps.inspect(sourcePath, declared: source, progress: progress)
            virtualSize = try await steps.convert(
                sourcePath,
                from: source,
                to: target,
                into: converted,
                virtualSize: report.virtualSize,
                progress: progress
            )
            steps.keepConversion(
                converted,
                virtualSize: virtualSize,
                downloadEpoch: nil,
                in: checkpoints,
                progress: progress
            )
        }
        let properties = ImageProperties(input.imageProperties ?? [:])
        let candidate = ImagePublisher.Candidate(
            file: converted,
            digests: nil,
            virtualSize: virtualSize,
            format: target,
            imageID: task.imageID ?? UUID().uuidString.lowercased(),
            owner: task.owner,
            name: properties.name ?? image.name,
            containerFormat: properties.containerFormat ?? image.containerFormat ?? "bare",
            properties: image.properties.merging(properties.custom) { _, new in new }
        )
        return try await publisher.publish(candidate, progress: progress)
    }
}
