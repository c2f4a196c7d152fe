import Foundation
import SkyliftTesting

/// One run of the built `skylift` binary as a subprocess: its exit status and what it wrote.
struct CommandLineRun: Sendable {
    var status: Int32
    var output: Data
    var errorText: String

    /// Standard output as text.
    var outputText: String { String(decoding: output, as: UTF8.self) }

    /// Standard output was not the JSON object expected.
    struct NotJSON: Error, CustomStringConvertible {
        var description: String
    }

    /// Standard output parsed as a JSON object.
    func json() throws -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: output) as? [String: Any] else {
            throw NotJSON(description: "not a JSON object (exit \(status)): \(outputText) \(errorText)")
        }
        return object
    }

    /// Runs `executable` (the `skylift` binary unless given) with `arguments` and the inherited environment
    /// without any `SKYLIFT_*` variable, plus `environment`; standard output and error go to files, so
    /// large outputs cannot block the child.
    static func run(
        _ arguments: [String],
        environment: [String: String] = [:],
        executable: URL? = nil
    ) async throws -> CommandLineRun {
        let folder = try TemporaryDirectory(prefix: "skylift-cli-")
        let outputURL = folder.url.appendingPathComponent("stdout")
        let errorURL = folder.url.appendingPathComponent("stderr")
        for url in [outputURL, errorURL] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        let process = Process()
        process.executableURL = try executable ?? SkyliftProcess.binary()
        process.arguments = arguments
        var variables = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SKYLIFT_") }
        variables.merge(environment) { $1 }
        process.environment = variables
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        return CommandLineRun(
            status: process.terminationStatus,
            output: try Data(contentsOf: outputURL),
            errorText: try String(contentsOf: errorURL, encoding: .utf8)
        )
    }
}
