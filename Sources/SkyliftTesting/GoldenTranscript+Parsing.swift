import HTTPTypes
import JSONSchema

extension GoldenTranscript {
    /// Parses the markdown of the transcript file.
    /// - Throws: `GoldenTranscriptError` for the first malformed exchange, fence or duplicate title.
    public init(markdown: String) throws {
        var reader = MarkdownReader(lines: markdown.split(separator: "\n", omittingEmptySubsequences: false))
        var exchanges: [GoldenExchange] = []
        while let draft = try reader.nextExchange() {
            let exchange = try draft.exchange()
            if exchanges.contains(where: { $0.title == exchange.title }) {
                throw GoldenTranscriptError(line: draft.line, title: draft.title, problem: "duplicate title")
            }
            exchanges.append(exchange)
        }
        guard !exchanges.isEmpty else {
            throw GoldenTranscriptError(line: 1, title: nil, problem: "no `#### ` exchange in the file")
        }
        self.init(exchanges: exchanges)
    }
}

/// A fenced block: its info string (`console`, `http`), the line before it, its lines and where it starts.
private struct Fence {
    let kind: Substring
    let label: Substring
    let lines: [Substring]
    let line: Int
}

/// An exchange's heading and fenced blocks, not yet interpreted.
private struct ExchangeDraft {
    let section: String
    let title: String
    let line: Int
    var fences: [Fence] = []

    func fail(_ problem: String, at line: Int? = nil) -> GoldenTranscriptError {
        GoldenTranscriptError(line: line ?? self.line, title: title, problem: problem)
    }

    func exchange() throws -> GoldenExchange {
        guard fences.map(\.kind) == ["console", "http", "http"] else {
            throw fail("expected a console, a request and a response block; found \(fences.map(\.kind))")
        }
        let (console, requestFence, responseFence) = (fences[0], fences[1], fences[2])
        guard requestFence.label == "Request:" else { throw fail("the request block is not labelled `Request:`") }
        guard responseFence.label.hasPrefix("Response") else {
            throw fail("the response block is not labelled `Response (N ms):`")
        }
        let request = try parseRequest(requestFence)
        guard console.lines.count == 1, console.lines[0].hasPrefix("$ curl "),
            console.lines[0].contains("http://\(request.host)\(request.target)")
        else { throw fail("the curl line does not name http://\(request.host)\(request.target)", at: console.line) }
        return GoldenExchange(
            section: section,
            title: title,
            line: line,
            request: request,
            response: try parseResponse(responseFence)
        )
    }

    private func parseRequest(_ fence: Fence) throws -> GoldenRequest {
        let message = try HTTPMessageText(fence, draft: self)
        let parts = message.startLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2] == "HTTP/1.1", parts[1].hasPrefix("/"),
            let method = HTTPRequest.Method(String(parts[0]))
        else { throw fail("bad request line `\(message.startLine)`", at: fence.line + 1) }
        guard message.headers[.transcriptHost] != nil else {
            throw fail("the request has no Host header", at: fence.line)
        }
        let length = message.headers[.contentLength].flatMap { Int($0) }
        guard length == message.body.map({ $0.utf8.count }) else {
            throw fail("request Content-Length \(length.map(String.init) ?? "none") does not match its body")
        }
        return GoldenRequest(method: method, target: String(parts[1]), headers: message.headers, body: message.body)
    }

    private func parseResponse(_ fence: Fence) throws -> GoldenResponse {
        let message = try HTTPMessageText(fence, draft: self)
        let parts = message.startLine.split(separator: " ", maxSplits: 2)
        guard parts.count == 3, parts[0] == "HTTP/1.1", let code = Int(parts[1]) else {
            throw fail("bad status line `\(message.startLine)`", at: fence.line + 1)
        }
        guard let length = message.headers[.contentLength].flatMap({ Int($0) }) else {
            throw fail("the response has no Content-Length", at: fence.line)
        }
        let body = message.body ?? ""
        var json: JSONValue?
        var abridged = false
        if message.headers[.contentType]?.hasPrefix("application/json") == true {
            do {
                json = try JSONParser.parse(body)
            } catch {
                throw fail("the response body is not JSON: \(error)", at: fence.line)
            }
            abridged = PythonJSON.dumpsLength(json!) != length
        } else if body.utf8.count != length {
            throw fail("a \(message.headers[.contentType] ?? "untyped") body must be verbatim (Content-Length)")
        }
        return GoldenResponse(
            status: HTTPResponse.Status(code: code, reasonPhrase: String(parts[2])),
            headers: message.headers,
            body: body,
            json: json,
            isAbridged: abridged
        )
    }
}

