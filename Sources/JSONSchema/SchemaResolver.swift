/// Supplies documents for `$ref`s to URIs outside the schema being compiled (no network access is ever made).
public protocol SchemaResolver: Sendable {
    /// The document at `uri` (an absolute URI without fragment), or `nil` if it is unknown.
    func resolve(_ uri: String) throws -> JSONValue?
}

/// A ``SchemaResolver`` serving a fixed set of documents keyed by URI (without fragment).
public struct DictionarySchemaResolver: SchemaResolver {
    /// The documents by URI.
    public let documents: [String: JSONValue]

    /// Creates a resolver over `documents`.
    public init(_ documents: [String: JSONValue]) { self.documents = documents }

    /// The document for `uri`, ignoring a trailing empty fragment.
    public func resolve(_ uri: String) throws -> JSONValue? {
        documents[uri] ?? documents[uri + "#"]
    }
}
