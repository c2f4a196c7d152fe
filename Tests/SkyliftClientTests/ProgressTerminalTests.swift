import Foundation
import SkyliftTesting
import Testing

/// The progress bar as a terminal sees it: `scripts/pty-run.py` runs the client in a pseudo-terminal.
@Suite("Client progress on a terminal")
struct ProgressTerminalTests {
    @Test("task create --wait redraws one line (step, bar, percentage, bytes) and ends with success")
    func progressBar() async throws {
        try await CommandLineServer.with { cli in
            // 4 MiB at 1 MiB/s: about four progress saves (at most one a second), so several redraws.
            let url = "\(cli.images.baseURL)/bytes/\(4 << 20)?throttle=\(1 << 20)"
            let script = RepositoryPaths.root.appendingPathComponent("scripts/pty-run.py")
            let run = try await CommandLineRun.run(
                [
                    "python3", script.path, try SkyliftProcess.binary().path, "task", "create", "--import", url,
                    "--format", "raw", "--wait",
                ],
                environment: cli.environment,
                executable: URL(fileURLWithPath: "/usr/bin/env")
            )
            #expect(run.status == 0, "\(run.errorText) \(run.outputText)")
            let screen = run.outputText
            let redraws = screen.components(separatedBy: "\r\u{1B}[2K").dropFirst()
            #expect(redraws.count >= 3, "\(screen.debugDescription)")
            let downloading = redraws.filter { $0.hasPrefix("download  [") && $0.contains("MiB of 4.00 MiB") }
            #expect(!downloading.isEmpty, "\(screen.debugDescription)")
            #expect(downloading.contains { $0.contains("%") && $0.contains("/s") }, "\(screen.debugDescription)")
            let lines = screen.components(separatedBy: "\r\n")
            #expect(
                lines.contains { $0.hasPrefix("status ") && $0.hasSuffix(" success") },
                "\(screen.debugDescription)"
            )
        }
    }

    @Test("without a terminal, task wait prints one line per step change")
    func stepLines() async throws {
        try await CommandLineServer.with { cli in
            try cli.images.addFile("disk.raw", data: Data(repeating: 3, count: 65536))
            let url = "\(cli.images.baseURL)/files/disk.raw"
            let run = try await cli.run(["task", "create", "--import", url, "--format", "raw", "--wait"])
            #expect(run.status == 0, "\(run.errorText)")
            #expect(!run.outputText.contains("\r"))
            #expect(run.outputText.contains("store: done"), "\(run.outputText)")
            #expect(run.outputText.contains("convert: skipped"), "\(run.outputText)")
        }
    }
}
