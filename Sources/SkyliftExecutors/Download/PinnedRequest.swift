import AsyncHTTPClient
import NIOHTTP1
import SkyliftDomain

/// The request for a checked URL that connects to one of the checked addresses and never looks the name up again.
///
/// - `http`, or an IP literal: the request URL names the checked address (`http://203.0.113.7:8080/x`) and the
///   `Host` header carries the original host, so no resolver is involved at all.
/// - `https` with a host name: the request URL keeps the name (it is what the certificate is verified against and
///   what goes in SNI), and the request runs on a short-lived client whose `dnsOverride` maps that name to the
///   checked address. AsyncHTTPClient 1.37.0 has no per-request connect address, and its `dnsOverride` is
///   client-wide, so the shared client cannot pin a name; the short-lived client shares the caller's event loops.
struct PinnedRequest {
    /// The request to execute.
    var request: HTTPClientRequest
    /// For `https` names: the name → address override a dedicated client must use. Nil: use the shared client.
    var dnsOverride: [String: String]?
    /// The host as written, for messages.
    var displayHost: String

    /// The pinned request for `checked`, connecting to its first checked address.
    init(_ checked: CheckedImportURL) {
        let url = checked.url
        let address = checked.addresses[0]
        let defaultPort = url.scheme == "https" ? 443 : 80
        let portSuffix = url.port == defaultPort ? "" : ":\(url.port)"
        let hostHeader = Self.bracketed(url.normalizedHost, ipv6: url.hostKind.isIPv6) + portSuffix
        displayHost = url.host
        let requestURL: String
        if url.scheme == "https", case .name = url.hostKind {
            requestURL = "https://\(url.normalizedHost):\(url.port)\(url.requestTarget)"
            dnsOverride = [url.normalizedHost: address.description]
        } else {
            let literal = Self.bracketed(address.description, ipv6: address.isIPv6)
            requestURL = "\(url.scheme)://\(literal):\(url.port)\(url.requestTarget)"
            dnsOverride = nil
        }
        request = HTTPClientRequest(url: requestURL)
        request.headers.replaceOrAdd(name: "Host", value: hostHeader)
        request.headers.replaceOrAdd(name: "Accept-Encoding", value: "identity")
        request.headers.replaceOrAdd(name: "User-Agent", value: "skylift-import")
    }

    private static func bracketed(_ host: String, ipv6: Bool) -> String {
        ipv6 ? "[\(host)]" : host
    }
}

extension ImportURL.HostKind {
    fileprivate var isIPv6: Bool {
        if case .ip(let address) = self { return address.isIPv6 }
        return false
    }
}

extension IPAddress {
    fileprivate var isIPv6: Bool {
        if case .v6 = self { return true }
        return false
    }
}
