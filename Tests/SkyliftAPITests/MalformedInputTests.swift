import HTTPTypes
import HummingbirdTesting
import JSONSchema
import SkyliftAPI
import SkyliftTesting
import Testing

/// A request body that must be refused, and how (contract §4.1 step 2, §6, §15.1).
struct BadBody: Sendable, CustomTestStringConvertible {
    let label: String
    let bytes: [UInt8]
    /// The status the contract names.
    let status: HTTPResponse.Status
    /// Text the error message must contain: what was wrong.
    let fragment: String

    init(_ label: String, _ text: String, _ fragment: String, status: HTTPResponse.Status = .badRequest) {
        self.init(label, bytes: Array(text.utf8), fragment, status: status)
    }

    init(_ label: String, bytes: [UInt8], _ fragment: String, status: HTTPResponse.Status = .badRequest) {
        self.label = label
        self.bytes = bytes
        self.status = status
        self.fragment = fragment
    }

    var testDescription: String { label }
}

/// Shared checks of the malformed-input suites.
enum MalformedInput {
    static let malformed = "Malformed JSON in request body"
    static let notDict = "Unexpected body type. Expected dict."
    static let tooDeep = "JSON in request body is nested deeper than 64 levels."

    /// Posts `body` as an admin and expects the refusal it describes, and an empty task list afterwards.
    static func expectRejected(
        _ body: BadBody,
        service: TestService? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let chosen: TestService
        if let service { chosen = service } else { chosen = try await TestService() }
        try await chosen.test { client in
            let reply = try await client.sendBytes(.post, "/v2/tasks", as: .admin(), bytes: body.bytes)
            expectError(reply, status: body.status, fragment: body.fragment, sourceLocation: sourceLocation)
            try await expectNothingStored(client, sourceLocation: sourceLocation)
        }
    }

