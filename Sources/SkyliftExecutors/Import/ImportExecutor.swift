import Foundation
import SkyliftDomain

/// Runs `import` tasks (contract §7.2): `download` (streaming, hashing) → `inspect` (§15.3) → `convert` (skipped
/// when the formats are equal) → `store`. Every temporary file is removed whatever happens.
public struct ImportExecutor: TaskExecutor {
    public typealias Input = ImportInput
    public static let type = TaskType.import
    public static let inputSchemaName = "import"
    public static let stepWeights = ["download": 60, "inspect": 5, "convert": 30, "store": 5]

    let downloader: Downloader
    let downloadLimits: DownloadLimits
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
        self.downloader = downloader
        self.downloadLimits = downloadLimits
        self.steps = ImageSteps(inspector: inspector, limits: inspectionLimits)
        self.publisher = ImagePublisher(files: files, maxImageBytes: downloadLimits.maxImageBytes, clock: clock)
        self.files = files
    }

    public func execute(_ input: ImportInput, task: ImageTask, progress: TaskProgress) async throws -> ExecutionOutcome
    {
        let properties = ImageProperties(input.imageProperties)
        guard let source = DiskFormat(rawValue: input.importFromFormat),
            let target = properties.diskFormat.flatMap(DiskFormat.init(rawValue:))
        else {
            throw TaskFailure.internal("The task's input names an unknown disk format", step: nil)
        }
        let downloaded = files.temporaryPath()
        let converted = files.temporaryPath()
        defer {
            files.discard(downloaded)
            files.discard(converted)
        }

        let download = try await self.download(input, to: downloaded, progress: progress)
        let report = try await steps.inspect(downloaded, declared: source, progress: progress)
        var candidate = ImagePublisher.Candidate(
            file: downloaded,
            digests: FileDigests(size: download.bytes, md5: download.md5, sha512: download.sha512),
            virtualSize: report.virtualSize,
            format: target,
            imageID: task.imageID ?? UUID().uuidString.lowercased(),
            owner: task.owner,
            name: properties.name,
            containerFormat: properties.containerFormat ?? "bare",
            properties: properties.custom
        )
        if source == target {
            progress.finish("convert", .skipped)
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
            candidate.file = converted
            candidate.digests = nil
        }
        return try await publisher.publish(candidate, progress: progress)
    }

    /// The `download` step.
    private func download(_ input: ImportInput, to path: String, progress: TaskProgress) async throws -> DownloadResult
    {
        progress.start("download")
        let checksum = input.checksum.flatMap { checksum in
            ChecksumAlgorithm(rawValue: checksum.algo).map { ExpectedChecksum(algorithm: $0, hex: checksum.value) }
        }
        do {
            let result = try await downloader.download(
                url: input.importFrom,
                to: path,
                limits: downloadLimits,
                checksum: checksum
            ) { done, total in
                progress.advance("download", done: done, total: total)
            }
            for warning in result.warnings { progress.warn(warning) }
            progress.finish("download", .done, bytes: result.bytes)
            return result
        } catch {
            if error.code == .canceled { throw CancellationError() }
            throw TaskFailure(error)
        }
    }
}
