import Foundation
import SkyliftDomain

/// The `download` step of the executors that fetch a URL (`import`, `api_image_import`): streams it to a temporary
/// file with its digests, or takes over the download an earlier attempt finished (contract §11.3), and keeps a
/// finished download as a step checkpoint for later attempts.
struct DownloadStep: Sendable {
    let downloader: Downloader
    let limits: DownloadLimits

    /// The checkpoint name of a download still under way: the growing file, hard-linked, and what resumes it.
    static let partialStep = "download-partial"

    /// What a download still under way keeps for a later attempt: the URL and the source's validator.
    struct PartialDownloadCheckpoint: Codable {
        var url: String
        var validator: String
    }

    /// What the step produced: the download's result and the epoch of the checkpoint that holds it (nil when it
    /// could not be kept).
    struct Outcome: Sendable {
        var result: DownloadResult
        var epoch: Int64?
    }

    /// Fills the temporary path `file` with the data of `url`.
    /// - Throws: the download's `TaskFailure`; `CancellationError` when stopped.
    func run(
        url: String,
        checksum: ExpectedChecksum?,
        to file: String,
        checkpoints: StepCheckpoints,
        progress: TaskProgress
    ) async throws -> Outcome {
        if let kept = checkpoints.restore("download", as: DownloadCheckpoint.self, into: file) {
            // An earlier attempt finished the download: it is not fetched again.
            progress.restore(kept.record.step)
            for warning in kept.record.result.warnings { progress.warn(warning) }
            return Outcome(result: kept.record.result, epoch: kept.epoch)
        }
        let result = try await fetch(
            url: url,
            checksum: checksum,
            to: file,
            checkpoints: checkpoints,
            progress: progress
        )
        guard let step = progress.snapshot.steps.first(where: { $0.name == "download" }),
            (try? checkpoints.save("download", file: file, record: DownloadCheckpoint(step: step, result: result)))
                != nil
        else { return Outcome(result: result, epoch: nil) }
        return Outcome(result: result, epoch: progress.epoch)
    }

    /// Downloads `url` to `file`, continuing the partial download an earlier attempt kept (contract §17: a task
    /// reclaimed after a lost lease resumes its download when the partial file survived), and keeping this
    /// attempt's own partial file as a checkpoint once the source allows resuming it.
    private func fetch(
        url: String,
        checksum: ExpectedChecksum?,
        to file: String,
        checkpoints: StepCheckpoints,
        progress: TaskProgress
    ) async throws -> DownloadResult {
        progress.start("download")
        let earlier = file + ".earlier"
        defer { unlink(earlier) }
        let partial = checkpoints.restore(Self.partialStep, as: PartialDownloadCheckpoint.self, into: earlier)
            .flatMap { $0.record.url == url ? PartialDownload(path: earlier, validator: $0.record.validator) : nil }
        do {
            let result = try await downloader.download(
                url: url,
                to: file,
                limits: limits,
                checksum: checksum,
                partial: partial,
                progress: { done, total in progress.advance("download", done: done, total: total) },
                resumable: { validator in
                    try? checkpoints.save(
                        Self.partialStep,
                        file: file,
                        record: PartialDownloadCheckpoint(url: url, validator: validator)
                    )
                }
            )
            for warning in result.warnings { progress.warn(warning) }
            // The step counts the bytes received; the stored size is the image's.
            progress.finish("download", .done, bytes: result.downloadedBytes ?? result.bytes)
            return result
        } catch {
            if error.code == .canceled { throw CancellationError() }
            throw TaskFailure(error)
        }
    }
}
