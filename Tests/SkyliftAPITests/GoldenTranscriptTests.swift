import HTTPTypes
import JSONSchema
import SkyliftAPI
import SkyliftDomain
import SkyliftStore
import SkyliftTesting
import Testing

/// Golden tests: every exchange of `../shared/spec/glance-transcripts.md`, read from the file itself, replayed against
/// Skylift in file order and judged by `GoldenExpectations.table`.
@Suite struct GoldenTranscriptTests {
    @Test("the transcript parses strictly; every exchange was recorded on 9292 or 9293 under a section")
    func parses() throws {
        let transcript = try GoldenTranscript.load()
        for exchange in transcript.exchanges {
            #expect(!exchange.section.isEmpty, "\(exchange.title)")
            #expect([9292, 9293].contains(exchange.request.port), "\(exchange.title)")
        }
        let abridged = transcript.exchanges.filter(\.response.isAbridged).map(\.title)
        #expect(!abridged.isEmpty)
        for title in abridged {
            guard case .differs(_, let answer, _)? = GoldenExpectations.table[title] else {
                Issue.record("\(title): Glance's body is abridged, so it cannot be compared as recorded")
                continue
            }
            #expect(answer.isList, "\(title): an abridged list is compared structurally")
        }
    }

    @Test("a well-formed exchange parses, and an abridged JSON body is noticed")
    func parsesSnippet() throws {
        let exchange = try #require(try GoldenTranscript(markdown: MalformedTranscripts.valid).exchanges.first)
        #expect(exchange.section == "1. Section")
        #expect(exchange.request.method == .post && exchange.request.target == "/v2/tasks?limit=1")
        #expect(exchange.request.body == "{}" && exchange.response.status == .ok && !exchange.response.isAbridged)
        let cut = MalformedTranscripts.valid.replacing("Content-Length: 13", with: "Content-Length: 99")
        #expect(try GoldenTranscript(markdown: cut).exchanges.first?.response.isAbridged == true)
    }

    @Test("a malformed exchange is an error naming the problem, never a skip", arguments: MalformedTranscripts.cases)
    func refusesMalformed(_ markdown: String, _ problem: String) {
        let error = #expect(throws: GoldenTranscriptError.self) { _ = try GoldenTranscript(markdown: markdown) }
        #expect(error?.problem.contains(problem) == true, "\(String(describing: error))")
        #expect((error?.line ?? 0) > 0, "the error points at a line of the file")
    }

    @Test("the table names every exchange of the file, and no title that is not in it")
    func tableCoversTheFile() throws {
        let titles = try GoldenTranscript.load().titles
        #expect(titles.filter { GoldenExpectations.table[$0] == nil } == [], "exchanges without an expectation")
        #expect(
            GoldenExpectations.table.keys.filter { !titles.contains($0) }.sorted() == [],
            "expectations naming no exchange of the file"
        )
    }

    @Test("only the executor's later GETs and the images API are left out of the replay")
    func notReplayedIsNarrow() throws {
        for exchange in try GoldenTranscript.load().exchanges {
            guard case .notReplayed(let reason)? = GoldenExpectations.table[exchange.title] else { continue }
            let poll = exchange.request.method == .get && exchange.title.contains(": GET after ")
            let images = exchange.request.path.hasPrefix("/v2/images/")
            #expect(poll || images, "\(exchange.title) is not replayed: \(reason)")
        }
    }

    @Test("every deliberate difference cites the contract, and every known bug says what Skylift answers")
    func reasonsCiteTheContract() {
        for (title, expectation) in GoldenExpectations.table {
            guard case .differs(let reason, _, let bug) = expectation else { continue }
            #expect(reason.contains("§"), "\(title): \(reason)")
            #expect(bug.map { $0.hasPrefix("Skylift ") } ?? true, "\(title): \(bug ?? "")")
        }
    }

    @Test("Skylift answers as Glance recorded it", arguments: try GoldenRun.titles(where: \.isSame))
    func same(_ title: String) async throws {
        let run = try await GoldenRun.shared.value
        let (exchange, record) = try run.replayed(title)
        GoldenCheck.asRecorded(exchange, record.reply, run.log.ids)
        GoldenCheck.servedSchema(exchange, record.reply, run.schemas)
    }

    @Test(
        "Skylift answers as the contract says where it deliberately differs",
        arguments: try GoldenRun.titles(where: \.isDiffers)
    )
    func differs(_ title: String) async throws {
        let run = try await GoldenRun.shared.value
        let (exchange, record) = try run.replayed(title)
        guard case .differs(_, let answer, let bug)? = GoldenExpectations.table[title] else { return }
        guard let bug else {
            GoldenCheck.contract(answer, exchange, record, run)
            return
        }
        withKnownIssue(Comment(rawValue: bug)) { GoldenCheck.contract(answer, exchange, record, run) }
    }

    @Test("each task Skylift created maps to the Glance task of the same exchange, one to one")
    func idMap() async throws {
        let run = try await GoldenRun.shared.value
        let creates = run.transcript.exchanges.filter { run.log.replies[$0.title]?.reply.status == .created }
        #expect(creates.count == GoldenExpectations.allTasks.count)
        for exchange in creates {
            let glanceID = try #require(exchange.response.json?["id"]?.stringValue)
            #expect(run.log.ids.skyliftIDs[glanceID] == run.log.replies[exchange.title]?.reply.json?["id"]?.stringValue)
        }
        #expect(run.log.ids.skyliftIDs.count == creates.count)
        #expect(GoldenExpectations.allTasks.allSatisfy { run.log.ids.skyliftID(glancePrefix: $0) != nil })
    }
}

