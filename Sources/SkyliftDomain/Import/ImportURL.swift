/// An absolute `scheme://host[:port]/path?query` URL split into the parts the import rules look at.
///
/// Parsing is strict and by hand (no Foundation URL quirks): user information, spaces, control characters,
/// backslashes, percent signs or non-ASCII in the host, and IPv4 written any way but as a dotted quad are refused.
public struct ImportURL: Sendable, Hashable {
    /// How the host was written.
    public enum HostKind: Sendable, Hashable {
        /// A DNS name, to be resolved.
        case name
        /// A dotted-quad IPv4 or bracketed IPv6 literal, never resolved.
        case ip(IPAddress)
    }

    /// The whole URL as given.
    public let original: String
    /// The scheme, lower-cased.
    public let scheme: String
    /// The host as written (case kept), IPv6 without its brackets.
    public let host: String
    /// Whether the host is a name or an IP literal.
    public let hostKind: HostKind
    /// The explicit port, or the scheme's default (443 for `https`, otherwise 80).
    public let port: Int
    /// Whether the URL named its port.
    public let hasExplicitPort: Bool
    /// Path and query, `/` when the path is empty; the fragment is dropped. What goes on the request line.
    public let requestTarget: String

    /// The host for matching and lookup: a name lower-cased without one trailing dot, an IP in canonical form.
    public var normalizedHost: String {
        switch hostKind {
        case .ip(let address):
            return address.description
        case .name:
            let name = host.lowercased()
            return name.hasSuffix(".") ? String(name.dropLast()) : name
        }
    }

    /// The scheme of `text` (RFC 3986: a letter, then letters, digits, `+`, `-`, `.`, then `:`), lower-cased.
    public static func scheme(of text: String) -> String? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let scheme = text[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return nil }
        return scheme.lowercased()
    }

    /// Parses `text` strictly (scheme, authority, path); which schemes and hosts are allowed is the filter's job.
    /// - Throws: `ImportURLRejection` (kind `.filtered`) saying what is wrong.
    public init(parsing text: String) throws(ImportURLRejection) {
        guard let scheme = Self.scheme(of: text) else { throw .filtered("the URL has no scheme") }
        if let bad = text.unicodeScalars.first(where: { $0.value < 0x21 || $0.value == 0x7F || $0 == "\\" }) {
            let what = bad == " " ? "a space" : bad == "\\" ? "a backslash" : "a control character"
            throw .filtered("the URL contains \(what)")
        }
        let afterScheme = text.dropFirst(scheme.count + 1)
        guard afterScheme.hasPrefix("//") else {
            throw .filtered("the URL has no host (expected \(scheme)://host/path)")
        }
        let rest = afterScheme.dropFirst(2)
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard !authority.contains("@") else {
            throw .filtered(
                "the URL contains a user name or password before '@', which import URLs may not carry "
                    + "(credentials would be stored in the task and the part before '@' is easily mistaken for the host)"
            )
        }
        let target = rest[authorityEnd...].prefix { $0 != "#" }
        guard target.allSatisfy(\.isASCII) else {
            throw .filtered("the URL's path or query contains non-ASCII characters; percent-encode them")
        }
        requestTarget = target.isEmpty || target.hasPrefix("?") ? "/" + target : String(target)
        original = text
        self.scheme = scheme
        let (hostText, portText) = try Self.splitHostPort(authority)
        hasExplicitPort = portText != nil
        port = try portText.map(Self.port) ?? (scheme == "https" ? 443 : 80)
        (host, hostKind) = try Self.classify(hostText)
    }

    /// `[v6]:port`, `host:port`, or a bare host.
    private static func splitHostPort(_ authority: Substring) throws(ImportURLRejection) -> (Substring, Substring?) {
        guard authority.hasPrefix("[") else {
            guard let colon = authority.lastIndex(of: ":") else { return (authority, nil) }
            return (authority[..<colon], authority[authority.index(after: colon)...])
        }
        guard let close = authority.firstIndex(of: "]") else { throw .filtered("the IPv6 address has no closing ']'") }
        let after = authority[authority.index(after: close)...]
        guard after.isEmpty || after.hasPrefix(":") else {
            throw .filtered("unexpected characters after the IPv6 address in the URL")
        }
        return (authority[...close], after.isEmpty ? nil : after.dropFirst())
    }

    /// A decimal port from 1 to 65535.
    private static func port(_ text: Substring) throws(ImportURLRejection) -> Int {
        guard !text.isEmpty else { throw .filtered("the URL has an empty port after ':'") }
        guard text.count <= 5, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text),
            (1...65535).contains(value)
        else { throw .filtered("port '\(text)' is not a number from 1 to 65535") }
        return value
    }

    /// Decides whether the host is an IP literal or a name, refusing malformed names and ambiguous numeric forms.
    private static func classify(_ raw: Substring) throws(ImportURLRejection) -> (String, HostKind) {
        guard !raw.isEmpty else { throw .filtered("the URL has an empty host") }
        if raw.hasPrefix("[") {
            let inner = raw.dropFirst().dropLast()
            guard !inner.contains("%") else {
                throw .filtered("IPv6 zone identifiers ('%') are not supported in import URLs")
            }
            guard let address = IPAddress(ipv6: inner) else { throw .filtered("'\(raw)' is not a valid IPv6 address") }
            return (String(inner), .ip(address))
        }
        guard raw.allSatisfy(\.isASCII) else {
            throw .filtered(
                "host '\(raw)' is not ASCII; internationalised domain names are not supported, "
                    + "use the 'xn--' (punycode) form"
            )
        }
        if let address = IPAddress(dottedQuad: raw) { return (String(raw), .ip(address)) }
        guard raw.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_" }) else {
            throw .filtered("host '\(raw)' contains characters a host name cannot have")
        }
        let name = raw.hasSuffix(".") ? raw.dropLast() : raw
        let labels = name.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        guard name.count <= 253, labels.allSatisfy({ (1...63).contains($0.count) }) else {
            throw .filtered("host '\(raw)' is not a valid host name (empty or over-long label)")
        }
        if let last = labels.last,
            last.allSatisfy(\.isNumber) || (last.hasPrefix("0x") && last.dropFirst(2).allSatisfy(\.isHexDigit))
        {
            throw .filtered(
                "host '\(raw)' is a numeric form other than a dotted-quad IPv4 address (four decimal octets "
                    + "without leading zeros), which is ambiguous and not allowed"
            )
        }
        return (String(raw), .name)
    }
}
