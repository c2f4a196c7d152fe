import GRDB
import SkyliftDomain

/// The values of the marker row in the columns of a list's ordering.
struct MarkerValues {
    let values: [DatabaseValue]

    init(row: Row, keys: [ListQuery.SortKey]) {
        values = keys.map { row[$0.rawValue] as DatabaseValue }
    }

    private init(values: [DatabaseValue]) { self.values = values }

    /// Stand-in values of the right types, for showing a query plan.
    static func placeholder(for query: ListQuery) -> MarkerValues {
        MarkerValues(
            values: query.orderingKeys.map { key in
                switch key {
                case .createdAt, .updatedAt, .expiresAt: 0.databaseValue
                default: "".databaseValue
                }
            }
        )
    }
}

/// A keyset (seek) page query: visibility, expiry and filters, then `(k1, k2, …) < (m1, m2, …)` and the order.
///
/// There is no OFFSET: a page costs the same wherever it is in the list.
struct SQLiteListQuery {
    let text: String
    let arguments: StatementArguments

    /// Adds `column = value`; a value holding NUL matches nothing, as on PostgreSQL (SQLite would compare the text
    /// only up to the NUL, so `p1%00` would match `p1`).
    static func equals(_ column: String, _ value: String, clauses: inout [String], arguments: inout StatementArguments)
    {
        if value.utf8.contains(0) {
            clauses.append("0")
        } else {
            clauses.append("\(column) = ?")
            arguments += [value]
        }
    }

    init(query: ListQuery, visibility: Visibility, now: Timestamp, marker: MarkerValues?) {
        var clauses = [Self.visibleSQL(visibility)]
        var arguments: StatementArguments = [now.microseconds] + Self.visibilityArguments(visibility)
        let filters: [(String, String?)] = [
            ("status", query.filters.status?.rawValue), ("type", query.filters.type?.rawValue),
            ("owner", query.filters.owner), ("id", query.filters.id),
        ]
        for case (let column, let value?) in filters {
            Self.equals(column, value, clauses: &clauses, arguments: &arguments)
        }
        let keys = query.orderingKeys.map(\.rawValue)
        let direction = query.sortDirection == .asc ? "ASC" : "DESC"
        if let marker {
            let comparison = query.sortDirection == .asc ? ">" : "<"
            let placeholders = Array(repeating: "?", count: keys.count).joined(separator: ", ")
            clauses.append("(\(keys.joined(separator: ", "))) \(comparison) (\(placeholders))")
            arguments += StatementArguments(marker.values)
        }
        arguments += [query.limit]
        self.text = """
            SELECT \(Self.summaryColumns) FROM tasks WHERE \(clauses.joined(separator: " AND ")) \
            ORDER BY \(keys.map { "\($0) \(direction)" }.joined(separator: ", ")) LIMIT ?
            """
        self.arguments = arguments
    }

    /// The columns a list page reads (`TaskSummary`).
    static let summaryColumns = "id, type, status, owner, created_at, updated_at, expires_at"

    /// The row of task `id` (these columns) if it is visible and not expired at `now`.
    static func visibleRow(
        _ db: Database,
        id: TaskID,
        columns: String,
        visibility: Visibility,
        now: Timestamp
    ) throws -> Row? {
        try Row.fetchOne(
            db,
            sql: "SELECT \(columns) FROM tasks WHERE id = ? AND \(visibleSQL(visibility))",
            arguments: [id.rawValue, now.microseconds] + visibilityArguments(visibility)
        )
    }

    /// The clause every read carries: not expired at the first argument, and visible to the caller.
    ///
    /// The unary `+` keeps SQLite from using the expiry test as an index constraint: the order's index must drive
    /// the seek (an OR on `expires_at` would otherwise turn `sort_key=expires_at` into a multi-index OR and a sort).
    static func visibleSQL(_ visibility: Visibility) -> String {
        switch visibility {
        case .all: "(+expires_at = 0 OR +expires_at > ?)"
        case .owner: "(+expires_at = 0 OR +expires_at > ?) AND owner = ?"
        }
    }

    /// The arguments `visibleSQL` needs after `now`.
    static func visibilityArguments(_ visibility: Visibility) -> StatementArguments {
        switch visibility {
        case .all: []
        case .owner(let project): [project]
        }
    }
}