/// The one replay of the whole file that the tests read, run on first use: one store behind both ports, so the
/// state built by earlier sections (tasks of A, B and C) is there for the listings of sections 7 to 9.
private struct GoldenRun: Sendable {
    let transcript: GoldenTranscript
    let log: GoldenReplayLog
    let schemas: SchemaCatalog

    static let shared = Task { try await replay() }

    /// The titles, in file order, whose expectation satisfies `predicate`.
    static func titles(where predicate: (GoldenExpectation) -> Bool) throws -> [String] {
        try GoldenTranscript.load().titles.filter { GoldenExpectations.table[$0].map(predicate) ?? false }
    }

    func replayed(_ title: String) throws -> (GoldenExchange, GoldenReplyRecord) {
        let exchange = try #require(transcript.exchange(titled: title))
        return (exchange, try #require(log.replies[title], "not replayed"))
    }

    private static func replay() async throws -> GoldenRun {
        let transcript = try GoldenTranscript.load()
        let service = try await TestService(
            policyFile: "policy-glance.yaml",
            rules: ImportURLRules(allowedPorts: [80, 443, 8765], allowedHosts: ["127.0.0.1"])
        )
        let exchanges = transcript.exchanges.filter { GoldenExpectations.table[$0.title]?.isReplayed ?? true }
        let log = try await GoldenReplay(service: service, relaxedPolicy: PolicyEngine()).run(exchanges) { section in
            if section.hasPrefix("9.") { try await seed(10_000, into: service) }
        }
        return GoldenRun(transcript: transcript, log: log, schemas: service.schemas)
    }

    /// Section 9's tasks "seeded straight into SQLite": pending imports of A, ten seconds apart, created an hour
    /// and more before the replayed ones.
    private static func seed(_ count: Int, into service: TestService) async throws {
        let newest = service.clock.now().adding(seconds: -3600)
        let input = RawJSON(#"{"import_from": "http://127.0.0.1:8765/tiny.raw", "import_from_format": "raw"}"#)
        for index in 0..<count {
            try await service.store.create(
                ImageTask.new(
                    type: .import,
                    owner: Projects.a,
                    input: input,
                    imageID: nil,
                    userID: "seed",
                    requestID: nil,
                    now: newest.adding(seconds: -10 * Double(index))
                )
            )
        }
    }
}

/// The comparisons: Glance's recorded answer, or the contract's where it differs.
private enum GoldenCheck {
    static let extensions = ["progress", "steps", "warnings", "error"]
    static let stubKeys: Set<String> = ["id", "type", "status", "owner", "created_at", "updated_at", "self", "schema"]
    static let requestIDHeader = HTTPField.Name("X-Openstack-Request-Id")!

    /// Status, headers and body as Glance recorded them (or as `expected` rewrites Glance's body), normalised.
    static func asRecorded(
        _ exchange: GoldenExchange,
        _ reply: JSONReply,
        _ ids: GoldenIDMap,
        expected: JSONValue? = nil
    ) {
        #expect(reply.status == exchange.response.status)
        #expect(reply.headers[.contentType] == exchange.response.headers[.contentType])
        #expect(reply.headers[.allow] == exchange.response.headers[.allow])
        #expect(
            location(reply.headers[.location], host: "localhost", ids, .skylift)
                == location(exchange.response.headers[.location], host: exchange.request.host, ids, .glance)
        )
        requestID(exchange, reply)
        guard let glance = expected ?? exchange.response.json, !exchange.response.isAbridged else {
            Issue.record("Glance's body cannot be compared as recorded (not JSON, or abridged): use .differs")
            return
        }
        var glanceSide = GoldenNormalizer(ids: ids, side: .glance)
        var skyliftSide = GoldenNormalizer(ids: ids, side: .skylift)
        let want = glanceSide.normalize(glance)
        let got = skyliftSide.normalize(removing(extensions, from: reply.json ?? .string(reply.text)))
        #expect(
            got == want,
            "\nSkylift: \(got.serialized(sortedKeys: true))\nGlance:  \(want.serialized(sortedKeys: true))"
        )
    }

