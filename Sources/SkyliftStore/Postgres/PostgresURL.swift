import Foundation
import PostgresNIO

/// A `database.url` of the form `postgres://user:password@host:port/database` (or `postgresql://`).
public struct PostgresURL: Sendable, Hashable {
    /// The URL cannot be used; the message names what is wrong, never the password.
    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String

    /// Parses `text`.
    public init(_ text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "postgres" || scheme == "postgresql"
        else { throw Invalid(description: "is not a postgres:// URL") }
        guard let host = components.host, !host.isEmpty else {
            throw Invalid(description: "names no host (postgres://user:password@host:port/database)")
        }
        guard let user = components.percentEncodedUser?.removingPercentEncoding, !user.isEmpty else {
            throw Invalid(description: "names no user for host \(host)")
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw Invalid(description: "has port \(port) out of range") }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.isEmpty, !path.contains("/") else {
            throw Invalid(description: "names no database for host \(host) (postgres://user@host:port/database)")
        }
        self.user = user
        self.password = components.percentEncodedPassword?.removingPercentEncoding
        self.host = host
        self.port = port
        self.database = path.removingPercentEncoding ?? path
    }

    /// One connection to this server (no TLS: the server is reached on a private network or loopback), failing
    /// after `connectTimeout` seconds.
    public func connectionConfiguration(connectTimeout: Int64 = 5) -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(
            host: host,
            port: port,
            username: user,
            password: password,
            database: database,
            tls: .disable
        )
        configuration.options.connectTimeout = .seconds(connectTimeout)
        return configuration
    }

    /// The URL with the password masked, for messages and logs.
    public var redacted: String {
        "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }
}

/// The PostgreSQL server could not be used at startup, in one line naming the host (never the password).
public struct PostgresStoreError: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) { self.description = description }

    /// What `error` means for a store at `location`.
    init(location: PostgresURL, _ error: any Error) {
        let place = "\(location.host):\(location.port)"
        guard let error = error as? any PSQLErrorSummary else {
            self.init("cannot use the PostgreSQL server at \(place): \(String(describing: error).prefix(200))")
            return
        }
        switch error.sqlState {
        case "28P01", "28000":
            self.init("PostgreSQL at \(place) refused user \(location.user): authentication failed")
        case "3D000":
            self.init("PostgreSQL at \(place) has no database \(location.database)")
        case let state?:
            self.init("PostgreSQL at \(place) answered \(state): \(error.serverMessage ?? "")")
        case nil:
            self.init("cannot connect to PostgreSQL at \(place): \(error.clientReason)")
        }
    }
}
