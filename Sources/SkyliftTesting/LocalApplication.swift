import Hummingbird
import HummingbirdCore
import Logging

/// Runs a Hummingbird application on 127.0.0.1 (an ephemeral port) for the duration of `body`, which gets the
/// port; the test servers (images, OTLP collector) share it.
enum LocalApplication {
    static func run<T: Sendable, Responder: HTTPResponderBuilder>(
        router: Responder,
        server: HTTPServerBuilder = .http1(),
        label: String,
        _ body: (Int) async throws -> T
    ) async throws -> T where Responder.Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: label)
        logger.logLevel = .critical
        let app = Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            defer { group.cancelAll() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else { throw ImageServerError.notStarted }
            return try await body(port)
        }
    }
}