    /// A 4xx (never a 5xx), the status named when there is one, Glance's JSON error body, and a message that says
    /// what was wrong (contains `fragment`, and is more than the status' reason phrase).
    static func expectError(
        _ reply: JSONReply,
        status: HTTPResponse.Status?,
        fragment: String?,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(reply.status.code < 500, "\(reply.status): \(reply.text.prefix(300))", sourceLocation: sourceLocation)
        #expect((400..<500).contains(reply.status.code), "\(reply.status)", sourceLocation: sourceLocation)
        if let status {
            #expect(reply.status == status, "\(reply.text.prefix(300))", sourceLocation: sourceLocation)
        }
        ResponseSchemaCheck.error(reply, sourceLocation: sourceLocation)
        let message = reply.message ?? ""
        #expect(!message.isEmpty && message != reply.status.reasonPhrase, sourceLocation: sourceLocation)
        if let fragment {
            #expect(
                message.lowercased().contains(fragment.lowercased()),
                "message \(message.prefix(300).debugDescription) lacks \(fragment.debugDescription)",
                sourceLocation: sourceLocation
            )
        }
    }

    /// No task was stored: an admin (who sees every project) lists nothing.
    static func expectNothingStored(
        _ client: any TestClientProtocol,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let list = try await client.send(.get, "/v2/tasks", as: .admin())
        #expect(list.status == .ok, sourceLocation: sourceLocation)
        #expect(list["tasks"] == [], "a task was stored: \(list.text.prefix(300))", sourceLocation: sourceLocation)
    }

    /// A valid import body (`Bodies.importTask()`) as bytes.
    static var validBody: [UInt8] { Array(Bodies.importTask().utf8) }

    /// A body whose value at `/result` (accepted and ignored by the schema) nests objects so that the whole
    /// document is `depth` deep, counting the top-level object as 1.
    static func deepResultBody(depth: Int) -> String {
        let inner = depth - 1
        let nested = String(repeating: #"{"a":"#, count: inner - 1) + "{}" + String(repeating: "}", count: inner - 1)
        return String(Bodies.importTask().dropLast()) + #", "result": "# + nested + "}"
    }

    /// A top-level object `depth` deep, nesting under `input`.
    static func deepInputBody(depth: Int) -> String {
        let inner = depth - 1
        let nested = String(repeating: #"{"a":"#, count: inner - 1) + "1" + String(repeating: "}", count: inner - 1)
        return #"{"type": "import", "input": {"a":"# + nested + "}}"
    }

    /// Arrays nested `depth` deep.
    static func deepArray(depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    /// Objects nested `depth` deep (`{"a":{"a":…{}…}}`).
    static func deepObject(depth: Int) -> String {
        String(repeating: #"{"a":"#, count: depth - 1) + "{}" + String(repeating: "}", count: depth - 1)
    }
}

/// Request bodies that are not JSON, not an object, or carry NUL bytes, bad UTF-8 or duplicate keys.
@Suite struct MalformedInputTests {
    static let invalidJSON: [BadBody] = [
        BadBody("truncated object", #"{"type": "import", "input": {"#, MalformedInput.malformed),
        BadBody("truncated string", #"{"type": "imp"#, MalformedInput.malformed),
        BadBody("truncated literal", #"{"type": "import", "input": nu"#, MalformedInput.malformed),
        BadBody("only an opening brace", "{", MalformedInput.malformed),
        BadBody("trailing garbage", #"{"type": "import", "input": {}} xyz"#, MalformedInput.malformed),
        BadBody("two objects", #"{"type": "import"}{"input": {}}"#, MalformedInput.malformed),
        BadBody("single quotes", #"{'type': 'import', 'input': {}}"#, MalformedInput.malformed),
        BadBody("unquoted key", #"{type: "import", "input": {}}"#, MalformedInput.malformed),
        BadBody("NaN", #"{"type": "import", "input": {}, "progress": NaN}"#, MalformedInput.malformed),
        BadBody("Infinity", #"{"type": "import", "input": {"x": Infinity}}"#, MalformedInput.malformed),
        BadBody("-Infinity", #"{"type": "import", "input": {"x": -Infinity}}"#, MalformedInput.malformed),
        BadBody("leading zeros", #"{"type": "import", "input": {}, "progress": 007}"#, MalformedInput.malformed),
        BadBody("leading plus", #"{"type": "import", "input": {}, "progress": +1}"#, MalformedInput.malformed),
        BadBody("bare fraction", #"{"type": "import", "input": {}, "progress": .5}"#, MalformedInput.malformed),
        BadBody("hex number", #"{"type": "import", "input": {}, "progress": 0x10}"#, MalformedInput.malformed),
        BadBody("bare word value", #"{"type": import, "input": {}}"#, MalformedInput.malformed),
        BadBody("bare word document", "hello", MalformedInput.malformed),
        BadBody("Python literals", #"{"type": "import", "input": None}"#, MalformedInput.malformed),
        BadBody("TRUE in capitals", #"{"type": "import", "input": {}, "x": TRUE}"#, MalformedInput.malformed),
        BadBody(
            "UTF-8 byte order mark",
            bytes: [0xEF, 0xBB, 0xBF] + MalformedInput.validBody,
            MalformedInput.malformed
        ),
        BadBody("block comment", #"{"type": "import", /* c */ "input": {}}"#, MalformedInput.malformed),
        BadBody("line comment", "// c\n" + Bodies.importTask(), MalformedInput.malformed),
        BadBody("trailing comma in an object", #"{"a":1,}"#, MalformedInput.malformed),
        BadBody("trailing comma in a task", #"{"type": "import", "input": {},}"#, MalformedInput.malformed),
        BadBody("trailing comma in an array", "[1,]", MalformedInput.malformed),
        BadBody("missing colon", #"{"type" "import"}"#, MalformedInput.malformed),
        BadBody("missing comma", #"{"type": "import" "input": {}}"#, MalformedInput.malformed),
        BadBody("unescaped newline in a string", "{\"type\": \"im\nport\", \"input\": {}}", MalformedInput.malformed),
        BadBody("unescaped tab in a string", "{\"type\": \"im\tport\", \"input\": {}}", MalformedInput.malformed),
        BadBody("undefined escape", #"{"type": "im\xport", "input": {}}"#, MalformedInput.malformed),
        BadBody("short unicode escape", #"{"type": "im\u12", "input": {}}"#, MalformedInput.malformed),
        BadBody("lone closing brace", "}", MalformedInput.malformed),
        BadBody("whitespace only", "  \n\t\r  ", MalformedInput.malformed),
        BadBody(
            "UTF-16 with a byte order mark",
            bytes: [0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00],
            MalformedInput.malformed
        ),
    ]

    @Test("invalid JSON is a 400 'Malformed JSON in request body' and stores nothing", arguments: invalidJSON)
    func malformedJSON(body: BadBody) async throws {
        try await MalformedInput.expectRejected(body)
    }

    @Test("an empty body is 400 'Body expected in request.' and stores nothing")
    func emptyBody() async throws {
        try await MalformedInput.expectRejected(BadBody("empty", bytes: [], "Body expected in request."))
    }

    static let nonObjects: [BadBody] = [
        BadBody("empty array", "[]", MalformedInput.notDict),
        BadBody("array of tasks", "[" + Bodies.importTask() + "]", MalformedInput.notDict),
        BadBody("array holding the key names (a Glance 500)", #"["type", "input"]"#, MalformedInput.notDict),
        BadBody("string", #""import""#, MalformedInput.notDict),
        BadBody("empty string", #""""#, MalformedInput.notDict),
        BadBody("integer", "42", MalformedInput.notDict),
        BadBody("negative fraction", "-1.5e3", MalformedInput.notDict),
        BadBody("true", "true", MalformedInput.notDict),
        BadBody("false", "false", MalformedInput.notDict),
        BadBody("null", "null", MalformedInput.notDict),
        BadBody("null surrounded by whitespace", " \n null \n ", MalformedInput.notDict),
    ]

    @Test("a body that is JSON but not an object is 400 'Unexpected body type. Expected dict.'", arguments: nonObjects)
    func nonObject(body: BadBody) async throws {
        try await MalformedInput.expectRejected(body)
    }

    static let nulBodies: [BadBody] = [
        BadBody(
            "raw NUL inside a string",
            bytes: Array(#"{"type": "imp"#.utf8) + [0] + Array(#"ort"}"#.utf8),
            "unescaped control character"
        ),
        BadBody(
            "raw NUL between tokens",
            bytes: Array(#"{"type":"#.utf8) + [0] + Array(#""import"}"#.utf8),
            MalformedInput.malformed
        ),
        BadBody("raw NUL after the object", bytes: MalformedInput.validBody + [0], MalformedInput.malformed),
        BadBody("raw NUL alone", bytes: [0], MalformedInput.malformed),
        BadBody(
            "escaped NUL in a top-level key",
            String(Bodies.importTask().dropLast()) + #", "a\u0000b": 1}"#,
            "contains a NUL character"
        ),
        BadBody(
            "escaped NUL in type",
            #"{"type": "import\u0000", "input": {}}"#,
            "String at '/type' contains a NUL character"
        ),
        BadBody(
            "escaped NUL in input.import_from",
            Bodies.importTask(url: #"http://example.com/a\u0000.qcow2"#),
            "String at '/input/import_from' contains a NUL character"
        ),
        BadBody(
            "escaped NUL in the image name",
            Bodies.importTask(name: #"cir\u0000ros"#),
            "String at '/input/image_properties/name' contains a NUL character"
        ),
        BadBody(
            "escaped NUL in a custom image property",
            TaskBodies.importBody(
                properties: #"{"disk_format": "raw", "container_format": "bare", "os": "li\u0000nux"}"#
            ),
            "String at '/input/image_properties/os' contains a NUL character"
        ),
        BadBody(
            "escaped NUL in a custom image property name",
            TaskBodies.importBody(properties: #"{"disk_format": "raw", "container_format": "bare", "o\u0000s": "x"}"#),
            "contains a NUL character"
        ),
        BadBody(
            "escaped NUL in message",
            String(Bodies.importTask().dropLast()) + #", "message": "\u0000"}"#,
            "String at '/message' contains a NUL character"
        ),
        BadBody("escaped NUL as the whole type", #"{"type": "\u0000", "input": {}}"#, "contains a NUL character"),
    ]

    @Test("NUL, raw or escaped, anywhere in the body is a 400 naming where", arguments: nulBodies)
    func nul(body: BadBody) async throws {
        try await MalformedInput.expectRejected(body)
    }

    static let badUTF8: [BadBody] = [
        BadBody("C3 28 in a string", bytes: utf8Case([0xC3, 0x28]), MalformedInput.malformed + ". invalid UTF-8"),
        BadBody("FF in a string", bytes: utf8Case([0xFF]), MalformedInput.malformed + ". invalid UTF-8"),
        BadBody("FE in a string", bytes: utf8Case([0xFE]), MalformedInput.malformed + ". invalid UTF-8"),
        BadBody("overlong NUL C0 80", bytes: utf8Case([0xC0, 0x80]), MalformedInput.malformed + ". invalid UTF-8"),
        BadBody(
            "overlong slash E0 80 AF",
            bytes: utf8Case([0xE0, 0x80, 0xAF]),
            MalformedInput.malformed + ". invalid UTF-8"
        ),
        BadBody(
            "encoded surrogate ED A0 80",
            bytes: utf8Case([0xED, 0xA0, 0x80]),
            MalformedInput.malformed + ". invalid UTF-8"
        ),
        BadBody(
            "beyond U+10FFFF F4 90 80 80",
            bytes: utf8Case([0xF4, 0x90, 0x80, 0x80]),
            MalformedInput.malformed + ". invalid UTF-8"
        ),
        BadBody("lone continuation byte 80", bytes: utf8Case([0x80]), MalformedInput.malformed + ". invalid UTF-8"),
        BadBody(
            "truncated sequence before the quote",
            bytes: utf8Case([0xE2, 0x82]),
            MalformedInput.malformed + ". invalid UTF-8"
        ),
        BadBody(
            "truncated multibyte sequence at the very end",
            bytes: Array(#"{"type": "import", "input": {}, "message": "x"#.utf8) + [0xE2, 0x82],
            MalformedInput.malformed
        ),
        BadBody(
            "truncated multibyte sequence after the object",
            bytes: MalformedInput.validBody + [0xE2, 0x82],
            MalformedInput.malformed
        ),
        BadBody(
            "invalid UTF-8 in a key",
            bytes: Array(#"{"ty"#.utf8) + [0xFF] + Array(#"pe": "import", "input": {}}"#.utf8),
            MalformedInput.malformed + ". invalid UTF-8"
        ),
        BadBody(
            "lone high surrogate escape",
            #"{"type": "\ud800", "input": {}}"#,
            MalformedInput.malformed + ". unpaired UTF-16 surrogate"
        ),
        BadBody(
            "lone low surrogate escape",
            #"{"type": "\udc00", "input": {}}"#,
            MalformedInput.malformed + ". unpaired UTF-16 surrogate"
        ),
        BadBody(
            "high surrogate then a letter",
            #"{"type": "\ud800\u0041", "input": {}}"#,
            MalformedInput.malformed + ". unpaired UTF-16 surrogate"
        ),
        BadBody(
            "surrogate escape in a key",
            #"{"\ud800": 1, "type": "import", "input": {}}"#,
            MalformedInput.malformed + ". unpaired UTF-16 surrogate"
        ),
    ]

    /// `{"type": "imp<bytes>ort", "input": {}}`.
    static func utf8Case(_ bytes: [UInt8]) -> [UInt8] {
        Array(#"{"type": "imp"#.utf8) + bytes + Array(#"ort", "input": {}}"#.utf8)
    }

    @Test("invalid UTF-8 and unpaired surrogate escapes are a 400 'Malformed JSON in request body'", arguments: badUTF8)
    func invalidUTF8(body: BadBody) async throws {
        try await MalformedInput.expectRejected(body)
    }

    static let duplicateKeys: [BadBody] = [
        BadBody("type twice", #"{"type": "import", "type": "convert", "input": {}}"#, "duplicate key 'type'"),
        BadBody("input twice", #"{"type": "import", "input": {}, "input": {}}"#, "duplicate key 'input'"),
        BadBody(
            "import_from twice",
            TaskBodies.importBody(extra: #", "import_from": "http://example.com/b.img""#),
            "duplicate key 'import_from'"
        ),
        BadBody(
            "disk_format twice",
            TaskBodies.importBody(
                properties: #"{"disk_format": "raw", "container_format": "bare", "disk_format": "iso"}"#
            ),
            "duplicate key 'disk_format'"
        ),
        BadBody("an unknown key twice", #"{"x": 1, "x": 2, "type": "import", "input": {}}"#, "duplicate key 'x'"),
    ]

    @Test("duplicate keys are a 400 naming the key", arguments: duplicateKeys)
    func duplicates(body: BadBody) async throws {
        try await MalformedInput.expectRejected(body)
    }
}
