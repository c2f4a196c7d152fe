import HTTPTypes
import JSONSchema

/// Glance's task ids and the ids Skylift gave the same tasks during a replay, learned from the responses.
public struct GoldenIDMap: Sendable {
    /// Glance id → Skylift id.
    public private(set) var skyliftIDs: [String: String] = [:]
    /// Skylift id → Glance id.
    public private(set) var glanceIDs: [String: String] = [:]

    public init() {}

    /// The Skylift id of the one learned Glance id that starts with `prefix` (the expectation table names tasks by
    /// the first characters of their Glance id); nil when none or several match.
    public func skyliftID(glancePrefix prefix: String) -> String? {
        let matches = skyliftIDs.filter { $0.key.hasPrefix(prefix) }
        return matches.count == 1 ? matches.first?.value : nil
    }

    /// `text` with every learned Glance id replaced by its Skylift id (for request targets and bodies).
    public func rewrite(_ text: String) -> String {
        text.replacing(GoldenPatterns.uuid()) { match in skyliftIDs[String(match.output)] ?? String(match.output) }
    }

    /// Learns the pairs of ids that sit at the same place in Glance's and Skylift's answers to one request: the
    /// `Location` header and every UUID string at the same JSON path. A Glance id already mapped, or a Skylift id
    /// already taken, is left alone, so lists that differ in content cannot teach a wrong pair.
    public mutating func learn(glance: GoldenResponse, skylift: JSONReply) {
        guard glance.status == skylift.status, (200..<300).contains(skylift.status.code) else { return }
        if let mine = glance.headers[.location].flatMap(Self.lastUUID),
            let theirs = skylift.headers[.location].flatMap(Self.lastUUID)
        {
            pair(mine, theirs)
        }
        if let glanceJSON = glance.json, let skyliftJSON = skylift.json { walk(glanceJSON, skyliftJSON) }
    }

    private mutating func walk(_ glance: JSONValue, _ skylift: JSONValue) {
        switch (glance, skylift) {
        case (.string(let mine), .string(let theirs)) where Self.isUUID(mine) && Self.isUUID(theirs):
            pair(mine, theirs)
        case (.array(let mine), .array(let theirs)):
            for (left, right) in zip(mine, theirs) { walk(left, right) }
        case (.object(let mine), .object(let theirs)):
            for (key, value) in mine.entries { if let other = theirs[key] { walk(value, other) } }
        default:
            break
        }
    }

    private mutating func pair(_ glance: String, _ skylift: String) {
        guard skyliftIDs[glance] == nil, glanceIDs[skylift] == nil else { return }
        skyliftIDs[glance] = skylift
        glanceIDs[skylift] = glance
    }

    static func isUUID(_ text: String) -> Bool {
        text.wholeMatch(of: GoldenPatterns.uuid()) != nil
    }

    static func lastUUID(_ text: String) -> String? {
        let tail = String(text.suffix(36))
        return isUUID(tail) ? tail : nil
    }
}

/// The patterns the golden tests mask.
public enum GoldenPatterns {
    public static func uuid() -> Regex<Substring> {
        /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/
    }

    /// `req-<uuid4>`, the request id Glance and Skylift generate.
    public static func requestID() -> Regex<Substring> {
        /req-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/
    }

    public static func timestamp() -> Regex<Substring> {
        /[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/
    }
}
