import Foundation
import SkyliftTesting
import Testing

/// The client subcommands run as the built binary against a real server importing from a local image server.
@Suite("Client command line against a server")
struct CommandLineServerTests {
    @Test("task create --wait --json exits 0 with a success; list, show, image list and download agree")
    func importAndRead() async throws {
        try await CommandLineServer.with { cli in
            let data = Data((0..<300_000).map { UInt8($0 % 251) })
            try cli.images.addFile("disk.raw", data: data)
            let (created, task) = try await cli.importRaw("\(cli.images.baseURL)/files/disk.raw")
            #expect(created.status == 0, "\(created.errorText)")
            #expect(task["status"] as? String == "success")
            let id = try #require(task["id"] as? String)
            let imageID = try #require((task["result"] as? [String: Any])?["image_id"] as? String)

            let listed = try await cli.run(["task", "list", "--json"])
            let tasks = try #require(try listed.json()["tasks"] as? [[String: Any]])
            #expect(tasks.map { $0["id"] as? String } == [id])
            let table = try await cli.run(["task", "list"])
            #expect(table.outputText.hasPrefix("ID"))
            #expect(table.outputText.contains("\(id)  import  success"), "\(table.outputText)")
            let shown = try await cli.run(["task", "show", id])
            #expect(shown.outputText.contains("image_id"), "\(shown.outputText)")

            let images = try await cli.run(["image", "list"])
            #expect(images.status == 0)
            #expect(images.outputText.contains(imageID), "\(images.outputText)")
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString).raw")
            defer { try? FileManager.default.removeItem(at: file) }
            let downloaded = try await cli.run(["image", "download", imageID, "-o", file.path])
            #expect(downloaded.status == 0, "\(downloaded.errorText)")
            #expect(try Data(contentsOf: file) == data)
            let piped = try await cli.run(["image", "download", imageID])
            #expect(piped.output == data)
            // A folder named as the output is refused, and what it holds stays.
            let folder = try TemporaryDirectory(prefix: "cli-download-")
            let kept = folder.url.appendingPathComponent("kept.txt")
            try Data("keep".utf8).write(to: kept)
            let intoFolder = try await cli.run(["image", "download", imageID, "-o", folder.url.path])
            #expect(intoFolder.status == 2, "\(intoFolder.errorText)")
            #expect(intoFolder.errorText.contains("is a directory"))
            #expect(try Data(contentsOf: kept) == Data("keep".utf8))
        }
    }

    @Test("an import of a URL that answers 404 exits 1 and prints error.code and message")
    func failedImport() async throws {
        try await CommandLineServer.with { cli in
            let url = "\(cli.images.baseURL)/bytes/1024?status=404"
            let run = try await cli.run(["task", "create", "--import", url, "--format", "raw", "--wait"])
            #expect(run.status == 1)
            #expect(run.errorText.contains("skylift: http_error: "), "\(run.errorText)")
            #expect(run.outputText.contains("failure"), "\(run.outputText)")
            let json = try await cli.run(["task", "list", "--status", "failure", "--json"])
            #expect((try json.json()["tasks"] as? [Any])?.count == 1)
        }
    }

    @Test("API errors print the server's message and exit 1: a missing task, a missing image")
    func apiErrors() async throws {
        try await CommandLineServer.with { cli in
            let id = UUID().uuidString.lowercased()
            let task = try await cli.run(["task", "show", id])
            #expect(task.status == 1)
            #expect(task.errorText == "skylift: server answered 404: Could not find task \(id)\n")
            let image = try await cli.run(["image", "delete", id])
            #expect(image.status == 1)
            #expect(image.errorText.contains("404"), "\(image.errorText)")
        }
    }

    @Test("task cancel stops a slow import; task wait then exits 1 with canceled; image delete removes an image")
    func cancelAndDelete() async throws {
        try await CommandLineServer.with { cli in
            let slow = "\(cli.images.baseURL)/bytes/\(64 << 20)?throttle=\(1 << 20)"
            let created = try await cli.run(["task", "create", "--import", slow, "--format", "raw", "--json"])
            let id = try #require(try created.json()["id"] as? String)
            let canceled = try await cli.run(["task", "cancel", id])
            #expect(canceled.status == 0, "\(canceled.errorText)")
            let waited = try await cli.run(["task", "wait", id])
            #expect(waited.status == 1)
            #expect(waited.errorText.contains("canceled: Canceled by user alice"), "\(waited.errorText)")

            try cli.images.addFile("small.raw", data: Data(repeating: 1, count: 4096))
            let (_, task) = try await cli.importRaw("\(cli.images.baseURL)/files/small.raw")
            let imageID = try #require((task["result"] as? [String: Any])?["image_id"] as? String)
            let deleted = try await cli.run(["image", "delete", imageID])
            #expect(deleted.status == 0)
            let listed = try await cli.run(["image", "list", "--all", "--json"])
            #expect((try listed.json()["images"] as? [Any])?.isEmpty == true)
        }
    }
}
