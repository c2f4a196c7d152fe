import Foundation

/// The inspection of §15.3: checks that a file is really in its declared format and is safe to hand to
/// qemu-img and to a hypervisor.
///
/// Order: signatures (magic bytes), then `qemu-img info` under limits, then the format's own rules (backing
/// files, data files, VMDK create type and extents, virtual size), then `qemu-img check` for qcow2, vhdx and vdi,
/// then the truncation rule for every format with tables (`ImageRules.checkHeld`).
public struct ImageInspector: Sendable {
    /// The qemu-img wrapper used for `info` and `check`.
    public var qemuImg: QemuImg

    /// An inspector running qemu-img through `qemuImg`.
    public init(qemuImg: QemuImg = QemuImg()) {
        self.qemuImg = qemuImg
    }

    /// Inspects the file at `url`, which the tenant says is in `declared` format.
    public func inspect(
        fileAt url: URL,
        declared: DiskFormat,
        limits: InspectionLimits = InspectionLimits()
    ) async throws(InspectionFailure) -> InspectionReport {
        let path = url.path
        let fileSize: Int64
        let detection: MagicBytes.Detection
        do {
            fileSize = try Self.size(of: url)
            detection = try MagicBytes.detection(fileAt: url)
        } catch {
            throw .unsafe("The image could not be read")
        }
        guard let detected = detection.format else {
            let names = detection.formats.map(\.rawValue).joined(separator: ", ")
            throw .unsafe("The image carries the signatures of several formats (\(names)); it is refused")
        }
        guard detected == declared else { throw .mismatch(detected: detected, declared: declared) }
        if detection.isVMDKDescriptor {
            throw .unsafe(
                "The VMDK is a text descriptor whose extents are other files; only a self-contained VMDK is accepted"
            )
        }
        let info = try await run("read") { try await qemuImg.info(path: path, format: declared) }
        guard info.format == declared.qemuName else {
            throw .mismatch(detected: DiskFormat(qemuName: info.format) ?? declared, declared: declared)
        }
        try ImageRules.check(info, format: declared, path: path, limits: limits)
        var check: QemuImgCheck?
        if declared.isCheckable {
            let result = try await run("check") { try await qemuImg.check(path: path, format: declared) }
            try ImageRules.check(result, format: declared)
            check = result
        }
        try ImageRules.checkHeld(fileAt: url, format: declared, check: check)
        return InspectionReport(format: declared, virtualSize: info.virtualSize, actualSize: fileSize)
    }

    /// Runs one qemu-img call, turning its failure into an `unsafe_image` refusal.
    private func run<T>(_ verb: String, _ body: () async throws -> T) async throws(InspectionFailure) -> T {
        do {
            return try await body()
        } catch let error as QemuImgError {
            let detail = error.killedByLimit ? "it exceeded the inspection limits" : error.summary
            let suffix = detail.isEmpty ? "" : " (\(detail))"
            throw .unsafe("qemu-img could not \(verb) the image\(suffix)", underlying: error)
        } catch {
            throw .unsafe("Inspection was interrupted")
        }
    }

    /// The size of the file at `url` in bytes.
    private static func size(of url: URL) throws -> Int64 {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return (attributes[.size] as? NSNumber)?.int64Value ?? 0
    }
}

extension DiskFormat {
    /// The format qemu-img calls `name` (`vpc` is `vhd`).
    init?(qemuName name: String) {
        if name == "vpc" {
            self = .vhd
        } else {
            self.init(rawValue: name)
        }
    }
}
