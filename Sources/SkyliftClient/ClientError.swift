/// Why a client command could not do what it was asked; each case renders as one line for the terminal.
public enum ClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `--url` is not an absolute http or https URL.
    case badURL(String)
    /// The server could not be reached (connection refused, DNS, timeout…).
    case unreachable(url: String, reason: String)
    /// The server answered an error status; `message` is the body's `message` (or its text).
    case api(status: Int, message: String)
    /// The server answered something this client cannot read.
    case invalidResponse(String)
    /// A local file could not be written.
    case output(String)

    public var description: String {
        switch self {
        case .badURL(let url):
            return "invalid server URL '\(url)': expected http://host[:port] or https://host[:port]"
        case .unreachable(let url, let reason):
            return "cannot reach \(url): \(reason)"
        case .api(let status, let message):
            return "server answered \(status): \(message)"
        case .invalidResponse(let detail):
            return "unexpected response from the server: \(detail)"
        case .output(let detail):
            return detail
        }
    }
}
