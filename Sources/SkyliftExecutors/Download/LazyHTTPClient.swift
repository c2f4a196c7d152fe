import AsyncHTTPClient
import Synchronization

/// The download client, created on the first download: a process (or a test) that builds the service but never
/// downloads owns no client to shut down. `shutdown()` closes it if it was created.
public final class LazyHTTPClient: Sendable {
    private let state = Mutex<HTTPClient?>(nil)
    private let configuration: HTTPClient.Configuration

    /// A client configured as ``Downloader/clientConfiguration(limits:)`` says for `limits`.
    public init(limits: DownloadLimits) {
        self.configuration = Downloader.clientConfiguration(limits: limits)
    }

    /// The client, created now if needed.
    public var client: HTTPClient {
        state.withLock { client in
            if let client { return client }
            let created = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            client = created
            return created
        }
    }

    /// Shuts the client down if it was created.
    public func shutdown() async {
        let created = state.withLock { $0 }
        try? await created?.shutdown()
    }
}