    /// The contract's answer for an exchange where it differs from Glance.
    static func contract(
        _ answer: ContractAnswer,
        _ exchange: GoldenExchange,
        _ record: GoldenReplyRecord,
        _ run: GoldenRun
    ) {
        switch answer {
        case .error(let status, let rule):
            errorBody(status, rule, exchange, record.reply)
        case .plainError(let status, let message):
            plainErrorBody(status, message, exchange, record.reply)
        case .pendingView:
            asRecorded(exchange, record.reply, run.log.ids, expected: exchange.response.json.map(pending))
            servedSchema(exchange, record.reply, run.schemas)
        case .list(let tasks):
            list(exchange, record, run, count: tasks.count, startingWith: tasks)
        case .page(let count, let tasks):
            list(exchange, record, run, count: count, startingWith: tasks)
        case .schema(let added):
            schema(added, exchange, record.reply)
        }
    }

    /// A JSON error body with `status` and a one-line message that `rule` accepts.
    static func errorBody(
        _ status: HTTPResponse.Status,
        _ rule: MessageRule,
        _ exchange: GoldenExchange,
        _ reply: JSONReply
    ) {
        #expect(reply.status == status)
        #expect(reply.headers[.contentType] == "application/json")
        #expect(reply.headers[.allow] == exchange.response.headers[.allow])
        requestID(exchange, reply)
        #expect(reply.json?.objectValue.map { Set($0.keys) } == ["message", "code", "title"], "\(reply.text)")
        #expect(reply["code"] == .string("\(status.code) \(status.reasonPhrase)"))
        #expect(reply["title"] == .string(status.reasonPhrase))
        let message = reply.message ?? ""
        #expect(!message.contains("\n"), "one line: \(message)")
        switch rule {
        case .exact(let text): #expect(message == text)
        case .containing(let fragments): #expect(fragments.allSatisfy { message.contains($0) }, "\(message)")
        }
    }

    /// A `text/plain` error with `status`: `<code> <title>`, a blank line, the message; `Allow` as Glance sent it.
    static func plainErrorBody(
        _ status: HTTPResponse.Status,
        _ message: String,
        _ exchange: GoldenExchange,
        _ reply: JSONReply
    ) {
        #expect(reply.status == status)
        #expect(reply.headers[.contentType] == "text/plain; charset=UTF-8")
        #expect(reply.headers[.allow] == exchange.response.headers[.allow])
        requestID(exchange, reply)
        #expect(reply.text == "\(status.code) \(status.reasonPhrase)\n\n\(message)")
    }

