import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOSSL

/// Short, tenant-readable words for transport errors (never a dump of the error value).
enum TransportErrorText {
    /// A few words for `error`: refused, reset, timed out, closed early, or a generic fallback.
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "connecting timed out"
            case .remoteConnectionClosed: return "the connection was closed early"
            case .readTimeout, .deadlineExceeded: return "the source stopped answering"
            case .tlsHandshakeTimeout: return "the TLS handshake timed out"
            case .invalidURL: return "the URL could not be used"
            default: return "the HTTP exchange failed (\(error.shortDescription))"
            }
        }
        if let error = error as? NIOSSLExtraError, error == .failedToValidateHostname {
            return "the server's TLS certificate is not for this host name"
        }
        if let error = error as? NIOSSLError, case .handshakeFailed(let reason) = error {
            return "\(reason)".contains("CERTIFICATE_VERIFY_FAILED")
                ? "the server's TLS certificate is not trusted" : "the TLS handshake failed"
        }
        if "\(type(of: error))" == "NIOConnectionError" {
            return "the connection was refused or the host is unreachable"
        }
        if let error = error as? IOError { return "a network error occurred (errno \(error.errnoCode))" }
        if error is HTTPParserError { return "the response was malformed or cut short" }
        if let error = error as? ChannelError, case .connectTimeout = error { return "connecting timed out" }
        if error is ChannelError { return "the connection was closed early" }
        return "the transfer failed"
    }
}

extension TransportErrorText {
    /// Whether `error` is a TLS failure (a handshake or certificate refused): trying again does not help, so it is
    /// not retried (contract §17 lists the transient causes).
    static func isTLSFailure(_ error: any Error) -> Bool {
        let name = String(reflecting: type(of: error))
        return name.contains("NIOSSL") || name.contains("BoringSSL")
    }
}

extension HTTPClientError {
    /// The error's case name (`HTTPClientError.remoteConnectionClosed` → `remoteConnectionClosed`).
    fileprivate var shortDescription: String {
        let text = String(describing: self)
        return text.split(separator: ".").last.map(String.init) ?? text
    }
}
