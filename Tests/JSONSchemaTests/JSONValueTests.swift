import JSONSchema
import Testing

@Suite struct JSONValueTests {
    @Test("JSON equality ignores key order and integer/double representation")
    func equality() {
        #expect(JSONValue.integer(1) == .number(1.0))
        #expect(JSONValue.number(1.5) != .integer(1))
        #expect(JSONValue.bool(true) != .integer(1))
        #expect(JSONValue.integer(.max) != .number(9_223_372_036_854_775_807.0))
        let a: JSONValue = ["x": 1, "y": [1, 2]]
        let b: JSONValue = ["y": [1.0, 2], "x": 1.0]
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Set<JSONValue>([1, 1.0, "1", 2]).count == 3)
        #expect(JSONValue.string("é") != .string("e\u{301}"), "no Unicode normalization")
    }

    @Test("objects keep insertion order and support update and removal")
    func objectEditing() {
        var object = JSONObject([("b", 1), ("a", 2)])
        object["c"] = 3
        object["b"] = 4
        #expect(object.keys == ["b", "a", "c"])
        object["a"] = nil
        #expect(object.keys == ["b", "c"])
        #expect(object.count == 2 && !object.isEmpty)
        #expect(object.entries.map(\.value) == [4, 3])
        for index in 0..<40 { object["k\(index)"] = .integer(Int64(index)) }
        object["k3"] = nil
        #expect(object["k39"] == 39 && object["k3"] == nil && object.count == 41)
    }

    @Test("serialization escapes strings, keeps order and round-trips")
    func serialization() throws {
        let value: JSONValue = [
            "s": "quote\" back\\ slash/ tab\t nl\n bell\u{7} é 😀", "i": -42, "d": 0.1, "one": 1.0, "big": 1e300,
            "arr": [nil, true, false], "obj": [:], "empty": [],
        ]
        let text = value.serialized()
        #expect(
            text == """
                {"s":"quote\\" back\\\\ slash/ tab\\t nl\\n bell\\u0007 é 😀","i":-42,"d":0.1,"one":1.0,\
                "big":1e+300,"arr":[null,true,false],"obj":{},"empty":[]}
                """
        )
        #expect(try JSONParser.parse(text) == value)
        #expect(try JSONParser.parse(value.serializedBytes()) == value)
        #expect(value.description == text)
        let doubles: [Double] = [0.1, 1 / 3, .leastNonzeroMagnitude, 1.7976931348623157e308, -0.0, 123456789.125]
        for double in doubles {
            #expect(try JSONParser.parse(JSONValue.number(double).serialized()) == .number(double))
        }
    }

    @Test("sorted and pretty-printed serialization")
    func prettyPrinting() {
        let value: JSONValue = ["b": [1, 2], "a": ["c": nil], "e": []]
        #expect(value.serialized(sortedKeys: true) == #"{"a":{"c":null},"b":[1,2],"e":[]}"#)
        #expect(
            value.serialized(prettyPrinted: true) == """
                {
                  "b": [
                    1,
                    2
                  ],
                  "a": {
                    "c": null
                  },
                  "e": []
                }
                """
        )
    }
}
