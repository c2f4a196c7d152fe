import Foundation
import SkyliftTesting
import Testing

/// `--help` of every client subcommand, usage errors (exit 2) and an unreachable server (exit 1), without a server.
@Suite("Client command line without a server")
struct CommandLineHelpTests {
    static let shared = ["--url", "--token", "--project", "--user", "--roles", "--json"]

    static let subcommands: [([String], [String])] = [
        (["task", "create"], ["--import", "--format", "--disk-format", "--container-format", "--name", "--wait"]),
        (["task", "show"], ["<id>"]),
        (["task", "list"], ["--status", "--limit", "--all"]),
        (["task", "cancel"], ["<id>"]),
        (["task", "wait"], ["<id>"]),
        (["image", "list"], ["--limit", "--all"]),
        (["image", "show"], ["<id>"]),
        (["image", "download"], ["<id>", "--output"]),
        (["image", "delete"], ["<id>"]),
    ]

    @Test("--help of every client subcommand exits 0 and names its flags", arguments: subcommands)
    func help(command: [String], flags: [String]) async throws {
        let run = try await CommandLineRun.run(command + ["--help"])
        #expect(run.status == 0, "\(run.errorText)")
        for flag in flags + Self.shared {
            #expect(run.outputText.contains(flag), "\(command) --help does not name \(flag): \(run.outputText)")
        }
    }

    @Test("task and image --help list their subcommands")
    func groupHelp() async throws {
        let task = try await CommandLineRun.run(["task", "--help"])
        let image = try await CommandLineRun.run(["image", "--help"])
        for name in ["create", "show", "list", "cancel", "wait"] { #expect(task.outputText.contains(name)) }
        for name in ["list", "show", "download", "delete"] { #expect(image.outputText.contains(name)) }
    }

    @Test(
        "usage errors exit 2 with a message on standard error",
        arguments: [
            ["task", "create", "--format", "raw"],
            ["task", "create", "--import", "http://h/x", "--format", "floppy"],
            ["task", "show"],
            ["task", "list", "--limit", "-3"],
            ["task", "list", "--bogus"],
            ["image", "nope"],
        ]
    )
    func usageError(arguments: [String]) async throws {
        let run = try await CommandLineRun.run(arguments)
        #expect(run.status == 2, "\(arguments): \(run.errorText)")
        #expect(run.errorText.contains("Error:") || run.errorText.contains("Usage:"), "\(run.errorText)")
    }

    @Test("an unreachable server or a bad URL is one line on standard error and exit 1")
    func unreachable() async throws {
        let port = try SkyliftProcess.freePort()
        let refused = try await CommandLineRun.run(["task", "list", "--url", "http://127.0.0.1:\(port)"])
        #expect(refused.status == 1)
        #expect(refused.errorText.hasPrefix("skylift: cannot reach http://127.0.0.1:\(port)"), "\(refused.errorText)")
        #expect(refused.errorText.split(separator: "\n").count == 1, "\(refused.errorText)")
        let bad = try await CommandLineRun.run(["image", "list"], environment: ["SKYLIFT_URL": "ftp:/nowhere"])
        #expect(bad.status == 1)
        #expect(bad.errorText.contains("invalid server URL 'ftp:/nowhere'"), "\(bad.errorText)")
    }
}
