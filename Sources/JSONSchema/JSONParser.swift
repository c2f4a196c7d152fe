/// A strict RFC 8259 JSON parser: iterative (no native recursion), UTF-8 validating, with depth and size limits.
public struct JSONParser: Sendable {
    /// What to do with a repeated key inside one object.
    public enum DuplicateKeyPolicy: Sendable, Equatable {
        /// Fail with ``JSONParseError/duplicateKey(_:)``.
        case reject
        /// Keep the first position and the last value.
        case lastWins
    }

    /// Parser limits and policies.
    public struct Options: Sendable, Equatable {
        /// Maximum nesting of arrays and objects; the outermost container is depth 1.
        public var maxDepth: Int
        /// Maximum length of any string or key in UTF-8 bytes after unescaping; `nil` for no limit.
        public var maxStringLength: Int?
        /// Policy for repeated keys.
        public var duplicateKeys: DuplicateKeyPolicy

        /// Creates options; the defaults are depth 512, no string limit and duplicate keys rejected.
        public init(maxDepth: Int = 512, maxStringLength: Int? = nil, duplicateKeys: DuplicateKeyPolicy = .reject) {
            self.maxDepth = maxDepth
            self.maxStringLength = maxStringLength
            self.duplicateKeys = duplicateKeys
        }
    }

    /// Parses one JSON text (UTF-8, no byte order mark). Throws ``JSONParseError`` on any deviation from RFC 8259.
    public static func parse(
        _ bytes: some Collection<UInt8>,
        options: Options = .init()
    ) throws(JSONParseError)
        -> JSONValue
    {
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) in try parseBuffer(buffer, options: options) }
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        return try copy.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) in try parseBuffer(buffer, options: options) }
        }.get()
    }

    /// Parses JSON text held in a `String`.
    public static func parse(_ text: String, options: Options = .init()) throws(JSONParseError) -> JSONValue {
        try parse(text.utf8, options: options)
    }

    private static func parseBuffer(
        _ buffer: UnsafeBufferPointer<UInt8>,
        options: Options
    ) throws(JSONParseError)
        -> JSONValue
    {
        var reader = JSONReader(bytes: buffer, options: options)
        return try reader.parseDocument()
    }
}
