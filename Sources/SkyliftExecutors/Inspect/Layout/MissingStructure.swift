/// A structure an image's tables reference that the file does not wholly hold: the image was cut short.
///
/// Layout readers report the first one they find; the inspector turns it into an `unsafe_image` refusal.
struct MissingStructure: Sendable, Hashable {
    /// What the structure is, as a tenant would read it: `L2 table`, `data cluster`, `grain`, `footer`.
    var name: String
    /// Where it starts in the file.
    var start: Int64
    /// Where it ends (exclusive); equal to `start` for a structure whose start alone must be in the file.
    var end: Int64

    /// Whether a file of `size` bytes holds the structure: it starts before the file's end and ends within it.
    func isHeld(byFileOf size: Int64) -> Bool { start < size && end <= size }

    /// The refusal message for a `format` file of `size` bytes.
    func message(format: DiskFormat, fileSize size: Int64) -> String {
        if start >= size {
            return "The \(format) image is truncated: its \(name) at offset \(start) starts past its end at \(size)"
        }
        return
            "The \(format) image is truncated: its \(name) at offset \(start) runs to \(end), past its end at \(size)"
    }
}
