import AsyncHTTPClient
import Synchronization

/// The download client, created on the first download: a process (or a test) that builds the service but never
/// downloads owns no client to shut down. `shutdown()` closes it if it was created.
public final class LazyHTTPClient: Sendable {
    private let state = Mutex<HTTPClient?>(nil)
    private let configuration: HTTPClient.Configuration
    /// The trust roots and proxy the client is configured with.
    public let egress: DownloadEgress

    /// A client configured as ``Downloader/clientConfiguration(limits:egress:)`` says for `limits` and `egress`.
    public init(limits: DownloadLimits, egress: DownloadEgress = DownloadEgress()) {
        self.configuration = Downloader.clientConfiguration(limits: limits, egress: egress)
        self.egress = egress
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
