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

    /// A statement the test server refused, with PostgreSQL's own words.
    public struct Failed: Error, CustomStringConvertible {
        public var description: String
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
        let name = "skylift_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        try await execute(["CREATE DATABASE \(name)"], url: try serverURL())
        let server = try PostgresURL(try serverURL())
        return "postgres://\(server.user)@\(server.host):\(server.port)/\(name)"
    }

    /// Runs `statements` in order on one connection to the database `url` names.
    public static func execute(_ statements: [String], url: String) async throws {
        let configuration = try PostgresURL(url).connectionConfiguration()
        let logger = Logger(label: "skylift.test-postgres")
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            for statement in statements {
                _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            try await connection.close()
        } catch {
            try? await connection.close()
            throw Failed(description: "\(statements.joined(separator: "; ")): \(String(reflecting: error))")
        }
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
