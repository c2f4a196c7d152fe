import Foundation
import HTTPTypes
import JSONSchema

/// The exchanges recorded against a real Glance in `../shared/spec/glance-transcripts.md`, parsed strictly.
///
/// Each exchange is a `#### title` followed by a ```` ```console ```` block (the curl line), `Request:` and a
/// ```` ```http ```` block, `Response (N ms):` and a second ```` ```http ```` block. Anything else inside an
/// exchange's blocks is a ``GoldenTranscriptError``, never a silent skip.
public struct GoldenTranscript: Sendable {
    /// The exchanges in file order.
    public let exchanges: [GoldenExchange]

    public init(exchanges: [GoldenExchange]) {
        self.exchanges = exchanges
    }

    /// Where the transcripts live: `spec/glance-transcripts.md` under `RepositoryPaths.shared`.
    public static var fileURL: URL {
        RepositoryPaths.shared.appendingPathComponent("spec/glance-transcripts.md")
    }

    /// Reads and parses the transcript file.
    /// - Throws: `GoldenTranscriptError` when the file is missing or an exchange is malformed.
    public static func load(from url: URL = fileURL) throws -> GoldenTranscript {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw GoldenTranscriptError(line: 0, title: nil, problem: "cannot read \(url.path)")
        }
        return try GoldenTranscript(markdown: String(decoding: data, as: UTF8.self))
    }

    /// The exchange titles in file order.
    public var titles: [String] { exchanges.map(\.title) }

    /// The exchange with this title.
    public func exchange(titled title: String) -> GoldenExchange? {
        exchanges.first { $0.title == title }
    }
}

/// One recorded request and Glance's response to it.
public struct GoldenExchange: Sendable {
    /// The `## ` heading the exchange sits under, e.g. `1. Identity headers and the default policy`.
    public let section: String
    /// The `#### ` heading, unique in the file.
    public let title: String
    /// The line of the `#### ` heading (1-based).
    public let line: Int
    public let request: GoldenRequest
    public let response: GoldenResponse
}

/// A request as curl put it on the wire.
public struct GoldenRequest: Sendable {
    public let method: HTTPRequest.Method
    /// Path and query, as on the request line.
    public let target: String
    /// Every header line, in order (including `Host`, `User-Agent` and `Content-Length`).
    public let headers: HTTPFields
    /// The body, verbatim; nil when the request had none.
    public let body: String?

    /// The `Host` header, e.g. `127.0.0.1:9292`.
    public var host: String { headers[.transcriptHost] ?? "" }

    /// The port of `Host` (Glance's 9292 runs the default policy, 9293 a members-allowed one).
    public var port: Int? { host.split(separator: ":").last.flatMap { Int($0) } }

    /// The path without the query.
    public var path: String { String(target.prefix { $0 != "?" }) }

    /// The query without `?`; empty when there is none.
    public var query: String {
        guard let mark = target.firstIndex(of: "?") else { return "" }
        return String(target[target.index(after: mark)...])
    }
}

/// Glance's response.
public struct GoldenResponse: Sendable {
    public let status: HTTPResponse.Status
    public let headers: HTTPFields
    /// The body as the transcript shows it (JSON re-indented for reading).
    public let body: String
    /// The body parsed, when `Content-Type` is JSON.
    public let json: JSONValue?
    /// Whether the transcript shows less than Glance sent: the JSON body, written as Python's `json.dumps` writes
    /// it, is not `Content-Length` bytes long (long task lists are cut without a marker).
    public let isAbridged: Bool
}

/// A malformed transcript: where, and what is wrong.
public struct GoldenTranscriptError: Error, Sendable, CustomStringConvertible {
    /// 1-based line in the file; 0 when the file could not be read.
    public let line: Int
    /// The exchange being read, if any.
    public let title: String?
    public let problem: String

    public init(line: Int, title: String?, problem: String) {
        self.line = line
        self.title = title
        self.problem = problem
    }

    public var description: String {
        "glance-transcripts.md:\(line)" + (title.map { " (\($0))" } ?? "") + ": \(problem)"
    }
}

extension HTTPField.Name {
    static let transcriptHost = HTTPField.Name("Host")!
}
