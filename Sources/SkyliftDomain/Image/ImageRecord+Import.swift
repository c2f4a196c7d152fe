/// The image side of Glance's image import (contract §16): which images may be imported into, the import lock, and
/// what the image becomes when its import task ends. Both stores apply these in the transaction that writes the
/// task, so no reader sees an active image with a running task, or a queued image whose task still runs.
extension ImageRecord {
    /// The property holding the id of the import task that locks the image.
    public static let importTaskKey = "os_glance_import_task"
    /// The property naming the stores an import is writing to (empty when none).
    public static let importingToStoresKey = "os_glance_importing_to_stores"
    /// The property naming the stores whose last import failed (empty when none).
    public static let failedImportKey = "os_glance_failed_import"
    /// The one store images live in.
    public static let storeID = "local"

    /// The import task that holds the image's lock, if any.
    public var importTask: String? { properties[Self.importTaskKey] }

    /// §16 checks 4 to 6, in Glance's order: both formats set (`container_format` is named first, as Glance does),
    /// then no import running (Glance's "Image has active task" for a second import), then `queued`.
    public func checkImportable() throws(SkyliftError) {
        if containerFormat == nil { throw .imageFormatUnset(field: "container_format") }
        if diskFormat == nil { throw .imageFormatUnset(field: "disk_format") }
        if let task = importTask { throw .imageHasActiveTask(id, task: task) }
        if status != .queued { throw .imageNotImportable(id, status: status) }
    }

    /// The image locked by import task `taskID`, `importing` into the store.
    public func importing(taskID: String, at now: Timestamp) -> ImageRecord {
        var image = self
        image.status = .importing
        image.properties[Self.importTaskKey] = taskID
        image.properties[Self.importingToStoresKey] = Self.storeID
        image.updatedAt = now
        return image
    }

    /// The image once import task `taskID` ended: `active` with the data `published` describes when it succeeded,
    /// else `queued` again with the failed store named, so the tenant can import again; the lock removed either way.
    /// Nil when the lock is not that task's (the image changed hands; nothing to do).
    public func importEnded(taskID: String, published: ImageRecord?, at now: Timestamp) -> ImageRecord? {
        guard importTask == taskID else { return nil }
        var image = self
        image.properties[Self.importTaskKey] = nil
        image.properties[Self.importingToStoresKey] = ""
        image.updatedAt = now
        if let published {
            image.status = .active
            image.size = published.size
            image.virtualSize = published.virtualSize
            image.checksum = published.checksum
            image.osHashAlgo = published.osHashAlgo
            image.osHashValue = published.osHashValue
            image.properties[Self.failedImportKey] = ""
        } else {
            image.status = .queued
            image.properties[Self.failedImportKey] = Self.storeID
        }
        return image
    }
}
