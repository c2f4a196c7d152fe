import HTTPTypes
import HummingbirdTesting
import JSONSchema
import SkyliftAPI
import SkyliftTesting
import Testing

/// Bodies that nest too deep, are too big, carry numbers no double holds, or strings that are too long.
@Suite struct MalformedInputSizeTests {
    static let tooDeep: [BadBody] = [
        BadBody("65 deep under input", MalformedInput.deepInputBody(depth: 65), MalformedInput.tooDeep),
        BadBody("65 deep under result", MalformedInput.deepResultBody(depth: 65), MalformedInput.tooDeep),
        BadBody("65 deep arrays", MalformedInput.deepArray(depth: 65), MalformedInput.tooDeep),
        BadBody("65 deep objects", MalformedInput.deepObject(depth: 65), MalformedInput.tooDeep),
        BadBody("1000 deep arrays", MalformedInput.deepArray(depth: 1000), MalformedInput.tooDeep),
        BadBody("1000 deep objects", MalformedInput.deepObject(depth: 1000), MalformedInput.tooDeep),
        BadBody("1000 unclosed arrays", String(repeating: "[", count: 1000), MalformedInput.tooDeep),
        BadBody(
            "1000 deep arrays inside input",
            #"{"type": "import", "input": {"a": "# + MalformedInput.deepArray(depth: 1000) + "}}",
            MalformedInput.tooDeep
        ),
    ]

    @Test("nesting deeper than 64 (the top-level object is 1) is a 400 that says so", arguments: tooDeep)
    func deep(body: BadBody) async throws {
        try await MalformedInput.expectRejected(body)
    }

    @Test("64 deep is allowed structurally: under result it is created, under input the input schema refuses it")
    func depth64() async throws {
        let service = try await TestService()
        try await service.test { client in
            let underInput = try await client.send(
                .post,
                "/v2/tasks",
                as: .admin(),
                body: MalformedInput.deepInputBody(depth: 64)
            )
            MalformedInput.expectError(
                underInput,
                status: .badRequest,
                fragment: "Invalid input for task type 'import'"
            )
            #expect(underInput.message?.contains("nested deeper") == false)
            try await MalformedInput.expectNothingStored(client)
            let arrays = try await client.send(
                .post,
                "/v2/tasks",
                as: .admin(),
                body: MalformedInput.deepArray(depth: 64)
            )
            MalformedInput.expectError(arrays, status: .badRequest, fragment: MalformedInput.notDict)
            let underResult = try await client.send(
                .post,
                "/v2/tasks",
                as: .admin(),
                body: MalformedInput.deepResultBody(depth: 64)
            )
            #expect(underResult.status == .created, "\(underResult.text)")
            #expect(underResult["result"] == .null)
        }
    }