/// A start line, header lines up to the first empty line, and the rest as the body.
private struct HTTPMessageText {
    let startLine: Substring
    let headers: HTTPFields
    let body: String?

    init(_ fence: Fence, draft: ExchangeDraft) throws {
        guard let first = fence.lines.first else { throw draft.fail("empty http block", at: fence.line) }
        startLine = first
        var headers = HTTPFields()
        var index = 1
        while index < fence.lines.count, !fence.lines[index].isEmpty {
            let line = fence.lines[index]
            guard let colon = line.firstIndex(of: ":"), line[line.index(after: colon)...].hasPrefix(" "),
                let name = HTTPField.Name(String(line[..<colon]))
            else { throw draft.fail("bad header line `\(line)`", at: fence.line + 1 + index) }
            headers.append(HTTPField(name: name, value: String(line[line.index(colon, offsetBy: 2)...])))
            index += 1
        }
        self.headers = headers
        body = index < fence.lines.count ? fence.lines[(index + 1)...].joined(separator: "\n") : nil
    }
}

/// Walks the markdown lines: `## ` sections, `#### ` exchanges and their fenced blocks.
private struct MarkdownReader {
    let lines: [Substring]
    var index = 0
    var section = ""
    var pending: ExchangeDraft?

    init(lines: [Substring]) {
        self.lines = lines
    }

    /// The next exchange's draft, or nil at the end of the file.
    mutating func nextExchange() throws -> ExchangeDraft? {
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("#### ") {
                let finished = pending
                pending = ExchangeDraft(section: section, title: String(line.dropFirst(5)), line: index + 1)
                index += 1
                if let finished { return finished }
            } else if line.hasPrefix("## ") || line.hasPrefix("# ") {
                section = String(line.drop { $0 == "#" }.dropFirst())
                let finished = pending
                pending = nil
                index += 1
                if let finished { return finished }
            } else if line.hasPrefix("```") {
                try readFence()
            } else {
                index += 1
            }
        }
        defer { pending = nil }
        return pending
    }

    private mutating func readFence() throws {
        let start = index
        let label = lines[..<start].last { !$0.isEmpty } ?? ""
        guard let end = lines[(start + 1)...].firstIndex(of: "```") else {
            throw GoldenTranscriptError(line: start + 1, title: pending?.title, problem: "unclosed ``` block")
        }
        index = end + 1
        guard pending != nil else {
            throw GoldenTranscriptError(line: start + 1, title: nil, problem: "a ``` block outside an exchange")
        }
        pending?.fences.append(
            Fence(
                kind: lines[start].dropFirst(3),
                label: label,
                lines: Array(lines[(start + 1)..<end]),
                line: start + 1
            )
        )
    }
}

/// The length of JSON text as Python's `json.dumps` writes it (`", "` and `": "` separators, `ensure_ascii`).
public enum PythonJSON {
    public static func dumpsLength(_ value: JSONValue) -> Int {
        switch value {
        case .null: 4
        case .bool(let flag): flag ? 4 : 5
        case .integer(let number): String(number).count
        case .number(let number): number.description.count
        case .string(let text): stringLength(text)
        case .array(let items): 2 + items.map(dumpsLength).reduce(0, +) + 2 * max(items.count - 1, 0)
        case .object(let object):
            2 + object.entries.map { stringLength($0.key) + 2 + dumpsLength($0.value) }.reduce(0, +) + 2
                * max(object.count - 1, 0)
        }
    }

    private static func stringLength(_ text: String) -> Int {
        2
            + text.unicodeScalars.map { scalar in
                switch scalar.value {
                case 0x22, 0x5C, 0x0A, 0x0D, 0x09, 0x08, 0x0C: 2
                case 0..<0x20: 6
                case 0x20..<0x80: 1
                case 0x10000...: 12
                default: 6
                }
            }.reduce(0, +)
    }
}
