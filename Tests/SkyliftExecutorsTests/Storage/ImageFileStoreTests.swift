import Foundation
import SkyliftExecutors
import Testing

@Suite struct ImageFileStoreTests {
    static func store() throws -> ImageFileStore {
        try ImageFileStore(root: FileManager.default.temporaryDirectory.appendingPathComponent("images-\(UUID())").path)
    }

    static let imageID = "2a7c3d1e-9b4f-4c52-8e61-0f3b5a9d7c11"

    @Test("a file appears under the image's id only when committed, with its bytes")
    func commit() throws {
        let store = try Self.store()
        let temporary = store.temporaryPath()
        try Data("disk bytes".utf8).write(to: URL(fileURLWithPath: temporary))
        let final = try store.path(for: Self.imageID)
        #expect(!FileManager.default.fileExists(atPath: final))
        #expect(try store.commit(temporary: temporary, as: Self.imageID) == final)
        #expect(try Data(contentsOf: URL(fileURLWithPath: final)) == Data("disk bytes".utf8))
        #expect(!FileManager.default.fileExists(atPath: temporary))
    }

    @Test("committing over an existing image fails and leaves the existing file untouched")
    func noReplace() throws {
        let store = try Self.store()
        for content in ["first", "second"] {
            let temporary = store.temporaryPath()
            try Data(content.utf8).write(to: URL(fileURLWithPath: temporary))
            if content == "first" {
                _ = try store.commit(temporary: temporary, as: Self.imageID)
            } else {
                #expect(throws: ImageFileStore.Failure.self) {
                    try store.commit(temporary: temporary, as: Self.imageID)
                }
                store.discard(temporary)
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: store.path(for: Self.imageID))) == Data("first".utf8))
    }

    @Test("ids that are not UUIDs never name a path", arguments: ["../../etc/passwd", "", "x", "/etc/passwd"])
    func traversal(id: String) throws {
        let store = try Self.store()
        #expect(throws: ImageFileStore.Failure.self) { try store.path(for: id) }
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("outside-\(UUID())").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: outside))
        #expect(throws: ImageFileStore.Failure.self) { try store.commit(temporary: outside, as: Self.imageID) }
        #expect(FileManager.default.fileExists(atPath: outside))
    }

    /// The pid of a process that has exited.
    static func deadProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test("orphaned temporary files from a killed process are removed; image files stay")
    func orphans() throws {
        let store = try Self.store()
        let dead = try Self.deadProcessID()
        for _ in 0..<3 {
            try Data("partial".utf8).write(to: URL(fileURLWithPath: store.temporaryPath(processID: dead)))
        }
        let temporary = store.temporaryPath()
        try Data("whole".utf8).write(to: URL(fileURLWithPath: temporary))
        _ = try store.commit(temporary: temporary, as: Self.imageID)
        #expect(try store.removeOrphans() == 3)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.root.path) == [Self.imageID])
        #expect(try store.remove(imageID: Self.imageID))
        #expect(try !store.remove(imageID: Self.imageID))
    }

    @Test("a worker starting beside others keeps their files in progress: a live process's and another machine's")
    func sharedFolder() throws {
        let store = try Self.store()
        let mine = store.temporaryPath()
        let live = store.temporaryPath(processID: 1)
        let elsewhere = store.root.appendingPathComponent(".partial-other_host-\(try Self.deadProcessID())-x").path
        let legacy = store.root.appendingPathComponent(".partial-\(UUID().uuidString.lowercased())").path
        for path in [mine, live, elsewhere, legacy] { try Data("partial".utf8).write(to: URL(fileURLWithPath: path)) }
        #expect(try store.removeOrphans() == 1)
        for path in [mine, live, elsewhere] { #expect(FileManager.default.fileExists(atPath: path), "\(path)") }
        #expect(!FileManager.default.fileExists(atPath: legacy))
    }
}
