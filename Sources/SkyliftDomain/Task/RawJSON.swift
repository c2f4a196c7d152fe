/// A JSON document kept as the exact text it was stored with (a task's `input` or `result`).
///
/// The domain does not interpret it; the API parses and serialises it, the store keeps it verbatim.
public struct RawJSON: Sendable, Hashable, CustomStringConvertible {
    /// Serialised JSON text.
    public let text: String

    public init(_ text: String) { self.text = text }

    /// The JSON `null` literal.
    public static let null = RawJSON("null")

    public var description: String { text }
}