    /// A `200` page: `count` pending stubs starting with `tasks`, stubs Glance showed compared with Glance's, and
    /// `first`/`next` built from the query as §4.2 says.
    static func list(
        _ exchange: GoldenExchange,
        _ record: GoldenReplyRecord,
        _ run: GoldenRun,
        count: Int,
        startingWith tasks: [String]
    ) {
        let reply = record.reply
        #expect(reply.status == .ok)
        #expect(reply.headers[.contentType] == "application/json")
        requestID(exchange, reply)
        servedSchema(exchange, reply, run.schemas)
        let stubs = reply["tasks"]?.arrayValue ?? []
        let ids = stubs.compactMap { $0["id"]?.stringValue }
        #expect(ids.count == count)
        #expect(Array(ids.prefix(tasks.count)) == tasks.map { run.log.ids.skyliftID(glancePrefix: $0) ?? $0 })
        for stub in stubs {
            #expect(stub.objectValue.map { Set($0.keys) } == stubKeys && stub["status"] == "pending", "\(stub)")
        }
        for shown in exchange.response.json?["tasks"]?.arrayValue ?? [] {
            guard let id = shown["id"]?.stringValue.flatMap({ run.log.ids.skyliftIDs[$0] }),
                let mine = stubs.first(where: { $0["id"] == .string(id) })
            else { continue }
            var glanceSide = GoldenNormalizer(ids: run.log.ids, side: .glance)
            var skyliftSide = GoldenNormalizer(ids: run.log.ids, side: .skylift)
            #expect(skyliftSide.normalize(mine) == glanceSide.normalize(pending(shown)))
        }
        let query = Query(record.target)
        #expect(reply["first"] == .string(query.first))
        #expect(reply["next"] == (ids.count == query.limit && count > 0 ? .string(query.next(ids.last!)) : nil))
        #expect(reply["schema"] == "/v2/schemas/tasks")
        if let first = exchange.response.json?["first"] {
            #expect(first == .string(Query(exchange.request.target).first))
        }
    }

    /// Glance's schema document, once Skylift's added properties and `convert` are taken out of Skylift's.
    static func schema(_ added: [String], _ exchange: GoldenExchange, _ reply: JSONReply) {
        #expect(reply.status == .ok)
        #expect(reply.headers[.contentType] == exchange.response.headers[.contentType])
        requestID(exchange, reply)
        for name in added { #expect(reply["properties"]?[name] != nil, "property \(name)") }
        #expect(reply.json.map { withoutAdditions(added, $0) } == exchange.response.json)
    }

    /// Every 2xx body of the tasks API validates against the served schema (§5).
    static func servedSchema(_ exchange: GoldenExchange, _ reply: JSONReply, _ schemas: SchemaCatalog) {
        guard (200..<300).contains(reply.status.code), exchange.request.path.hasPrefix("/v2/tasks"),
            let json = reply.json
        else { return }
        let list = exchange.request.method == .get && exchange.request.path == "/v2/tasks"
        let errors = (list ? schemas.tasks : schemas.task).validate(json)
        #expect(errors.isEmpty, "\(errors)")
    }

    /// The request id header: exactly the one the request set, else a generated `req-<uuid4>`.
    static func requestID(_ exchange: GoldenExchange, _ reply: JSONReply) {
        let answered = reply.headers[requestIDHeader] ?? ""
        if let given = exchange.request.headers[requestIDHeader] {
            #expect(answered == given && exchange.response.headers[requestIDHeader] == given)
        } else {
            #expect(answered.wholeMatch(of: GoldenPatterns.requestID()) != nil, "x-openstack-request-id: \(answered)")
        }
    }

    /// `Location` with the expected authority masked and its id normalised; a different authority stays visible.
    static func location(_ value: String?, host: String, _ ids: GoldenIDMap, _ side: GoldenNormalizer.Side) -> String? {
        guard let value else { return nil }
        var normalizer = GoldenNormalizer(ids: ids, side: side)
        let prefix = "http://\(host)/"
        guard value.hasPrefix(prefix) else { return normalizer.normalize(value) }
        return "http://<host>/" + normalizer.normalize(String(value.dropFirst(prefix.count)))
    }

    /// A Glance task view or stub as it reads while the task is pending.
    static func pending(_ value: JSONValue) -> JSONValue {
        guard var object = value.objectValue else { return value }
        object["status"] = "pending"
        object["expires_at"] = nil
        if object["result"] != nil {
            object["result"] = .null
            object["message"] = ""
        }
        return .object(object)
    }

    static func removing(_ keys: [String], from value: JSONValue) -> JSONValue {
        guard var object = value.objectValue else { return value }
        for key in keys { object[key] = nil }
        return .object(object)
    }

    /// `value` without the `added` properties in any `properties` object and without `convert` in any `enum`.
    static func withoutAdditions(_ added: [String], _ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items): return .array(items.map { withoutAdditions(added, $0) })
        case .object(let object):
            var result = JSONObject()
            for (key, member) in object.entries {
                var member = withoutAdditions(added, member)
                if key == "properties" { member = removing(added, from: member) }
                if key == "enum", let items = member.arrayValue { member = .array(items.filter { $0 != "convert" }) }
                result[key] = member
            }
            return .object(result)
        default: return value
        }
    }
}

