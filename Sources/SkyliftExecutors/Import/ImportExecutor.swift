import Foundation
import SkyliftDomain

/// Runs `import` tasks (contract §7.2): `download` (streaming, hashing) → `inspect` (§15.3) → `convert` (skipped
/// when the formats are equal) → `store`. Every temporary file is removed whatever happens.
public struct ImportExecutor: TaskExecutor {
    public typealias Input = ImportInput
    public static let type = TaskType.import
    public static let inputSchemaName = "import"
    public static let stepWeights = ["download": 60, "inspect": 5, "convert": 30, "store": 5]

    let downloadStep: DownloadStep
    let steps: ImageSteps
    let publisher: ImagePublisher
    let files: ImageFileStore

    public init(
        downloader: Downloader,
        downloadLimits: DownloadLimits,
        inspector: ImageInspector,
        inspectionLimits: InspectionLimits,
        files: ImageFileStore,
        clock: any WallClock
    ) {
        self.downloadStep = DownloadStep(downloader: downloader, limits: downloadLimits)
        self.steps = ImageSteps(inspector: inspector, limits: inspectionLimits)
        self.publisher = ImagePublisher(files: files, maxImageBytes: downloadLimits.maxImageBytes, clock: clock)
        self.files = files
    }

    public func execute(_ input: ImportInput, task: ImageTask, progress: TaskProgress) async throws -> ExecutionOutcome
    {
        guard let source = DiskFormat(rawValue: input.importFromFormat),
            let target = ImageProperties(input.imageProperties).diskFormat.flatMap(DiskFormat.init(rawValue:))
        else {
            throw TaskFailure.internal("The task's input names an unknown disk format", step: nil)
        }
        let checkpoints = files.checkpoints(for: task.id, epoch: progress.epoch)
        let downloaded = files.temporaryPath()
        let converted = files.temporaryPath()
        defer {
            files.discard(downloaded)
            files.discard(converted)
        }
        let properties = ImageProperties(input.imageProperties)
        var candidate = ImagePublisher.Candidate(
            file: converted,
            digests: nil,
            virtualSize: 0,
            format: target,
            imageID: task.imageID ?? UUID().uuidString.lowercased(),
            owner: task.owner,
            name: properties.name,
            containerFormat: properties.containerFormat ?? "bare",
            properties: properties.custom
        )

        // An earlier attempt converted the newest kept download: straight to `store` (§11.3).
        if source != target, let download = checkpoints.newest("download", as: DownloadCheckpoint.self),
            let kept = checkpoints.restore("convert", as: ConvertCheckpoint.self, into: converted),
            kept.record.downloadEpoch == download.epoch
        {
            progress.restore(download.record.step)
            for warning in download.record.result.warnings { progress.warn(warning) }
            for step in kept.record.steps { progress.restore(step) }
            candidate.virtualSize = kept.record.virtualSize
            return try await publisher.publish(candidate, progress: progress)
        }

        let checksum = input.checksum.flatMap { checksum in
            ChecksumAlgorithm(rawValue: checksum.algo).map { ExpectedChecksum(algorithm: $0, hex: checksum.value) }
        }
        let fetched = try await downloadStep.run(
            url: input.importFrom,
            checksum: checksum,
            to: downloaded,
            checkpoints: checkpoints,
            progress: progress
        )
        let download = fetched.result
        let downloadEpoch = fetched.epoch
        let report = try await steps.inspect(downloaded, declared: source, progress: progress)
        candidate.virtualSize = report.virtualSize
        if source == target {
            progress.finish("convert", .skipped)
            candidate.file = downloaded
            candidate.digests = FileDigests(size: download.bytes, md5: download.md5, sha512: download.sha512)
        } else {
            candidate.virtualSize = try await steps.convert(
                downloaded,
                from: source,
                to: target,
                into: converted,
                virtualSize: report.virtualSize,
                progress: progress
            )
            files.discard(downloaded)
            steps.keepConversion(
                converted,
                virtualSize: candidate.virtualSize,
                downloadEpoch: downloadEpoch,
                in: checkpoints,
                progress: progress
            )
        }
        return try await publisher.publish(candidate, progress: progress)
    }
}
