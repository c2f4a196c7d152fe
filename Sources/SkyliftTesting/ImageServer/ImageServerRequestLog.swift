import Synchronization

/// One request the test server received.
public struct ImageServerRequest: Sendable, Hashable {
    /// The method, e.g. `GET`.
    public var method: String
    /// Path and query as sent.
    public var target: String
    /// The `Host` header (HTTP/1 authority), if any.
    public var host: String?
    /// The `Range` header, if any.
    public var range: String?
    /// When it arrived.
    public var at: ContinuousClock.Instant

    /// A recorded request.
    public init(method: String, target: String, host: String?, range: String? = nil) {
        self.method = method
        self.target = target
        self.host = host
        self.range = range
        self.at = .now
    }

    /// The path without the query.
    public var path: String { String(target.prefix { $0 != "?" }) }
}

/// The requests a test server received, in order.
final class ImageServerRequestLog: Sendable {
    private let entries = Mutex<[ImageServerRequest]>([])

    /// Records `request`.
    func append(_ request: ImageServerRequest) {
        entries.withLock { $0.append(request) }
    }

    /// Everything recorded so far.
    var all: [ImageServerRequest] { entries.withLock { $0 } }
}