    static let hugeNesting: [BadBody] = [
        BadBody("100000 deep arrays", MalformedInput.deepArray(depth: 100_000), MalformedInput.tooDeep),
        BadBody("100000 deep objects", MalformedInput.deepObject(depth: 100_000), MalformedInput.tooDeep),
        BadBody("100000 unclosed objects", String(repeating: #"{"a":"#, count: 100_000), MalformedInput.tooDeep),
    ]

    @Test("100000-deep documents: 413 under the default body limit", arguments: hugeNesting)
    func hugeNestingDefault(body: BadBody) async throws {
        let tooLarge = BadBody(body.label, bytes: body.bytes, "65536", status: .contentTooLarge)
        try await MalformedInput.expectRejected(tooLarge)
    }

    @Test("100000-deep documents: the depth 400 when the body limit lets them through", arguments: hugeNesting)
    func hugeNestingRaisedLimit(body: BadBody) async throws {
        let service = try await TestService(configuration: APIConfiguration(maxBodyBytes: 4 << 20))
        try await MalformedInput.expectRejected(body, service: service)
    }

    @Test("a 10 MB body is 413 (contract §4.1 step 2) and stores nothing")
    func tenMegabytes() async throws {
        let padding = String(repeating: "x", count: 10 << 20)
        let body = #"{"type": "import", "input": {}, "message": ""# + padding + #""}"#
        try await MalformedInput.expectRejected(BadBody("10 MB", body, "65536", status: .contentTooLarge))
        let junk = [UInt8](repeating: 0xFF, count: 10 << 20)
        try await MalformedInput.expectRejected(
            BadBody("10 MB of junk", bytes: junk, "65536", status: .contentTooLarge)
        )
    }

    @Test("a valid body of exactly 65536 bytes is accepted; one byte more is 413")
    func bodyLimitBoundary() async throws {
        let base = Bodies.importTask()
        let exact = base + String(repeating: " ", count: 65_536 - base.utf8.count)
        #expect(exact.utf8.count == 65_536)
        let service = try await TestService()
        try await service.test { client in
            let over = try await client.send(.post, "/v2/tasks", as: .admin(), body: exact + " ")
            MalformedInput.expectError(over, status: .contentTooLarge, fragment: "65536")
            try await MalformedInput.expectNothingStored(client)
            let atLimit = try await client.send(.post, "/v2/tasks", as: .admin(), body: exact)
            #expect(atLimit.status == .created, "\(atLimit.text.prefix(300))")
        }
    }

    static let hugeNumbers: [BadBody] = [
        BadBody("1e400 as type", #"{"type": 1e400, "input": {}}"#, MalformedInput.malformed),
        BadBody("-1e400 in input", #"{"type": "import", "input": {"import_from": -1e400}}"#, MalformedInput.malformed),
        BadBody(
            "1e400 as progress",
            String(Bodies.importTask().dropLast()) + #", "progress": 1e400}"#,
            MalformedInput.malformed
        ),
        BadBody(
            "1e400 inside a checksum",
            TaskBodies.importBody(extra: #", "checksum": {"algo": "md5", "value": 1e400}"#),
            MalformedInput.malformed
        ),
        BadBody("20-digit integer as type", #"{"type": 12345678901234567890, "input": {}}"#, "JSON pointer '/type'"),
        BadBody(
            "20-digit integer as progress",
            String(Bodies.importTask().dropLast()) + #", "progress": 12345678901234567890}"#,
            "JSON pointer '/progress'"
        ),
        BadBody(
            "1e308 as progress",
            String(Bodies.importTask().dropLast()) + #", "progress": 1e308}"#,
            "JSON pointer '/progress'"
        ),
        BadBody(
            "30-digit integer as an image property",
            TaskBodies.importBody(
                properties:
                    #"{"disk_format": "raw", "container_format": "bare", "size": 123456789012345678901234567890}"#
            ),
            "JSON pointer '/input/image_properties/size'"
        ),
        BadBody("20-digit negative integer as the document", "-12345678901234567890", MalformedInput.notDict),
        BadBody(
            "5000-digit integer as type",
            #"{"type": "# + String(repeating: "9", count: 5000) + #", "input": {}}"#,
            "number out of range"
        ),
    ]

    @Test("huge numbers are a 400, never a 500", arguments: hugeNumbers)
    func hugeNumber(body: BadBody) async throws {
        try await MalformedInput.expectRejected(body)
    }

    static let long4097 = String(repeating: "m", count: 4097)

    static let overlong: [BadBody] = [
        BadBody("message of 4097", TaskBodies.withTop("message", #""\#(long4097)""#), "String at '/message' is longer"),
        BadBody("owner of 4097", TaskBodies.withTop("owner", #""\#(long4097)""#), "String at '/owner' is longer"),
        BadBody(
            "message of 4097 non-ASCII characters",
            TaskBodies.withTop("message", #""\#(String(repeating: "é", count: 4097))""#),
            "String at '/message' is longer than 4096 characters"
        ),
        BadBody("top-level key of 4097", TaskBodies.withTop(long4097, "1"), "is longer than 4096 characters"),
        BadBody("warning of 4097", TaskBodies.withTop("warnings", #"["\#(long4097)"]"#), "String at '/warnings/0'"),
        BadBody(
            "import_from over its maxLength (2048)",
            Bodies.importTask(url: "http://example.com/" + String(repeating: "a", count: 2048)),
            "JSON pointer '/input/import_from'"
        ),
        BadBody(
            "import_from of 4097",
            Bodies.importTask(url: "http://example.com/" + long4097),
            "JSON pointer '/input/import_from'"
        ),
        BadBody(
            "image name over its maxLength (255)",
            Bodies.importTask(name: String(repeating: "n", count: 256)),
            "JSON pointer '/input/image_properties/name'"
        ),
        BadBody(
            "custom property value of 4097",
            TaskBodies.importWithProperties(#", "os": "\#(long4097)""#),
            "JSON pointer '/input/image_properties/os'"
        ),
        BadBody("input key of 4097", TaskBodies.importBody(extra: #", "\#(long4097)": 1"#), "was unexpected"),
    ]

    @Test(
        "over-long strings: 4096 outside input, the input schema's lengths inside it; a 400 naming the field",
        arguments: overlong
    )
    func overlongString(body: BadBody) async throws {
        try await MalformedInput.expectRejected(body)
    }

    @Test("boundaries that are accepted: 4096-character message, 64 custom properties, a 255-character key")
    func acceptedBoundaries() async throws {
        let service = try await TestService()
        let bodies = [
            TaskBodies.withTop("message", #""\#(String(repeating: "m", count: 4096))""#),
            TaskBodies.withTop("message", #""\#(String(repeating: "é", count: 4096))""#),
            TaskBodies.importBody(properties: TaskBodies.customProperties(64)),
            TaskBodies.importWithProperties(#", "\#(String(repeating: "k", count: 255))": "v""#),
            Bodies.importTask(url: "http://example.com/" + String(repeating: "a", count: 2048 - 19)),
            Bodies.importTask(name: String(repeating: "n", count: 255)),
        ]
        try await service.test { client in
            for body in bodies {
                let reply = try await client.send(.post, "/v2/tasks", as: .admin(), body: body)
                #expect(reply.status == .created, "\(reply.text.prefix(300))")
            }
        }
    }

    @Test("a 100 KB key: 413 under the default body limit, a 400 naming it when the limit lets it through")
    func hundredKilobyteKey() async throws {
        let key = String(repeating: "k", count: 100 << 10)
        let body = TaskBodies.withTop(key, "1")
        try await MalformedInput.expectRejected(BadBody("100 KB key", body, "65536", status: .contentTooLarge))
        let raised = try await TestService(configuration: APIConfiguration(maxBodyBytes: 1 << 20))
        try await MalformedInput.expectRejected(
            BadBody("100 KB key", body, "is longer than 4096 characters"),
            service: raised
        )
        try await MalformedInput.expectRejected(
            BadBody("100 KB property name", TaskBodies.importWithProperties(#", "\#(key)": "v""#), "longer than 255"),
            service: try await TestService(configuration: APIConfiguration(maxBodyBytes: 1 << 20))
        )
    }
}
