import Foundation
import SkyliftDomain

/// The `inspect` and `convert` steps that both executors run (contract §7.2, §15.3).
struct ImageSteps: Sendable {
    let inspector: ImageInspector
    let limits: InspectionLimits

    /// Inspects `file` as `declared` and reports the step.
    func inspect(_ file: String, declared: DiskFormat, progress: TaskProgress) async throws -> InspectionReport {
        progress.start("inspect")
        let report: InspectionReport
        do {
            report = try await inspector.inspect(fileAt: URL(fileURLWithPath: file), declared: declared, limits: limits)
        } catch {
            try Task.checkCancellation()
            throw TaskFailure(error)
        }
        progress.finish("inspect", .done, bytes: report.actualSize)
        return report
    }

    /// Converts `file` from `source` to `target` into `destination` and returns the result's virtual size.
    func convert(
        _ file: String,
        from source: DiskFormat,
        to target: DiskFormat,
        into destination: String,
        virtualSize: Int64,
        progress: TaskProgress
    ) async throws -> Int64 {
        progress.start("convert", total: virtualSize)
        let qemuImg = inspector.qemuImg
        do {
            try await qemuImg.convert(source: file, format: source, destination: destination, format: target)
            let info = try await qemuImg.info(path: destination, format: target)
            progress.advance("convert", done: virtualSize, total: virtualSize)
            progress.finish("convert", .done)
            return info.virtualSize
        } catch let error as QemuImgError {
            throw TaskFailure.conversionFailed(from: source, to: target, error)
        }
    }

    /// Keeps the converted `file` for a later attempt (best effort: without it, a later attempt converts again).
    func keepConversion(
        _ file: String,
        virtualSize: Int64,
        downloadEpoch: Int64?,
        in checkpoints: StepCheckpoints,
        progress: TaskProgress
    ) {
        let steps = progress.snapshot.steps.filter { $0.name == "inspect" || $0.name == "convert" }
        let record = ConvertCheckpoint(steps: steps, virtualSize: virtualSize, downloadEpoch: downloadEpoch)
        try? checkpoints.save("convert", file: file, record: record)
    }
}
