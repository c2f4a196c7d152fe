import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A client of a running Skylift server's tasks and images APIs, for the `skylift task` and `skylift image`
/// commands. Every request carries the identity and `Accept: application/json`, so errors come back as JSON.
public struct SkyliftClient: Sendable {
    /// The server's base URL without a trailing slash, e.g. `http://127.0.0.1:9292`.
    public let baseURL: String
    /// What identifies the caller on every request.
    public let identity: ClientIdentity
    let http: HTTPClient

    /// The largest JSON body read into memory (a full page of 1000 images is well below it).
    static let maxBodyBytes = 64 << 20

    /// Runs `body` with a client of the server at `url` over an HTTP client of its own, shut down after.
    ///
    /// Connection attempts are not retried (AsyncHTTPClient's default would retry a refused connection until the
    /// request's deadline): an unreachable server is an error at once.
    /// - Throws: ``ClientError/badURL(_:)`` unless `url` is an absolute http or https URL with a host.
    public static func with<T>(
        url: String,
        identity: ClientIdentity,
        _ body: (SkyliftClient) async throws -> T
    ) async throws -> T {
        _ = try SkyliftClient(url: url, identity: identity, http: .shared)
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(10)
        configuration.connectionPool.retryConnectionEstablishment = false
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        do {
            let result = try await body(try SkyliftClient(url: url, identity: identity, http: http))
            try await http.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    /// - Throws: ``ClientError/badURL(_:)`` unless `url` is an absolute http or https URL with a host.
    public init(url: String, identity: ClientIdentity, http: HTTPClient) throws(ClientError) {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = parsed.host, !host.isEmpty
        else { throw .badURL(url) }
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.identity = identity
        self.http = http
    }

    /// Sends a request and reads the whole body; an error status throws ``ClientError/api(status:message:)``.
    func send(
        _ method: HTTPMethod,
        _ path: String,
        headers: [(String, String)] = [],
        json body: Data? = nil,
        timeout: TimeAmount = .seconds(60)
    ) async throws -> ClientResponse {
        let response = try await open(method, path, headers: headers, json: body, timeout: timeout)
        let bytes: ByteBuffer
        do {
            bytes = try await response.body.collect(upTo: Self.maxBodyBytes)
        } catch {
            throw ClientError.unreachable(url: baseURL, reason: Self.reason(error))
        }
        let reply = ClientResponse(status: Int(response.status.code), headers: response.headers, body: bytes)
        if reply.status >= 400 { throw reply.apiError }
        return reply
    }

    /// Sends a request and returns the response with its body unread, for streaming downloads.
    func open(
        _ method: HTTPMethod,
        _ path: String,
        headers: [(String, String)] = [],
        json body: Data? = nil,
        timeout: TimeAmount = .seconds(60)
    ) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        for (name, value) in identity.headers + headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        do {
            return try await http.execute(request, timeout: timeout)
        } catch {
            throw ClientError.unreachable(url: baseURL, reason: Self.reason(error))
        }
    }

    /// A short reason for a transport error: `connection refused`, `timed out`, else the error's description.
    static func reason(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "timed out while connecting"
            case .deadlineExceeded, .readTimeout: return "timed out"
            case .remoteConnectionClosed: return "the server closed the connection"
            default: return "\(error)"
            }
        }
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)).lowercased() }
        let text = "\(error)"
        if text.contains("Connection refused") || text.contains("errno: 111") { return "connection refused" }
        return text.split(separator: "\n").first.map(String.init) ?? text
    }
}

/// A response read whole.
struct ClientResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: ByteBuffer

    /// The body's bytes.
    var data: Data { Data(body.readableBytesView) }

    /// The error the body describes: Glance's `{"message", "code", "title"}`, else the body's text.
    var apiError: ClientError {
        let text = String(buffer: body)
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let message = object["message"] as? String
        {
            return .api(status: status, message: message)
        }
        // Another server's page (a proxy's HTML, say): its first line, cut to a length a terminal shows.
        let firstLine = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").first ?? ""
        let message = firstLine.count > 200 ? firstLine.prefix(200) + "…" : firstLine
        return .api(status: status, message: message.isEmpty ? "(no message)" : String(message))
    }

    /// The body decoded as `T`.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw ClientError.invalidResponse("\(T.self) expected, \(error)")
        }
    }
}
