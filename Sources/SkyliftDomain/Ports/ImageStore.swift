/// Durable storage of image records, scoped by visibility like tasks.
public protocol ImageStore: Sendable {
    /// Stores a new image record.
    /// - Throws: `SkyliftError.conflict` when an image with the same id exists.
    func createImage(_ image: ImageRecord) async throws

    /// The image with `id` if it exists and is visible.
    func image(id: String, visibility: Visibility) async throws -> ImageRecord?

    /// One page of visible images, newest first (`created_at` then `id`, both descending), after the query's marker.
    /// - Throws: `SkyliftError.badRequest` (`No image found with ID <marker>`) when the marker is not a visible image.
    func images(_ query: ImageListQuery, visibility: Visibility) async throws -> [ImageRecord]

    /// Removes the image record with `id` if it exists and is visible, and returns what it removed (nil otherwise).
    ///
    /// The image's file is not touched: removing it is the caller's job (`ImageFiles.remove(imageID:)`).
    func deleteImage(id: String, visibility: Visibility) async throws -> ImageRecord?

    /// Starts Glance's image import (contract §16) in one transaction: replays `options`' idempotency key as a task
    /// create does; otherwise checks that the image `task.imageID` is visible and importable
    /// (`ImageRecord.checkImportable`) and the owner's quota, stores `task` and locks the image as `importing`.
    /// - Throws: `SkyliftError.imageNotFound`, `.imageFormatUnset`, `.imageHasActiveTask`, `.imageNotImportable`,
    ///   `.quotaExceeded`, `.idempotencyMismatch`.
    func startImport(_ task: ImageTask, visibility: Visibility, options: CreateOptions) async throws -> CreateOutcome
}
