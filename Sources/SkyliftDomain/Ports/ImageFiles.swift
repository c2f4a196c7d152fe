/// Where image data lives on disk (contract §8: under `storage.path`), as the API needs it: to read and to remove.
///
/// Implemented by `ImageFileStore` in SkyliftExecutors, which also writes the files.
public protocol ImageFiles: Sendable {
    /// The path of `imageID`'s file (which may not exist).
    /// - Throws: when `imageID` cannot name a file in the store (it is not a UUID).
    func path(for imageID: String) throws -> String

    /// Removes `imageID`'s file; true when there was one.
    /// - Throws: when `imageID` cannot name a file in the store (it is not a UUID).
    @discardableResult
    func remove(imageID: String) throws -> Bool
}
