import AsyncHTTPClient
import Foundation
import NIOSSL

/// How downloads leave the machine (contract §17 "Trust and egress"): extra CA certificates trusted beside the
/// system's (`import.caFile`), a forward proxy (`import.proxy`) and the hosts that bypass it (`import.noProxy`).
///
/// Certificates are always verified; nothing here can turn that off.
public struct DownloadEgress: Sendable {
    /// Certificates trusted in addition to the system's roots.
    public var trustRoots: [NIOSSLCertificate]
    /// The forward proxy every download goes through, unless its host is in ``noProxy``.
    public var proxy: DownloadProxy?
    /// Host suffixes (`example.com` matches it and `a.example.com`; an IP literal matches itself) reached directly.
    public var noProxy: [String]

    /// Direct connections, the system's roots only.
    public init() {
        self.trustRoots = []
        self.proxy = nil
        self.noProxy = []
    }

    /// The egress with the certificates of the PEM bundle at `caFile`, `proxy` and `noProxy`.
    /// - Throws: ``DownloadEgressError`` when the bundle cannot be read or holds no certificate.
    public init(caFile: String?, proxy: DownloadProxy?, noProxy: [String]) throws(DownloadEgressError) {
        self.trustRoots =
            try caFile.map { path throws(DownloadEgressError) in try Self.certificates(inPEMFile: path) }
            ?? []
        self.proxy = proxy
        self.noProxy = noProxy.map { $0.lowercased().trimmingPrefix(".") }.map(String.init)
    }

    /// The certificates of the PEM bundle at `path`.
    /// - Throws: ``DownloadEgressError`` when it cannot be read or holds no certificate.
    public static func certificates(inPEMFile path: String) throws(DownloadEgressError) -> [NIOSSLCertificate] {
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw DownloadEgressError("cannot read PEM certificates from \(path): \(error)")
        }
        guard !certificates.isEmpty else { throw DownloadEgressError("\(path) holds no PEM certificate") }
        return certificates
    }

    /// Whether a request to `host` (as written in its URL, lower-cased) goes through ``proxy``.
    func proxies(host: String) -> Bool {
        guard proxy != nil else { return false }
        let host = host.lowercased().trimmingPrefix("[").prefix { $0 != "]" }
        return !noProxy.contains { suffix in host == suffix || host.hasSuffix("." + suffix) }
    }

    /// Applies the trust roots and, when `proxied`, the proxy to a client configuration.
    func apply(to configuration: inout HTTPClient.Configuration, proxied: Bool) {
        if !trustRoots.isEmpty {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.certificates(trustRoots)]
            configuration.tlsConfiguration = tls
        }
        configuration.proxy = proxied ? proxy?.configuration : nil
    }
}

/// A forward proxy, `http://[user:password@]host[:port]` (port 80 when omitted); `CONNECT` tunnels every request.
public struct DownloadProxy: Sendable, Hashable {
    /// The proxy's host name or IP address.
    public var host: String
    /// The proxy's port.
    public var port: Int
    /// Basic credentials sent to the proxy in `Proxy-Authorization`, when the URL carries them.
    public var username: String?
    /// The password that goes with ``username``.
    public var password: String?

    /// Parses `url`.
    /// - Throws: ``DownloadEgressError`` saying what is wrong with it.
    public init(parsing url: String) throws(DownloadEgressError) {
        guard let schemeEnd = url.range(of: "://"), url[..<schemeEnd.lowerBound].lowercased() == "http" else {
            throw DownloadEgressError("must be an http://host:port URL (got '\(Self.masked(url))')")
        }
        var rest = url[schemeEnd.upperBound...]
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.contains("/"), !rest.contains("?"), !rest.contains("#") else {
            throw DownloadEgressError("must be an http://host:port URL without a path (got '\(Self.masked(url))')")
        }
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            let parts = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            username = parts[0].removingPercentEncoding
            password = parts.count > 1 ? parts[1].removingPercentEncoding : ""
            guard let username, !username.isEmpty, password != nil else {
                throw DownloadEgressError("has credentials that are not user:password (got '\(Self.masked(url))')")
            }
        }
        let hostPart: Substring
        let portPart: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else {
                throw DownloadEgressError("has an unclosed IPv6 literal (got '\(Self.masked(url))')")
            }
            hostPart = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else {
                throw DownloadEgressError("has text after its IPv6 literal (got '\(Self.masked(url))')")
            }
            portPart = after.isEmpty ? nil : after.dropFirst()
        } else if let colon = rest.lastIndex(of: ":") {
            hostPart = rest[..<colon]
            portPart = rest[rest.index(after: colon)...]
        } else {
            hostPart = rest
            portPart = nil
        }
        guard !hostPart.isEmpty else { throw DownloadEgressError("names no host (got '\(Self.masked(url))')") }
        host = String(hostPart)
        if let portPart {
            guard let port = Int(portPart), (1...65535).contains(port) else {
                throw DownloadEgressError("has a port that is not 1–65535 (got '\(Self.masked(url))')")
            }
            self.port = port
        } else {
            port = 80
        }
    }

    /// The URL with any password replaced by `***`, for messages and `check-config`.
    public static func masked(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://"), let at = url[schemeEnd.upperBound...].lastIndex(of: "@") else {
            return url
        }
        let credentials = url[schemeEnd.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }

    /// The proxy's URL with the password (if any) shown as `***`.
    public var maskedURL: String {
        let host = host.contains(":") ? "[\(host)]" : host
        return "http://" + (username.map { "\($0):***@" } ?? "") + "\(host):\(port)"
    }

    var configuration: HTTPClient.Configuration.Proxy {
        guard let username else { return .server(host: host, port: port) }
        return .server(host: host, port: port, authorization: .basic(username: username, password: password ?? ""))
    }
}

/// Why an `import.caFile` or `import.proxy` value cannot be used.
public struct DownloadEgressError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, without the key's name.
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
