import JSONSchema
import Testing

@Suite struct SchemaTests {
    private func schemaError(_ schema: JSONValue, resolver: (any SchemaResolver)? = nil) -> SchemaError? {
        do {
            _ = try Schema(schema, resolver: resolver)
            return nil
        } catch {
            return error
        }
    }

    @Test("malformed schemas are rejected at compile time with a location")
    func malformedSchemas() {
        #expect(schemaError(["type": 5])?.description.contains("at /type: type must be") == true)
        #expect(schemaError(["type": "text"])?.message == "type names an unknown type 'text'")
        #expect(schemaError(["minLength": -1])?.schemaLocation == "/minLength")
        #expect(schemaError(["properties": ["a": ["pattern": "(unclosed"]]])?.schemaLocation == "/properties/a/pattern")
        #expect(schemaError(["required": "a"]) != nil)
        #expect(schemaError(["enum": []]) != nil)
        #expect(schemaError(["multipleOf": 0]) != nil)
        #expect(schemaError(["items": 3]) != nil)
        #expect(schemaError(["anyOf": []]) != nil)
        #expect(schemaError(["definitions": ["x": ["maximum": "10"]]])?.schemaLocation == "/definitions/x/maximum")
        #expect(schemaError("not a schema")?.message == "a schema must be a JSON object")
        #expect(schemaError(["$ref": "#/definitions/missing"])?.schemaLocation == "/$ref")
        #expect(schemaError(["$ref": "http://example.com/other.json"])?.message.contains("unknown document") == true)
        #expect(
            schemaError(["definitions": ["a": ["$ref": "#/definitions/b"], "b": ["$ref": "#/definitions/a"]]]) != nil
        )
        #expect(schemaError(["title": 5, "x-unknown": ["type": 5]]) == nil, "unknown keywords are ignored")
    }

    @Test("self-referential schemas compile and validate recursive data")
    func recursion() throws {
        let tree = try Schema([
            "type": "object", "properties": ["children": ["type": "array", "items": ["$ref": "#"]]],
            "additionalProperties": false,
        ])
        #expect(tree.isValid(["children": [["children": []], [:]]]))
        let bad = tree.validate(["children": [["children": [["name": 1]]]]])
        #expect(bad.map(\.instanceLocation) == ["/children/0/children/0"])
    }

    @Test("unbounded evaluation depth is reported instead of overflowing the stack")
    func evaluationDepth() throws {
        let schema = try Schema(["items": ["$ref": "#"]])
        var deep: JSONValue = []
        for _ in 0..<1000 { deep = [deep] }
        #expect(!schema.isValid(deep))
        #expect(schema.validate(deep).first?.keyword == "depth")
        let looping = try Schema(["allOf": [["$ref": "#"]]])
        #expect(looping.validate(1).map(\.keyword) == ["depth"])
        let generous = try Schema(["items": ["$ref": "#"]], options: .init(maxEvaluationDepth: 3000))
        #expect(generous.isValid(deep))
    }

    @Test("remote references go through the resolver, with ids changing the base URI")
    func remoteReferences() throws {
        let resolver = DictionarySchemaResolver([
            "http://example.com/common.json": ["definitions": ["name": ["type": "string", "maxLength": 3]]]
        ])
        let schema = try Schema(
            ["id": "http://example.com/root.json", "properties": ["n": ["$ref": "common.json#/definitions/name"]]],
            resolver: resolver
        )
        #expect(schema.isValid(["n": "abc"]))
        let found = schema.validate(["n": "abcd"])
        #expect(found.map(\.schemaLocation) == ["http://example.com/common.json#/definitions/name/maxLength"])
        let based = try Schema(
            ["$ref": "common.json#/definitions/name"],
            baseURI: "http://example.com/x",
            resolver: resolver
        )
        #expect(!based.isValid(5))
    }

    @Test("the draft 4 meta-schema is built in")
    func metaschema() throws {
        let meta = try Schema(["$ref": "http://json-schema.org/draft-04/schema#"])
        #expect(meta.isValid(["type": "object", "properties": ["a": ["minLength": 1]]]))
        #expect(!meta.isValid(["type": 5]))
        #expect(!meta.isValid(["pattern": "(unclosed"]), "format regex is asserted")
    }

    @Test("lengths count Unicode code points")
    func codePointLengths() throws {
        let schema = try Schema(["minLength": 2, "maxLength": 2])
        #expect(!schema.isValid("😀"), "one code point, two UTF-16 units")
        #expect(schema.isValid("e\u{301}"), "two code points, one grapheme")
        #expect(schema.isValid("😀😀"))
    }

    @Test("multipleOf is exact on decimal values, including tiny and huge numbers")
    func multipleOf() throws {
        let small = try Schema(["multipleOf": 0.0001])
        #expect(small.isValid(0.0075))
        #expect(!small.isValid(0.00751))
        #expect(try Schema(["multipleOf": 0.1]).isValid(0.3))
        #expect(try Schema(["multipleOf": 0.5]).isValid(1e308))
        #expect(!(try Schema(["multipleOf": 0.123456789]).isValid(1e308)))
        #expect(try Schema(["multipleOf": 3]).isValid(.integer(9_000_000_000_000_000_003)))
        #expect(!(try Schema(["multipleOf": 2]).isValid(.number(4.5))))
        #expect(try Schema(["multipleOf": 1e-20]).isValid(3e-18))
    }

    @Test("integer typing: 1.0 is not an integer in draft 4, bignums are")
    func integerType() throws {
        let schema = try Schema(["type": "integer"])
        #expect(schema.isValid(1))
        #expect(!schema.isValid(1.0))
        #expect(schema.isValid(try JSONParser.parse("123456789012345678901234567890")))
        #expect(!schema.isValid(1.5))
    }

    @Test("format assertion can be turned off")
    func formatsOptional() throws {
        #expect(!(try Schema(["format": "email"]).isValid("nope")))
        #expect(try Schema(["format": "email"], options: .init(validateFormats: false)).isValid("nope"))
        #expect(try Schema(["format": "made-up"]).isValid("anything"))
    }

    @Test("a small object validates against a 30-property schema in microseconds")
    func performance() throws {
        var properties = JSONObject()
        var instance = JSONObject()
        for index in 0..<30 {
            properties["field\(index)"] = ["type": "string", "maxLength": 64, "pattern": "^[a-z0-9_-]+$"]
            if index % 2 == 0 { instance["field\(index)"] = .string("value_\(index)") }
        }
        let schema = try Schema([
            "type": "object", "properties": .object(properties), "required": ["field0"],
            "additionalProperties": false,
        ])
        let value = JSONValue.object(instance)
        #expect(schema.validate(value).isEmpty)
        let iterations = 2000
        let elapsed = ContinuousClock().measure {
            for _ in 0..<iterations { _ = schema.validate(value) }
        }
        let perValidation = elapsed / iterations
        print("validation of a 15-member object against 30 properties: \(perValidation)")
        #expect(perValidation < .milliseconds(1))
    }

    @Test("validation is safe from many tasks at once")
    func concurrency() async throws {
        let schema = try Schema(["type": "object", "patternProperties": ["^a": ["type": "integer"]]])
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                group.addTask { schema.isValid(["a\(index)": .integer(Int64(index))]) }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 })
    }
}
