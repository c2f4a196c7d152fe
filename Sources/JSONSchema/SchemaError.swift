/// A schema that cannot be compiled: malformed keyword values, invalid regexes, or unresolvable references.
public struct SchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public let message: String
    /// Pointer (prefixed with the document URI for other documents) to the offending schema or keyword.
    public let schemaLocation: String

    /// Creates an error.
    public init(message: String, schemaLocation: String) {
        self.message = message
        self.schemaLocation = schemaLocation
    }

    /// `"invalid schema at <location>: <message>"`.
    public var description: String {
        "invalid schema at \(schemaLocation.isEmpty ? "/" : schemaLocation): \(message)"
    }
}
