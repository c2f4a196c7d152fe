/// An import URL split into the parts the safety rules look at.
public struct ImportURL: Sendable, Hashable {
    /// How the host was written.
    public enum HostKind: Sendable, Hashable {
        case name
        case ip(IPAddress)
    }

    /// The whole URL as given.
    public let original: String
    /// Lower-cased scheme.
    public let scheme: String
    /// The host as written, lower-cased, without IPv6 brackets or a trailing dot.
    public let host: String
    public let hostKind: HostKind
    /// The explicit port, or the scheme's default.
    public let port: Int
    /// Path and query (`/` when empty), what goes on the request line.
    public let requestTarget: String

    /// Parses `text` strictly.
    /// - Throws: `ImportURLRejection` saying what is wrong.
    public init(parsing text: String) throws(ImportURLRejection) {
        original = text
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else {
            throw .filtered("the URL has no scheme")
        }
        let schemeText = text[..<colon]
        guard schemeText.first!.isLetter,
            schemeText.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { throw .filtered("the URL has no valid scheme") }
        scheme = schemeText.lowercased()
        if scheme == "file" || scheme == "filesystem" { throw .fileScheme }
        let afterScheme = text[text.index(after: colon)...]
        guard afterScheme.hasPrefix("//") else { throw .filtered("the URL has no host (expected \(scheme)://host/…)") }
        let rest = afterScheme.dropFirst(2)
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var target = String(rest[authorityEnd...].prefix { $0 != "#" })
        if target.isEmpty || target.hasPrefix("?") { target = "/" + target }
        requestTarget = target
        for character in text.unicodeScalars
        where character.value < 0x21 || character.value == 0x7F || character == "\\" {
            throw .filtered("the URL contains a space, control character or backslash")
        }
        guard !authority.contains("@") else { throw .filtered("user names and passwords in the URL are not allowed") }
        let (hostText, portText) = try Self.splitHostPort(authority)
        let defaultPort = scheme == "https" ? 443 : 80
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
                let value = Int(portText), (1...65535).contains(value)
            else { throw .filtered("port '\(portText)' is not a number from 1 to 65535") }
            port = value
        } else {
            port = defaultPort
        }
        (host, hostKind) = try Self.classify(hostText)
    }

    /// `[v6]:port`, `host:port`, or a bare host.
    private static func splitHostPort(_ authority: Substring) throws(ImportURLRejection) -> (Substring, Substring?) {
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .filtered("unbalanced '[' in the host") }
            let host = authority[...close]
            let after = authority[authority.index(after: close)...]
            if after.isEmpty { return (host, nil) }
            guard after.hasPrefix(":") else { throw .filtered("unexpected text after the IPv6 address") }
            return (host, after.dropFirst())
        }
        if let colon = authority.lastIndex(of: ":") {
            return (authority[..<colon], authority[authority.index(after: colon)...])
        }
        return (authority, nil)
    }

    /// Decides whether the host is an IP literal or a name, refusing the ambiguous numeric forms.
    private static func classify(_ raw: Substring) throws(ImportURLRejection) -> (String, HostKind) {
        guard !raw.isEmpty else { throw .filtered("the URL has no host") }
        if raw.hasPrefix("[") {
            guard raw.hasSuffix("]"), let address = IPAddress(ipv6: String(raw.dropFirst().dropLast())) else {
                throw .filtered("'\(raw)' is not a valid IPv6 address")
            }
            return (address.description, .ip(address))
        }
        guard raw.allSatisfy({ $0.isASCII }) else {
            throw .filtered("host '\(raw)' is not ASCII; internationalised names are not supported")
        }
        guard raw.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_" }) else {
            throw .filtered("host '\(raw)' contains characters a host name cannot have")
        }
        var host = raw.lowercased()
        if let address = IPAddress(dottedQuad: host) { return (address.description, .ip(address)) }
        if host.hasSuffix(".") { host.removeLast() }
        let lastLabel = host.split(separator: ".").last ?? ""
        let numeric =
            !lastLabel.isEmpty
            && (lastLabel.allSatisfy(\.isNumber)
                || (lastLabel.hasPrefix("0x") && lastLabel.dropFirst(2).allSatisfy(\.isHexDigit)))
        guard !numeric, !host.isEmpty else {
            throw .filtered("host '\(raw)' is a numeric form other than a dotted-quad IPv4 address")
        }
        return (host, .name)
    }
}
