import SkyliftDomain

extension TaskFailure {
    /// A failed download step, with its §10.1 code.
    init(_ failure: DownloadFailure) {
        self.init(code: failure.code.rawValue, message: failure.message, retryable: failure.retryable, step: "download")
    }

    /// A refused inspection: `format_mismatch` or `unsafe_image`.
    init(_ failure: InspectionFailure) {
        self.init(code: failure.code.rawValue, message: failure.message, retryable: false, step: "inspect")
    }

    /// `qemu-img convert` failed.
    static func conversionFailed(from source: DiskFormat, to target: DiskFormat, _ error: QemuImgError) -> Self {
        let detail = error.killedByLimit ? "it exceeded its limits (\(error.description))" : error.summary
        return Self(
            code: "conversion_failed",
            message: "Conversion from \(source) to \(target) failed: \(detail)",
            retryable: false,
            step: "convert"
        )
    }

    /// A storage fault in `step`; the log has the detail.
    static func `internal`(_ message: String, step: String?) -> Self {
        Self(code: "internal", message: message, retryable: true, step: step)
    }
}