/// A list request's query, and the links §4.2 builds from it.
private struct Query {
    let pairs: [String]

    init(_ target: String) {
        pairs = target.drop { $0 != "?" }.dropFirst().split(separator: "&").map(String.init).filter {
            !$0.hasPrefix("marker=")
        }
    }

    var first: String { pairs.isEmpty ? "/v2/tasks" : "/v2/tasks?" + pairs.joined(separator: "&") }

    func next(_ marker: String) -> String { "/v2/tasks?" + (pairs + ["marker=\(marker)"]).joined(separator: "&") }

    /// The page size: `limit` clamped to 1000, else the default 25.
    var limit: Int {
        let given = pairs.last { $0.hasPrefix("limit=") }.flatMap { Int($0.dropFirst(6)) }
        return min(given ?? 25, 1000)
    }
}

extension ContractAnswer {
    fileprivate var isList: Bool {
        switch self {
        case .list, .page: true
        default: false
        }
    }
}

/// Transcript snippets for the parser's own tests: one valid exchange, and broken variants of it.
private enum MalformedTranscripts {
    static let valid = """
        # Title

        ## 1. Section

        #### An exchange

        ```console
        $ curl -sS -i --data-binary '{}' 'http://127.0.0.1:9292/v2/tasks?limit=1'
        ```
        Request:
        ```http
        POST /v2/tasks?limit=1 HTTP/1.1
        Host: 127.0.0.1:9292
        Content-Length: 2

        {}
        ```
        Response (1 ms):
        ```http
        HTTP/1.1 200 OK
        Content-Length: 13
        Content-Type: application/json

        {
          "tasks": []
        }
        ```
        """

    static let cases: [(String, String)] = [
        (
            valid.replacing("Response (1 ms):\n```http", with: "```console"),
            "expected a console, a request and a response"
        ),
        (valid.replacing("Content-Length: 2\n", with: "Content-Length: 3\n"), "request Content-Length 3"),
        (valid + "\n\n" + valid.replacing("# Title\n", with: ""), "duplicate title"),
        (valid.replacing("'http://127.0.0.1:9292/v2/tasks?limit=1'", with: "http://x/"), "the curl line"),
        (valid.replacing("\n```\nResponse", with: "\nResponse"), "expected a console, a request and a response"),
        (valid.replacing("HTTP/1.1 200 OK", with: "HTTP/1.1 OK"), "bad status line"),
        (valid.replacing("Host: 127.0.0.1:9292\n", with: ""), "no Host header"),
        (valid.replacing("  \"tasks\": []", with: "  \"tasks\": ["), "not JSON"),
        (valid + "\n```http\nGET / HTTP/1.1", "unclosed"),
        ("# Nothing here\n", "no `#### ` exchange"),
    ]
}
