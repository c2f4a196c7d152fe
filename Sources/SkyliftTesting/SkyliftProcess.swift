import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A real `skylift serve` process started from the built binary, for tests of several processes (§11).
public final class SkyliftProcess: @unchecked Sendable {
    /// The binary was not built, or the process did not come up.
    public struct Failed: Error, CustomStringConvertible {
        public var description: String
    }

    /// The port the process serves on 127.0.0.1.
    public let port: Int
    /// Everything the process wrote (standard output and error).
    public let logURL: URL
    private let process: Process

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// The process id.
    public var pid: Int32 { process.processIdentifier }
    /// Whether it is still running.
    public var isRunning: Bool { process.isRunning }
    /// Its exit status, once it exited.
    public var exitStatus: Int32 { process.terminationStatus }

    /// The built `skylift` executable beside the test bundle (`swift build --build-tests` builds it).
    public static func binary() throws -> URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
                "skylift"
            ),
            RepositoryPaths.root.appendingPathComponent(".build/debug/skylift"),
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw Failed(description: "no built skylift binary at \(candidates.map(\.path)); run swift build first")
        }
        return found
    }

    /// A free TCP port on 127.0.0.1.
    public static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socket, generic, length) == 0 && getsockname(socket, generic, &length) == 0
            }
        }
        guard bound else { throw Failed(description: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts `skylift serve --role role` with `environment` (configuration keys in upper snake case) on a free
    /// port, and waits until its `/healthcheck` answers.
    public init(role: String, environment: [String: String], logDirectory: URL) async throws {
        port = try Self.freePort()
        logURL = logDirectory.appendingPathComponent("skylift-\(role)-\(port).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process = Process()
        process.executableURL = try Self.binary()
        process.arguments = ["serve", "--role", role]
        var variables = ProcessInfo.processInfo.environment
        for (key, value) in environment { variables[key] = value }
        variables["HTTP_PORT"] = "\(port)"
        process.environment = variables
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if !process.isRunning {
                throw Failed(
                    description: "skylift \(role) exited at start: \(try String(contentsOf: logURL, encoding: .utf8))"
                )
            }
            if (try? await get("/healthcheck").status) == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        throw Failed(description: "skylift \(role) did not answer /healthcheck within 30 s")
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Sends SIGTERM (a graceful stop).
    public func terminate() { if process.isRunning { kill(process.processIdentifier, SIGTERM) } }

    /// Sends SIGKILL (a crash).
    public func killHard() { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

    /// Waits for the process to exit, at most `timeout`; true when it did.
    public func waitForExit(upTo timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        return !process.isRunning
    }

    /// A response read whole.
    public struct Reply: Sendable {
        /// The status code.
        public var status: Int
        public var body: Data
    }

    /// `GET path` with `headers`.
    public func get(_ path: String, headers: [(String, String)] = []) async throws -> Reply {
        try await send(.GET, path, headers: headers, body: nil)
    }

    /// `POST path` with a JSON body and `headers`.
    public func post(_ path: String, json: String, headers: [(String, String)] = []) async throws -> Reply {
        try await send(.POST, path, headers: headers + [("Content-Type", "application/json")], body: Data(json.utf8))
    }

    private func send(
        _ method: HTTPMethod,
        _ path: String,
        headers: [(String, String)],
        body: Data?
    ) async throws
        -> Reply
    {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(90))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return Reply(status: Int(response.status.code), body: Data(bytes.readableBytesView))
    }
}
