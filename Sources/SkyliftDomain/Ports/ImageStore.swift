/// Durable storage of image records, scoped by visibility like tasks.
public protocol ImageStore: Sendable {
    /// Stores a new image record.
    /// - Throws: `SkyliftError.conflict` when an image with the same id exists.
    func createImage(_ image: ImageRecord) async throws

    /// The image with `id` if it exists and is visible.
    func image(id: String, visibility: Visibility) async throws -> ImageRecord?
}
