import Foundation
import SkyliftDomain

/// Image files under `storage.path` (contract §8): each is written under a temporary name in the same folder and
/// renamed into place only when complete, so no partial file is ever visible under an image's name.
public struct ImageFileStore: Sendable {
    /// Why a file operation failed.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// The prefix of temporary files: `.partial-<host>-<pid>-<uuid>`, naming the process that writes it.
    static let temporaryPrefix = ".partial-"

    /// This machine's name as temporary file names carry it (letters, digits, `.` and `_` only).
    static let hostTag = String(
        ProcessInfo.processInfo.hostName.map { $0.isLetter || $0.isNumber || $0 == "." ? $0 : "_" }
    )

    /// The folder holding the image files.
    public let root: URL

    /// Uses (and creates) `root`.
    public init(root: String) throws {
        self.root = URL(fileURLWithPath: root, isDirectory: true)
        try FileManager.default.createDirectory(at: self.root, withIntermediateDirectories: true)
    }

    /// A fresh temporary path in the store's folder (same file system, so the final link is atomic), named after
    /// this machine and `processID` (this process unless a test says otherwise).
    public func temporaryPath(processID: Int32 = getpid()) -> String {
        let name = "\(Self.temporaryPrefix)\(Self.hostTag)-\(processID)-\(UUID().uuidString.lowercased())"
        return root.appendingPathComponent(name).path
    }

    /// Where the file of `imageID` lives.
    /// - Throws: `Failure` when `imageID` is not a UUID (so it can never name a path outside the store).
    public func path(for imageID: String) throws(Failure) -> String {
        guard let id = TaskID(imageID) else { throw Failure(description: "'\(imageID)' is not an image id") }
        return root.appendingPathComponent(id.rawValue).path
    }

    /// Moves a complete temporary file into place as `imageID`'s file; refuses to replace an existing one.
    public func commit(temporary: String, as imageID: String) throws(Failure) -> String {
        let destination = try path(for: imageID)
        guard
            URL(fileURLWithPath: temporary).deletingLastPathComponent().standardizedFileURL == root.standardizedFileURL
        else { throw Failure(description: "temporary file \(temporary) is not in the image store") }
        // link(2) fails when the destination exists, unlike rename(2); then the temporary name is dropped.
        guard link(temporary, destination) == 0 else {
            throw Failure(description: "could not store image \(imageID): \(String(cString: strerror(errno)))")
        }
        unlink(temporary)
        return destination
    }

    /// Removes a temporary or image file if it exists.
    public func discard(_ path: String) {
        unlink(path)
    }

    /// Removes `imageID`'s file; true when there was one.
    @discardableResult
    public func remove(imageID: String) throws(Failure) -> Bool {
        unlink(try path(for: imageID)) == 0
    }

    /// Deletes temporary files left by a process of this machine that is gone (killed mid-write); returns how many.
    ///
    /// Several workers may share the folder (docs/deployment.md): a file of a process that still runs, or of
    /// another machine, is left alone, so a worker starting never removes another worker's file in progress.
    /// Files named before temporary names carried their process (`.partial-<uuid>`) are removed.
    public func removeOrphans() throws -> Int {
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path)
        var removed = 0
        for name in names where name.hasPrefix(Self.temporaryPrefix) && Self.isOrphan(name) {
            if unlink(root.appendingPathComponent(name).path) == 0 { removed += 1 }
        }
        return removed
    }

    /// Whether the temporary file `name` belongs to a process of this machine that no longer runs.
    static func isOrphan(_ name: String) -> Bool {
        let rest = name.dropFirst(temporaryPrefix.count)
        if UUID(uuidString: String(rest)) != nil { return true }
        let hostPrefix = hostTag + "-"
        guard rest.hasPrefix(hostPrefix) else { return false }
        guard let pid = Int32(rest.dropFirst(hostPrefix.count).prefix { $0 != "-" }), pid > 0 else { return false }
        return pid != getpid() && kill(pid, 0) == -1 && errno == ESRCH
    }
}
