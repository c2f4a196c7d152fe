import Foundation

/// Runs the scripts the tests check the service with against reference tools (prometheus_client's parser,
/// openapi-spec-validator), in the Python of `scripts/test-venv.sh` (`scripts/install-deps.sh --test` makes it).
public enum TestPython {
    /// The script failed, or the Python is missing.
    public struct Failed: Error, CustomStringConvertible {
        public var description: String
    }

    /// `.build/test-venv/bin/python`.
    public static var interpreter: URL {
        RepositoryPaths.root.appendingPathComponent(".build/test-venv/bin/python")
    }

    /// Runs `scripts/<script>` with `arguments`, `input` on its standard input; returns its standard output.
    /// - Throws: `Failed` with its standard error when it exits non-zero.
    public static func run(_ script: String, arguments: [String] = [], input: Data = Data()) throws -> Data {
        guard FileManager.default.isExecutableFile(atPath: interpreter.path) else {
            throw Failed(description: "no \(interpreter.path): run scripts/test-venv.sh first")
        }
        let process = Process()
        process.executableURL = interpreter
        process.arguments = [RepositoryPaths.root.appendingPathComponent("scripts/\(script)").path] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let writer = Thread {
            stdin.fileHandleForWriting.write(input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failed(
                description: "\(script) exited \(process.terminationStatus): \(String(decoding: errors, as: UTF8.self))"
            )
        }
        return output
    }
}
