import Foundation
import JSONSchema

/// Checks every string and key of a request document: no NUL characters anywhere, and no string longer than the
/// limit except under the paths whose own schema sets lengths (contract §6).
struct StringLimits: Sendable {
    let maxLength: Int
    /// JSON pointers whose subtrees the length limit skips (e.g. `/input`).
    let exemptPointers: Set<String>

    /// - Throws: `APIError` 400 naming the JSON pointer of the first offending string.
    func check(_ value: JSONValue) throws(APIError) {
        try check(value, pointer: "", limited: true)
    }

    private func check(_ value: JSONValue, pointer: String, limited: Bool) throws(APIError) {
        switch value {
        case .string(let text):
            try checkText(text, pointer: pointer, limited: limited, what: "String")
        case .array(let items):
            for (index, item) in items.enumerated() {
                try check(item, pointer: pointer + "/\(index)", limited: limited)
            }
        case .object(let object):
            for (key, item) in object.entries {
                let child = pointer + "/" + Self.escape(key)
                try checkText(key, pointer: child, limited: limited, what: "Key")
                try check(item, pointer: child, limited: limited && !exemptPointers.contains(child))
            }
        default:
            break
        }
    }

    private func checkText(_ text: String, pointer: String, limited: Bool, what: String) throws(APIError) {
        if text.utf8.contains(0) {
            throw .badRequest("\(what) at '\(pointer)' contains a NUL character, which is not allowed.")
        }
        if limited && text.unicodeScalars.count > maxLength {
            throw .badRequest("\(what) at '\(pointer)' is longer than \(maxLength) characters.")
        }
    }

    /// RFC 6901 escaping of one reference token.
    static func escape(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
