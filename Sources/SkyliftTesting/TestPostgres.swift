import Foundation
import Logging
import PostgresNIO
import SkyliftStore

/// The PostgreSQL server `scripts/with-postgres.sh` starts for the test suite, and fresh databases on it.
///
/// Without the server the PostgreSQL tests fail, loudly: they never skip.
public enum TestPostgres {
    /// The server is not running: the tests were not started through `scripts/with-postgres.sh`.
    public struct Missing: Error, CustomStringConvertible {
        public var description: String {
            "SKYLIFT_TEST_POSTGRES_URL is not set: run the tests through scripts/with-postgres.sh "
                + "(scripts/test.sh does), which starts a throwaway PostgreSQL server"
        }
    }

    /// The URL of the test server's `postgres` database.
    public static func serverURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["SKYLIFT_TEST_POSTGRES_URL"], !url.isEmpty else {
            throw Missing()
        }
        return url
    }

    /// The URL of a new, empty database on the test server.
    public static func freshDatabaseURL() async throws -> String {
        let server = try PostgresURL(try serverURL())
        let name = "skylift_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        let configuration = PostgresConnection.Configuration(
            host: server.host,
            port: server.port,
            username: server.user,
            password: server.password,
            database: server.database,
            tls: .disable
        )
        let logger = Logger(label: "skylift.test-postgres")
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            _ = try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
        var url = server
        url.database = name
        return "postgres://\(url.user)@\(url.host):\(url.port)/\(name)"
    }

    /// A migrated store on a new, empty database.
    public static func freshStore(maxConnections: Int = 4) async throws -> PostgresTaskStore {
        try await PostgresTaskStore.connect(
            url: try await freshDatabaseURL(),
            migrate: true,
            maxConnections: maxConnections
        )
    }
}
