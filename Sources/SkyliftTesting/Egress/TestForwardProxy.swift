import Foundation

/// A forward proxy on 127.0.0.1 that tunnels `CONNECT` requests and logs each one, a few lines of Python run as a
/// child process (contract §17: "a local forward proxy sees every request").
public struct TestForwardProxy: Sendable {
    /// The port it listens on.
    public let port: Int
    private let logFile: URL

    /// `http://127.0.0.1:<port>`: what `import.proxy` names.
    public var url: String { "http://127.0.0.1:\(port)" }

    /// One line per request so far: `CONNECT <target> auth=<Proxy-Authorization or ->`.
    public var requests: [String] {
        ((try? String(contentsOf: logFile, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Runs the proxy for the duration of `body`, then stops it (it also exits by itself after 10 minutes).
    public static func withProxy<T: Sendable>(_ body: (TestForwardProxy) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("proxy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let logFile = directory.appendingPathComponent("requests.log")
        let portFile = directory.appendingPathComponent("port")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, logFile.path, portFile.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            // SIGKILL: a child spawned from a test thread inherits its blocked signals, SIGTERM among them, and
            // would never see a terminate().
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let deadline = ContinuousClock.now + .seconds(10)
        var port: Int?
        while port == nil, process.isRunning, ContinuousClock.now < deadline {
            port = (try? String(contentsOf: portFile, encoding: .utf8)).flatMap { Int($0) }
            if port == nil { try await Task.sleep(for: .milliseconds(20)) }
        }
        guard let port else { throw ProxyNotStarted() }
        return try await body(TestForwardProxy(port: port, logFile: logFile))
    }

    /// The proxy did not report its port within 10 s.
    public struct ProxyNotStarted: Error {}

    private static let script = #"""
        import os, socket, sys, threading
        log = open(sys.argv[1], "a", buffering=1)
        server = socket.create_server(("127.0.0.1", 0))
        with open(sys.argv[2] + ".tmp", "w") as f:
            f.write(str(server.getsockname()[1]))
        os.rename(sys.argv[2] + ".tmp", sys.argv[2])
        threading.Timer(600, os._exit, [0]).start()

        def pump(source, sink):
            try:
                while data := source.recv(65536):
                    sink.sendall(data)
            except OSError:
                pass
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        def handle(client):
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = client.recv(4096)
                if not chunk:
                    client.close()
                    return
                head += chunk
            head, rest = head.split(b"\r\n\r\n", 1)
            lines = head.decode("latin-1").split("\r\n")
            method, target = lines[0].split(" ")[:2]
            auth = next((l.split(":", 1)[1].strip() for l in lines[1:] if l.lower().startswith("proxy-authorization:")), "-")
            log.write(f"{method} {target} auth={auth}\n")
            if method != "CONNECT":
                client.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
                client.close()
                return
            host, port = target.rsplit(":", 1)
            try:
                upstream = socket.create_connection((host.strip("[]"), int(port)), timeout=10)
                upstream.settimeout(None)
            except OSError:
                client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                client.close()
                return
            client.sendall(b"HTTP/1.1 200 Connection Established\r\n\r\n")
            if rest:
                upstream.sendall(rest)
            threading.Thread(target=pump, args=(upstream, client), daemon=True).start()
            pump(client, upstream)

        while True:
            connection, _ = server.accept()
            threading.Thread(target=handle, args=(connection,), daemon=True).start()
        """#
}
