/// Why an import URL is refused, and the text the API renders for it.
public struct ImportURLRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which rule refused the URL.
    public enum Kind: Sendable, Hashable {
        /// `file:` or `filesystem:`: Glance's own message.
        case fileScheme
        /// Any other scheme not in `import.allowedSchemes`: Glance's own message.
        case scheme
        /// The host name did not resolve (no addresses, or the resolver failed).
        case unresolvable
        /// Anything else: malformed URL, port, host form, denied host, private or reserved address.
        case filtered
    }

    /// Which rule refused the URL.
    public var kind: Kind
    /// One sentence naming what is wrong (for scheme rejections, Glance's whole message).
    public var reason: String

    /// A rejection of `kind` for `reason`.
    public init(kind: Kind, reason: String) {
        self.kind = kind
        self.reason = reason
    }

    /// Whether Glance's scheme messages apply, which the API renders verbatim.
    public var isSchemeRejection: Bool { kind == .fileScheme || kind == .scheme }

    /// The 400 message at create: scheme rejections verbatim, others `URI for import task does not pass filtering: …`.
    public var apiMessage: String {
        isSchemeRejection ? reason : "URI for import task does not pass filtering: \(reason)"
    }

    /// The API message.
    public var description: String { apiMessage }

    /// Glance's refusal of local files.
    static let fileScheme = ImportURLRejection(
        kind: .fileScheme,
        reason: "File based imports are not allowed. Please use a non-local source of image data."
    )

    /// Glance's refusal of a scheme, listing the allowed ones as a Python list (`['http', 'https']`).
    static func scheme(allowed: [String]) -> ImportURLRejection {
        ImportURLRejection(
            kind: .scheme,
            reason: "The given uri is not valid. Please specify a valid uri from the following list of supported uri "
                + "[\(allowed.map(pythonRepr).joined(separator: ", "))]"
        )
    }

    /// A refusal by the filtering rules.
    static func filtered(_ reason: String) -> ImportURLRejection {
        ImportURLRejection(kind: .filtered, reason: reason)
    }

    /// A host that does not resolve.
    static func unresolvable(_ reason: String) -> ImportURLRejection {
        ImportURLRejection(kind: .unresolvable, reason: reason)
    }

    /// Python's `repr` of a string: single quotes unless it holds `'` and no `"`, backslash escapes.
    private static func pythonRepr(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where Character(scalar) == quote: out += "\\" + String(quote)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + String(quote)
    }
}
