import SkyliftDomain

/// The API reads and removes image files through the domain port; `path(for:)` and `remove(imageID:)` satisfy it.
extension ImageFileStore: ImageFiles {}
