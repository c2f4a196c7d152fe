import HTTPTypes
import HummingbirdTesting
import SkyliftAPI
import SkyliftDomain
import SkyliftTesting
import Testing

/// Task bodies built from raw JSON fragments, so each case changes exactly one field.
enum TaskBodies {
    static let properties = #"{"disk_format": "raw", "container_format": "bare"}"#
    static let sourceImage = "2a7c3d1e-9b4f-4c52-8e61-0f3b5a9d7c11"

    /// An import body; each field is raw JSON text, nil leaves it out; `extra` (`, "k": v`) is added inside
    /// `input` and `top` at the top level.
    static func importBody(
        importFrom: String? = #""http://example.com/a.img""#,
        format: String? = #""raw""#,
        properties: String? = TaskBodies.properties,
        extra: String = "",
        top: String = ""
    ) -> String {
        let fields = [("import_from", importFrom), ("import_from_format", format), ("image_properties", properties)]
            .compactMap { key, value in value.map { #""\#(key)": \#($0)"# } }
        return #"{"type": "import", "input": {"# + fields.joined(separator: ", ") + extra + "}" + top + "}"
    }

    /// A convert body; fields as for `importBody`.
    static func convertBody(
        imageID: String? = #""\#(TaskBodies.sourceImage)""#,
        diskFormat: String? = #""qcow2""#,
        extra: String = ""
    ) -> String {
        let fields = [("image_id", imageID), ("disk_format", diskFormat)]
            .compactMap { key, value in value.map { #""\#(key)": \#($0)"# } }
        return #"{"type": "convert", "input": {"# + fields.joined(separator: ", ") + extra + "}}"
    }

    /// Image properties with the two required ones plus `custom` (`, "k": v`).
    static func properties(_ custom: String) -> String {
        #"{"disk_format": "raw", "container_format": "bare""# + custom + "}"
    }

    /// An import body whose image properties add `custom` (`, "k": v`).
    static func importWithProperties(_ custom: String) -> String {
        importBody(properties: properties(custom))
    }

    /// A valid import body plus a top-level `"key": value` (value is raw JSON).
    static func withTop(_ key: String, _ value: String) -> String {
        importBody(top: #", "\#(key)": \#(value)"#)
    }

    /// `count` custom image properties `"p0": "v", …`, after the two required ones.
    static func customProperties(_ count: Int) -> String {
        properties((0..<count).map { #", "p\#($0)": "v""# }.joined())
    }

    /// One case per raw JSON value: `body(value)` must be refused with a message naming JSON pointer `path`.
    static func wrong(_ path: String, _ values: [String], _ body: (String) -> String) -> [BadBody] {
        values.map { BadBody("\(path) = \($0)", body($0), "JSON pointer '\(path)'") }
    }
}

/// A wrong type or value for every field of the task body and of both task inputs.
@Suite struct MalformedInputFieldTests {
    static let hex32 = String(repeating: "a", count: 32)
    static let anything = ["5", "null", "[]", "{}", "true"]

    static let taskFields: [BadBody] =
        TaskBodies.wrong("/type", anything + [#""""#, #""IMPORT""#, #""import ""#]) {
            #"{"type": \#($0), "input": {}}"#
        }
        + TaskBodies.wrong("/input", ["5", #""x""#, "[]", "false"]) { #"{"type": "import", "input": \#($0)}"# }
        + [
            ("id", ["5", #""abc""#]), ("status", [#""bogus""#, "null"]), ("owner", ["5", "[]"]),
            ("message", ["null", "{}"]), ("result", [#""x""#, "[]", "7"]), ("image_id", ["5"]), ("request_id", ["{}"]),
            ("user_id", ["[]"]), ("expires_at", ["5", "{}"]), ("created_at", ["null"]), ("updated_at", ["true"]),
            ("self", ["5"]), ("schema", ["{}"]), ("progress", [#""x""#, "101", "-1", "1.5"]), ("steps", [#""x""#]),
            ("error", [#""x""#]),
        ].flatMap { key, values in TaskBodies.wrong("/\(key)", values) { TaskBodies.withTop(key, $0) } }
        + [
            BadBody("type without an executor", #"{"type": "location_import", "input": {}}"#, "Invalid type value"),
            BadBody("input null", #"{"type": "import", "input": null}"#, "None is not of type 'object'"),
            BadBody("input {}", #"{"type": "import", "input": {}}"#, "'import_from' is a required property"),
            BadBody("warnings [1]", TaskBodies.withTop("warnings", "[1]"), "JSON pointer '/warnings/0'"),
            BadBody("unknown key", TaskBodies.withTop("task_input", #""x""#), "('task_input' was unexpected)"),
        ]

    @Test("a wrong type or value for any field of the task body is a 400 naming the field", arguments: taskFields)
    func taskField(body: BadBody) async throws {
        try await MalformedInput.expectRejected(body)
    }

    static let importFields: [BadBody] =
        TaskBodies.wrong("/input/import_from", anything + [#""""#]) { TaskBodies.importBody(importFrom: $0) }
        + TaskBodies.wrong("/input/import_from_format", ["5", "null", #""zip""#, #""QCOW2""#, #""""#]) {
            TaskBodies.importBody(format: $0)
        }
        + TaskBodies.wrong("/input/image_properties", ["5", "null", "[]", #""x""#]) {
            TaskBodies.importBody(properties: $0)
        }
        + TaskBodies.wrong("/input/image_properties/disk_format", ["5", "null", #""zip""#, #""RAW""#]) {
            TaskBodies.importBody(properties: #"{"disk_format": \#($0), "container_format": "bare"}"#)
        }
        + TaskBodies.wrong("/input/image_properties/container_format", ["5", "[]", #""zip""#]) {
            TaskBodies.importBody(properties: #"{"disk_format": "raw", "container_format": \#($0)}"#)
        }
        + TaskBodies.wrong("/input/image_properties/name", ["5", "null"]) {
            TaskBodies.importWithProperties(#", "name": \#($0)"#)
        }
        + TaskBodies.wrong("/input/image_properties/os", ["5", "null", "{}", "true"]) {
            TaskBodies.importWithProperties(#", "os": \#($0)"#)
        }
        + TaskBodies.wrong("/input/checksum", ["5", #""x""#, "[]"]) {
            TaskBodies.importBody(extra: #", "checksum": \#($0)"#)
        }
        + TaskBodies.wrong("/input/checksum/algo", ["5", #""crc32""#, #""MD5""#]) { checksum($0, #""\#(hex32)""#) }
        + TaskBodies.wrong(
            "/input/checksum/value",
            [
                "5", #""\#(hex32.dropLast())""#, #""\#(String(repeating: "a", count: 129))""#,
                #""\#(String(repeating: "g", count: 32))""#,
            ]
        ) { checksum(#""md5""#, $0) }
        + TaskBodies.wrong("/input/image_id", ["5", #""not-a-uuid""#, #""""#]) {
            TaskBodies.importBody(extra: #", "image_id": \#($0)"#)
        }
        + [
            BadBody(
                "import_from missing",
                TaskBodies.importBody(importFrom: nil),
                "'import_from' is a required property"
            ),
            BadBody(
                "import_from_format missing",
                TaskBodies.importBody(format: nil),
                "'import_from_format' is a required"
            ),
            BadBody(
                "image_properties missing",
                TaskBodies.importBody(properties: nil),
                "'image_properties' is a required"
            ),
            BadBody(
                "image_properties {}",
                TaskBodies.importBody(properties: "{}"),
                "'disk_format' is a required property"
            ),
            BadBody(
                "65 custom properties",
                TaskBodies.importBody(properties: TaskBodies.customProperties(65)),
                "65 custom"
            ),
            BadBody(
                "custom property key of 256 characters",
                TaskBodies.importWithProperties(#", "\#(String(repeating: "k", count: 256))": "v""#),
                "longer than 255 characters"
            ),
            BadBody("checksum {}", TaskBodies.importBody(extra: #", "checksum": {}"#), "is a required property"),
            BadBody("checksum without value", checksumBody(#"{"algo": "md5"}"#), "'value' is a required property"),
            BadBody("checksum extra key", checksumBody(#"{"algo": "md5", "value": "\#(hex32)", "x": 1}"#), "('x' was"),
            BadBody(
                "checksum md5 of 64 digits",
                checksum(#""md5""#, #""\#(hex32 + hex32)""#),
                "checksum value for md5 must be 32 hex digits"
            ),
            BadBody(
                "checksum sha256 of 32 digits",
                checksum(#""sha256""#, #""\#(hex32)""#),
                "checksum value for sha256 must be 64 hex digits"
            ),
            BadBody(
                "unknown input key",
                TaskBodies.importBody(extra: #", "backend": "x""#),
                "('backend' was unexpected)"
            ),
        ]

    static func checksumBody(_ checksum: String) -> String {
        TaskBodies.importBody(extra: #", "checksum": \#(checksum)"#)
    }

    static func checksum(_ algo: String, _ value: String) -> String {
        checksumBody(#"{"algo": \#(algo), "value": \#(value)}"#)
    }

    @Test("a wrong type or value for any field of the import input is a 400 naming the field", arguments: importFields)
    func importField(body: BadBody) async throws {
        try await MalformedInput.expectRejected(body)
    }

    static let filtering = "URI for import task does not pass filtering: "

    static let importURLs: [BadBody] = [
        ("not a URL", "not a url", "The given uri is not valid"), ("without a host", "http://", "empty host"),
        ("with an unclosed IPv6 bracket", "http://[::1/x", "no closing ']'"),
        ("with port 99999", "http://example.com:99999/x", "is not a number from 1 to 65535"),
        ("with an empty port", "http://example.com:/x", "empty port"),
        ("with a space in the host", "http://exa mple.com/x", filtering),
        ("with CR LF", #"http://example.com/x\r\nHost: evil"#, filtering),
        ("with a non-ASCII path", #"http://example.com/\u00e9"#, "non-ASCII"),
        ("with an IPv6 zone", "http://[fe80::1%25eth0]/x", "zone"),
        ("with a 300-character label", "http://\(String(repeating: "a", count: 300)).com/x", "not a valid host name"),
        ("with a numeric host", "http://2130706433/x", filtering),
        ("with a gopher scheme", "gopher://example.com/x", "The given uri is not valid"),
    ].map { label, url, fragment in BadBody("import_from \(label)", Bodies.importTask(url: url), fragment) }

    @Test("import_from strings that are not acceptable URLs are a 400 saying why", arguments: importURLs)
    func importURL(body: BadBody) async throws {
        try await MalformedInput.expectRejected(body)
    }

    static let convertFields: [BadBody] =
        TaskBodies.wrong("/input/image_id", ["5", "null", #""cirros""#]) { TaskBodies.convertBody(imageID: $0) }
        + TaskBodies.wrong("/input/disk_format", ["5", "[]", #""iso""#]) { TaskBodies.convertBody(diskFormat: $0) }
        + TaskBodies.wrong("/input/image_properties", [#""x""#, "[]"]) {
            TaskBodies.convertBody(extra: #", "image_properties": \#($0)"#)
        }
        + TaskBodies.wrong("/input/image_properties/container_format", [#""zip""#, "5"]) {
            TaskBodies.convertBody(extra: #", "image_properties": {"container_format": \#($0)}"#)
        }
        + TaskBodies.wrong("/input/image_properties/os", ["5", "null"]) {
            TaskBodies.convertBody(extra: #", "image_properties": {"os": \#($0)}"#)
        }
        + TaskBodies.wrong("/input", ["5", #""x""#]) { #"{"type": "convert", "input": \#($0)}"# }
        + [
            BadBody("image_id missing", TaskBodies.convertBody(imageID: nil), "'image_id' is a required property"),
            BadBody(
                "disk_format missing",
                TaskBodies.convertBody(diskFormat: nil),
                "'disk_format' is a required property"
            ),
            BadBody("input null", #"{"type": "convert", "input": null}"#, "None is not of type 'object'"),
            BadBody(
                "import_from in a convert",
                TaskBodies.convertBody(extra: #", "import_from": "http://example.com/a""#),
                "('import_from' was unexpected)"
            ),
            BadBody(
                "65 custom properties",
                TaskBodies.convertBody(extra: #", "image_properties": \#(TaskBodies.customProperties(65))"#),
                "65 custom properties"
            ),
            BadBody(
                "custom property key of 256 characters",
                TaskBodies.convertBody(
                    extra: #", "image_properties": {"\#(String(repeating: "k", count: 256))": "v"}"#
                ),
                "longer than 255 characters"
            ),
        ]

    @Test(
        "a wrong type or value for any field of the convert input is a 400 naming the field",
        arguments: convertFields
    )
    func convertField(body: BadBody) async throws {
        try await MalformedInput.expectRejected(body)
    }
}
