/// One reason an instance does not conform to a schema, in the style of Python's `jsonschema`.
public struct ValidationError: Sendable, Equatable, CustomStringConvertible {
    /// RFC 6901 pointer to the offending value in the instance (`""` for the root).
    public let instanceLocation: String
    /// The failing keyword, such as `required`, `type` or `additionalProperties`.
    public let keyword: String
    /// Pointer to the failing keyword in the schema document (`/properties/name/maxLength`); keywords inside another
    /// document reached through `$ref` are prefixed with that document's URI (`http://x/y.json#/definitions/a/type`).
    public let schemaLocation: String
    /// One line in Python `jsonschema` wording, such as `'x' is a required property`; values in it are rendered as
    /// Python reprs, escaped and truncated with `…`.
    public let message: String

    /// Creates an error.
    public init(instanceLocation: String, keyword: String, schemaLocation: String, message: String) {
        self.instanceLocation = instanceLocation
        self.keyword = keyword
        self.schemaLocation = schemaLocation
        self.message = message
    }

    /// `"<message> (at <instance pointer or '/'>, keyword <keyword>)"` on one line, of bounded length.
    public var description: String {
        let location = instanceLocation.isEmpty ? "/" : ValidationError.printable(instanceLocation, limit: 200)
        return "\(message) (at \(location), keyword \(keyword))"
    }

    /// `text` with non-printable characters written as `\uXXXX` and cut to `limit` scalars.
    static func printable(_ text: String, limit: Int) -> String {
        var result = String.UnicodeScalarView()
        var length = 0
        for scalar in text.unicodeScalars {
            guard length < limit else {
                result.append("…")
                break
            }
            if PythonRepr.isPrintable(scalar) {
                result.append(scalar)
            } else {
                result.append(contentsOf: ("\\u{" + String(scalar.value, radix: 16) + "}").unicodeScalars)
            }
            length += 1
        }
        return String(result)
    }
}
