import PostgresNIO

/// What a postgres-nio error says, without its query or bindings (which may hold secrets).
protocol PSQLErrorSummary {
    /// The server's SQLSTATE, for errors the server sent.
    var sqlState: String? { get }
    /// The server's message, for errors the server sent.
    var serverMessage: String? { get }
    /// The client-side reason, for errors the client raised (refused connection, timeout).
    var clientReason: String { get }
}

extension PSQLError: PSQLErrorSummary {
    var sqlState: String? { serverInfo?[.sqlState] }
    var serverMessage: String? { serverInfo?[.message] }
    var clientReason: String {
        if let underlying { return "\(code) (\(String(describing: underlying).prefix(120)))" }
        return "\(code)"
    }
}

extension PSQLError {
    /// Whether the server refused a write for a unique index (SQLSTATE 23505).
    var isUniqueViolation: Bool { serverInfo?[.sqlState] == "23505" }
}
