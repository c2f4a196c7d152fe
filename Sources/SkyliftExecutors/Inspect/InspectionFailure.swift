/// Why an image was refused by inspection (§15.3), as the task's `error.code` and `error.message` (§10.1).
public struct InspectionFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The `error.code` values inspection produces.
    public enum Code: String, Sendable, Hashable {
        /// The data is not in the declared format.
        case formatMismatch = "format_mismatch"
        /// Any other refusal: backing or data file, VMDK extents, virtual size, corruption, qemu-img failing.
        case unsafeImage = "unsafe_image"
    }

    /// The error code.
    public var code: Code
    /// A message the tenant can act on.
    public var message: String
    /// The qemu-img failure behind the refusal, for the log.
    public var underlying: QemuImgError?

    /// A refusal with `code` and `message`.
    public init(code: Code, message: String, underlying: QemuImgError? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// A `format_mismatch` refusal.
    static func mismatch(detected: DiskFormat, declared: DiskFormat) -> Self {
        Self(code: .formatMismatch, message: "Image format is \(detected) but import_from_format says \(declared)")
    }

    /// An `unsafe_image` refusal.
    static func unsafe(_ message: String, underlying: QemuImgError? = nil) -> Self {
        Self(code: .unsafeImage, message: message, underlying: underlying)
    }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}
