import Foundation

/// A fresh directory under the system's temporary folder, removed with everything in it when released.
public final class TemporaryDirectory: Sendable {
    /// Where it is.
    public let url: URL

    /// Creates `<tmp>/<prefix><uuid>`.
    public init(prefix: String = "skylift-") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(prefix + UUID().uuidString.lowercased())
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
