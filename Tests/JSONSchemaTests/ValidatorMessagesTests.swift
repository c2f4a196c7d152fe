import JSONSchema
import Testing

@Suite struct ValidatorMessagesTests {
    private func errors(_ schema: JSONValue, _ instance: JSONValue) throws -> [ValidationError] {
        let compiled = try Schema(schema)
        let errors = compiled.validate(instance)
        #expect(compiled.isValid(instance) == errors.isEmpty)
        return errors
    }

    private func messages(_ schema: JSONValue, _ instance: JSONValue) throws -> [String] {
        try errors(schema, instance).map(\.message)
    }

    @Test("required reports each missing property with its pointer and keyword")
    func required() throws {
        let found = try errors(["type": "object", "required": ["x", "y"]], ["y": 1])
        #expect(
            found == [
                ValidationError(
                    instanceLocation: "",
                    keyword: "required",
                    schemaLocation: "/required",
                    message: "'x' is a required property"
                )
            ]
        )
        #expect(found.first?.description == "'x' is a required property (at /, keyword required)")
    }

    @Test("additionalProperties lists the unexpected names sorted, Python style")
    func additionalProperties() throws {
        let schema: JSONValue = ["properties": ["a": [:]], "additionalProperties": false]
        #expect(
            try messages(schema, ["b": 1, "a": 1]) == ["Additional properties are not allowed ('b' was unexpected)"]
        )
        #expect(
            try messages(schema, ["zz": 1, "b": 1, "a": 1])
                == ["Additional properties are not allowed ('b', 'zz' were unexpected)"]
        )
        let withPatterns: JSONValue = ["patternProperties": ["^x": [:], "^a": [:]], "additionalProperties": false]
        #expect(
            try messages(withPatterns, ["c": 1, "b": 2]) == ["'b', 'c' do not match any of the regexes: '^a', '^x'"]
        )
    }

    @Test("type, enum, pattern and length messages follow Python jsonschema")
    func scalarMessages() throws {
        #expect(try messages(["type": "string"], 5) == ["5 is not of type 'string'"])
        #expect(try messages(["type": ["null", "object"]], 5) == ["5 is not of type 'null', 'object'"])
        #expect(try messages(["type": "integer"], 1.5) == ["1.5 is not of type 'integer'"])
        #expect(try messages(["type": "object"], [true, nil]) == ["[True, None] is not of type 'object'"])
        #expect(try messages(["enum": ["import", "convert"]], "foo") == ["'foo' is not one of ['import', 'convert']"])
        #expect(try messages(["pattern": "^[a-z]+$"], "abc1") == ["'abc1' does not match '^[a-z]+$'"])
        #expect(try messages(["minLength": 1], "") == ["'' is too short"])
        #expect(try messages(["maxLength": 2], "abc") == ["'abc' is too long"])
        #expect(try messages(["minimum": 10], 5) == ["5 is less than the minimum of 10"])
        #expect(
            try messages(["minimum": 1.5, "exclusiveMinimum": true], 1.5)
                == ["1.5 is less than or equal to the minimum of 1.5"]
        )
        #expect(try messages(["maximum": 10], 11.5) == ["11.5 is greater than the maximum of 10"])
        #expect(try messages(["multipleOf": 0.01], 0.001) == ["0.001 is not a multiple of 0.01"])
        #expect(try messages(["uniqueItems": true], [1, 1.0]) == ["[1, 1.0] has non-unique elements"])
        #expect(try messages(["maxItems": 1], [1, 2]) == ["[1, 2] is too long"])
        #expect(try messages(["minProperties": 1], [:]) == ["{} does not have enough properties"])
        #expect(try messages(["format": "ipv4"], "1.2.3") == ["'1.2.3' is not a 'ipv4'"])
        #expect(try messages(["dependencies": ["a": ["b"]]], ["a": 1]) == ["'b' is a dependency of 'a'"])
        #expect(
            try messages(["items": [[:]], "additionalItems": false], [1, 2, "x"])
                == ["Additional items are not allowed (2, 'x' were unexpected)"]
        )
    }

    @Test("combinator messages follow Python jsonschema")
    func combinators() throws {
        #expect(
            try messages(["anyOf": [["type": "string"], ["minimum": 10]]], 5)
                == ["5 is not valid under any of the given schemas"]
        )
        #expect(
            try messages(["oneOf": [["type": "integer"], ["minimum": 0]]], 5)
                == ["5 is valid under each of {'minimum': 0}, {'type': 'integer'}"]
        )
        #expect(try messages(["not": ["type": "integer"]], 5) == ["5 should not be valid under {'type': 'integer'}"])
        #expect(
            try messages(["allOf": [["type": "string"], ["maxLength": 1]]], 12)
                == ["12 is not of type 'string'"]
        )
    }

    @Test("nested errors carry JSON pointers to the instance and the schema")
    func nestedPointers() throws {
        let schema: JSONValue = [
            "type": "object",
            "properties": [
                "input": [
                    "type": "object",
                    "properties": ["image_properties": ["properties": ["name": ["type": "string", "maxLength": 5]]]],
                ]
            ],
        ]
        let found = try errors(schema, ["input": ["image_properties": ["name": "much too long"]]])
        #expect(found.count == 1)
        #expect(found.first?.instanceLocation == "/input/image_properties/name")
        #expect(found.first?.keyword == "maxLength")
        #expect(
            found.first?.schemaLocation
                == "/properties/input/properties/image_properties/properties/name/maxLength"
        )
        #expect(found.first?.message == "'much too long' is too long")
        #expect(
            found.first?.description
                == "'much too long' is too long (at /input/image_properties/name, keyword maxLength)"
        )
    }

    @Test("pointers escape ~ and / and use array indexes; $ref targets report their own location")
    func pointerEscaping() throws {
        let schema: JSONValue = [
            "definitions": ["small": ["maximum": 3]],
            "properties": ["a/b~c": ["items": ["$ref": "#/definitions/small"]]],
        ]
        let found = try errors(schema, ["a/b~c": [1, 2, 7]])
        #expect(found.map(\.instanceLocation) == ["/a~1b~0c/2"])
        #expect(found.map(\.schemaLocation) == ["/definitions/small/maximum"])
    }

    @Test("errors come in schema keyword order, then instance order")
    func ordering() throws {
        let schema: JSONValue = [
            "required": ["a", "b"],
            "properties": ["d": ["type": "string"], "c": ["type": "string"]],
            "type": "object",
            "patternProperties": ["^x": ["type": "integer"]],
        ]
        let found = try errors(schema, ["x2": "s", "c": 1, "d": 2, "x1": "t"])
        #expect(found.map(\.instanceLocation) == ["", "", "/d", "/c", "/x2", "/x1"])
        #expect(found.map(\.keyword) == ["required", "required", "type", "type", "type", "type"])
    }

    @Test("long values are truncated with an ellipsis")
    func truncation() throws {
        let long = String(repeating: "a", count: 500)
        let message = try #require(try messages(["maxLength": 10], .string(long)).first)
        #expect(message.hasPrefix("'aaaa"))
        #expect(message.hasSuffix("… is too long"))
        #expect(message.count < 100)
        let manyNames = JSONValue.object(JSONObject((0..<200).map { ("property\($0)", JSONValue.integer(1)) }))
        let extras = try #require(try messages(["additionalProperties": false], manyNames).first)
        #expect(extras.count < 250)
        let bigEnum = JSONValue.array((0..<100).map { .string("value\($0)") })
        let enumMessage = try #require(try messages(["enum": bigEnum], "x").first)
        #expect(enumMessage.count < 120 && enumMessage.contains("…"))
    }

    @Test("messages and descriptions are always a single line of printable text")
    func oneLine() throws {
        let nasty = "line1\nline2\r\t\u{7}\u{2028}\u{0}'\""
        let found = try errors(
            [
                "properties": [nasty: ["type": "integer"]], "additionalProperties": false,
                "required": [.string(nasty + "x")],
            ],
            [nasty: .string(nasty), "\u{1B}[31m": 1]
        )
        #expect(found.count == 3)
        for error in found {
            for text in [error.message, error.description] {
                #expect(!text.unicodeScalars.contains { $0.properties.generalCategory == .control })
                #expect(!text.unicodeScalars.contains { $0 == "\u{2028}" || $0 == "\u{2029}" })
            }
        }
        #expect(found.contains { $0.message == #"'line1\nline2\r\t\x07\u2028\x00\'"' is not of type 'integer'"# })
        #expect(found.contains { $0.message == #"Additional properties are not allowed ('\x1b[31m' was unexpected)"# })
    }
}
