import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// An OTLP/HTTP collector on 127.0.0.1 for tests: it accepts `POST /v1/traces` and keeps each body (protobuf
/// `ExportTraceServiceRequest`) as it came.
public final class TestOTLPCollector: Sendable {
    /// The port it listens on.
    public let port: Int
    private let bodies: Mutex<[Data]>

    private init(port: Int) {
        self.port = port
        self.bodies = Mutex([])
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every export body received so far, concatenated (span names, ids and attributes appear in it as bytes).
    public var received: Data { bodies.withLock { $0.reduce(into: Data()) { $0.append($1) } } }

    fileprivate func keep(_ body: Data) { bodies.withLock { $0.append(body) } }

    /// Runs a collector for the duration of `body`.
    public static func withCollector<T: Sendable>(_ body: (TestOTLPCollector) async throws -> T) async throws -> T {
        let box = CollectorBox()
        let router = Router()
        router.post("v1/traces") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 16 << 20)
            box.collector.withLock { $0 }?.keep(Data(bytes.readableBytesView))
            return Response(status: .ok)
        }
        return try await LocalApplication.run(router: router, label: "skylift.test.otlp") { port in
            let collector = TestOTLPCollector(port: port)
            box.collector.withLock { $0 = collector }
            return try await body(collector)
        }
    }
}

/// Holds the collector once its port is known, for the route registered before.
private final class CollectorBox: Sendable {
    let collector = Mutex<TestOTLPCollector?>(nil)
}
