import Foundation
import SkyliftTesting

/// A real `skylift serve --role all` on SQLite with a local image server it may import from, and the client
/// environment (`SKYLIFT_URL` and identity headers of a member) that points the command line at it.
struct CommandLineServer: Sendable {
    let images: LocalImageServer
    let server: SkyliftProcess
    /// `SKYLIFT_URL`, `SKYLIFT_PROJECT`, `SKYLIFT_USER`, `SKYLIFT_ROLES` for the client.
    let environment: [String: String]

    /// The project every client run acts for.
    static let project = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

    /// Runs `skylift` with `arguments` against the server.
    func run(_ arguments: [String]) async throws -> CommandLineRun {
        try await CommandLineRun.run(arguments, environment: environment)
    }

    /// `task create --import <url> --format raw --wait --json`, the task's JSON.
    func importRaw(_ url: String) async throws -> (CommandLineRun, [String: Any]) {
        let run = try await run(["task", "create", "--import", url, "--format", "raw", "--wait", "--json"])
        return (run, try run.json())
    }

    /// Runs `body` with both servers; stops them and removes their files after.
    static func with(_ body: (CommandLineServer) async throws -> Void) async throws {
        try await SingleProcess.with { single in
            let environment = [
                "SKYLIFT_URL": single.process.baseURL, "SKYLIFT_PROJECT": project, "SKYLIFT_USER": "alice",
                "SKYLIFT_ROLES": "member",
            ]
            try await body(CommandLineServer(images: single.images, server: single.process, environment: environment))
        }
    }
}
