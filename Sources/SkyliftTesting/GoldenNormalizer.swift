import JSONSchema

/// Masks what legitimately differs between Glance's recorded answer and Skylift's, so the rest compares as values.
///
/// - webob's `<br /><br />` message artefacts and the whitespace around them (Glance's side only);
/// - `req-<uuid4>` → `<request-id>`; `YYYY-MM-DDTHH:MM:SSZ` → `<time>`;
/// - task ids learned in the replay → `<task xxxxxxxx>` (named by the Glance id), so both sides must name the same
///   task; any other UUID → `<id N>`, numbered in order of first appearance (objects walked in key order).
public struct GoldenNormalizer {
    public enum Side: Sendable {
        case glance
        case skylift
    }

    let ids: GoldenIDMap
    let side: Side
    private var placeholders: [String: String] = [:]

    public init(ids: GoldenIDMap, side: Side) {
        self.ids = ids
        self.side = side
    }

    /// The value with every string masked; object keys keep their values, so key order stays irrelevant.
    public mutating func normalize(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text):
            return .string(normalize(text))
        case .array(let items):
            return .array(items.map { normalize($0) })
        case .object(let object):
            var result = JSONObject()
            for key in object.keys.sorted() { result[key] = normalize(object[key]!) }
            return .object(result)
        default:
            return value
        }
    }

    /// The text masked.
    public mutating func normalize(_ text: String) -> String {
        var text = text
        if side == .glance, let artefact = text.firstRange(of: "<br /><br />"),
            text[artefact.upperBound...].allSatisfy(\.isWhitespace)
        {
            text = String(text[..<artefact.lowerBound])
            while text.last?.isWhitespace == true { text.removeLast() }
        }
        text = text.replacing(GoldenPatterns.requestID(), with: "<request-id>")
        text = text.replacing(GoldenPatterns.timestamp(), with: "<time>")
        return text.replacing(GoldenPatterns.uuid()) { match in placeholder(for: String(match.output).lowercased()) }
    }

    private mutating func placeholder(for id: String) -> String {
        let glanceID = side == .glance ? (ids.skyliftIDs[id] != nil ? id : nil) : ids.glanceIDs[id]
        if let glanceID { return "<task \(glanceID.prefix(8))>" }
        if let known = placeholders[id] { return known }
        let name = "<id \(placeholders.count + 1)>"
        placeholders[id] = name
        return name
    }
}
