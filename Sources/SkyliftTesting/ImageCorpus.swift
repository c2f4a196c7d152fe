import Foundation

/// A directory of disk images built with the real qemu-img (a temporary one is removed on deinit).
public final class ImageCorpus: Sendable {
    /// A tool the corpus ran exited with a failure.
    public struct ToolFailed: Error, CustomStringConvertible {
        public var description: String
    }

    /// The directory holding the images.
    public let directory: URL
    private let owned: Bool

    /// A fresh temporary directory, removed on deinit.
    public init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("skylift-inspect-\(UUID().uuidString)", isDirectory: true)
        owned = true
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// Images written into `directory` (e.g. a ``LocalImageServer``'s root), which is left in place.
    public init(directory: URL) {
        self.directory = directory
        owned = false
    }

    deinit {
        if owned { try? FileManager.default.removeItem(at: directory) }
    }

    /// The URL of `name` inside the corpus.
    public func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// The path of `name` inside the corpus.
    public func path(_ name: String) -> String { url(name).path }

    /// A raw file of `bytes` bytes with `chunk` bytes of a non-zero pattern at every 2 MiB, written by qemu-io.
    @discardableResult
    public func raw(_ name: String, bytes: Int = 4 << 20, chunk: Int = 64 << 10) throws -> URL {
        _ = FileManager.default.createFile(atPath: path(name), contents: nil)
        let handle = try FileHandle(forWritingTo: url(name))
        try handle.truncate(atOffset: UInt64(bytes))
        try handle.close()
        let writes = stride(from: 0, to: bytes, by: 2 << 20).flatMap { ["-c", "write -P 0x5a \($0) \(chunk)"] }
        try shell("qemu-io", ["-f", "raw"] + writes + [path(name)])
        return url(name)
    }

    /// Converts the corpus file `source` (raw) to `name` in qemu-img format `format`, with `options`.
    @discardableResult
    public func convert(_ source: String, to name: String, format: String, options: String? = nil) throws -> URL {
        var arguments = ["convert", "-f", "raw", "-O", format]
        if let options { arguments += ["-o", options] }
        try shell("qemu-img", arguments + [path(source), path(name)])
        return url(name)
    }

    /// Writes `text` to `name`.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> URL {
        try Data(text.utf8).write(to: url(name))
        return url(name)
    }

    /// A text VMDK descriptor whose one extent is the host file `target` (a hostile image: reading it as a disk
    /// would read that file).
    @discardableResult
    public func vmdkDescriptor(_ name: String, naming target: String) throws -> URL {
        try write(
            name,
            """
            # Disk DescriptorFile
            version=1
            CID=fffffffe
            parentCID=ffffffff
            createType="monolithicFlat"

            RW 2048 FLAT "\(target)" 0

            """
        )
    }

    /// Cuts `name` down to `fraction` of its size.
    public func truncate(_ name: String, keeping fraction: Double) throws {
        let size = try FileManager.default.attributesOfItem(atPath: path(name))[.size] as! NSNumber
        let handle = try FileHandle(forWritingTo: url(name))
        try handle.truncate(atOffset: UInt64(Double(size.int64Value) * fraction))
        try handle.close()
    }

    /// Cuts `name` down to its first `bytes` bytes.
    public func truncate(_ name: String, toBytes bytes: Int64) throws {
        let handle = try FileHandle(forWritingTo: url(name))
        try handle.truncate(atOffset: UInt64(bytes))
        try handle.close()
    }

    /// The size of `name` in bytes.
    public func size(_ name: String) throws -> Int64 {
        (try FileManager.default.attributesOfItem(atPath: path(name))[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// Runs a tool and requires it to succeed.
    public func shell(_ tool: String, _ arguments: String...) throws { try shell(tool, arguments) }

    /// Runs a tool and requires it to succeed.
    public func shell(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolFailed(description: "\(tool) \(arguments.joined(separator: " ")) failed")
        }
    }

    /// Whether two corpus images hold the same disk contents, by `qemu-img compare` with explicit formats.
    public func same(_ first: String, _ firstFormat: String, _ second: String, _ secondFormat: String) throws -> Bool {
        try Self.sameContent(path(first), firstFormat, path(second), secondFormat)
    }

    /// Whether the images at two paths hold the same disk contents (`qemu-img compare`; formats are qemu names).
    public static func sameContent(
        _ first: String,
        _ firstFormat: String,
        _ second: String,
        _ secondFormat: String
    ) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["qemu-img", "compare", "-q", "-f", firstFormat, "-F", secondFormat, first, second]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
