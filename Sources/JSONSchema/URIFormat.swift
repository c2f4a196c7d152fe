/// RFC 3986 `URI` syntax check (an absolute URI, fragment allowed), used by `format: uri`.
enum URIFormat {
    private static let subDelims = Set("!$&'()*+,;=".utf8)
    private static let unreservedMarks = Set("-._~".utf8)

    static func isAbsoluteURI(_ bytes: [UInt8]) -> Bool {
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0, FormatCheck.isAlpha(bytes[0]),
            bytes[1..<colon].allSatisfy({
                FormatCheck.isAlpha($0) || FormatCheck.isDigit($0) || "+-.".utf8.contains($0)
            })
        else { return false }
        var rest = bytes[(colon + 1)...]
        if let hash = rest.firstIndex(of: UInt8(ascii: "#")) {
            guard isValid(rest[(hash + 1)...], extra: "/?:@") else { return false }
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: UInt8(ascii: "?")) {
            guard isValid(rest[(question + 1)...], extra: "/?:@") else { return false }
            rest = rest[..<question]
        }
        if rest.starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")]) {
            let afterSlashes = rest.dropFirst(2)
            let pathStart = afterSlashes.firstIndex(of: UInt8(ascii: "/")) ?? afterSlashes.endIndex
            guard isAuthority(afterSlashes[..<pathStart]) else { return false }
            rest = afterSlashes[pathStart...]
        }
        return isValid(rest, extra: "/:@")
    }

    /// Whether every byte is unreserved, a sub-delimiter, one of `extra`, or part of a valid `%XX` escape.
    private static func isValid(_ bytes: ArraySlice<UInt8>, extra: String) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, FormatCheck.isHexDigit(bytes[index + 1]),
                    FormatCheck.isHexDigit(bytes[index + 2])
                else { return false }
                index += 3
                continue
            }
            guard isUnreserved(byte) || subDelims.contains(byte) || extra.utf8.contains(byte) else { return false }
            index += 1
        }
        return true
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        FormatCheck.isAlpha(byte) || FormatCheck.isDigit(byte) || unreservedMarks.contains(byte)
    }

    /// `[ userinfo "@" ] host [ ":" port ]` where host is a bracketed IP literal, or a reg-name.
    private static func isAuthority(_ authority: ArraySlice<UInt8>) -> Bool {
        var hostPort = authority
        if let at = authority.lastIndex(of: UInt8(ascii: "@")) {
            guard isValid(authority[..<at], extra: ":") else { return false }
            hostPort = authority[(at + 1)...]
        }
        var portPart: ArraySlice<UInt8> = []
        if hostPort.first == UInt8(ascii: "[") {
            guard let close = hostPort.firstIndex(of: UInt8(ascii: "]")) else { return false }
            let literal = hostPort[(hostPort.startIndex + 1)..<close]
            guard FormatCheck.isIPv6(literal) || isIPFuture(literal) else { return false }
            let afterHost = hostPort[(close + 1)...]
            if !afterHost.isEmpty {
                guard afterHost.first == UInt8(ascii: ":") else { return false }
                portPart = afterHost.dropFirst()
            }
        } else {
            var host = hostPort
            if let colon = hostPort.firstIndex(of: UInt8(ascii: ":")) {
                host = hostPort[..<colon]
                portPart = hostPort[(colon + 1)...]
            }
            guard isValid(host, extra: "") else { return false }
        }
        return portPart.allSatisfy(FormatCheck.isDigit)
    }

    /// `"v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )`.
    private static func isIPFuture(_ literal: ArraySlice<UInt8>) -> Bool {
        guard let first = literal.first, first | 0x20 == UInt8(ascii: "v"),
            let dot = literal.firstIndex(of: UInt8(ascii: "."))
        else {
            return false
        }
        let version = literal[(literal.startIndex + 1)..<dot]
        let rest = literal[(dot + 1)...]
        return !version.isEmpty && version.allSatisfy(FormatCheck.isHexDigit) && !rest.isEmpty
            && rest.allSatisfy { isUnreserved($0) || subDelims.contains($0) || $0 == UInt8(ascii: ":") }
    }
}
