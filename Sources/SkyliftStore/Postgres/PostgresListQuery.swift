import PostgresNIO
import SkyliftDomain

/// Keyset (seek) page queries on PostgreSQL: visibility, expiry and filters, then `(k1, k2, …) < (m1, m2, …)`
/// as a row comparison the ordering's index answers, and the order. There is no OFFSET.
enum PostgresListQuery {
    /// The marker task's values in the columns of a list's ordering.
    struct Marker {
        let values: [any PostgresDynamicTypeEncodable & Sendable]

        init(_ row: TaskSummary, keys: [ListQuery.SortKey]) {
            values = keys.map { key -> any PostgresDynamicTypeEncodable & Sendable in
                switch key {
                case .createdAt: row.createdAt.microseconds
                case .updatedAt: row.updatedAt.microseconds
                case .expiresAt: row.expiresAt?.microseconds ?? 0
                case .status: row.status.rawValue
                case .type: row.type.rawValue
                case .owner: row.owner
                case .id: row.id.rawValue
                }
            }
        }

        /// Stand-in values of the right types, for showing a query plan.
        init(placeholderFor query: ListQuery) {
            values = query.orderingKeys.map { key -> any PostgresDynamicTypeEncodable & Sendable in
                switch key {
                case .createdAt, .updatedAt, .expiresAt: Int64(0)
                default: ""
                }
            }
        }
    }

    /// A SQL text and its bindings, built up clause by clause.
    struct Builder {
        var clauses: [String] = []
        var binds = PostgresBindings()

        /// Binds `value` and returns its placeholder.
        mutating func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }

        /// Adds `column = value`; a value holding NUL matches nothing, as on SQLite (no PostgreSQL text can hold
        /// it, so it is never sent: the server would refuse the whole query).
        mutating func equals(_ column: String, _ value: String) {
            clauses.append(value.utf8.contains(0) ? "FALSE" : "\(column) = \(bind(value))")
        }

        /// Adds the clause every read carries: not expired at `now`, and visible to the caller.
        ///
        /// The expiry test is written `expires_at + 0` so that no index can serve it: it stays a filter on the
        /// seek in the list's order. Served by an index, it let the planner (which takes owner and expiry as
        /// independent) read a live project's every task through a bitmap and sort them when expired tasks of
        /// other projects waited for the purge (`PostgresQueryPlanTests.expiredBacklog`).
        mutating func visible(_ visibility: Visibility, now: Timestamp) {
            clauses.append("(expires_at + 0 = 0 OR expires_at + 0 > \(bind(now.microseconds)))")
            if case .owner(let project) = visibility { equals("owner", project) }
        }

        var whereClause: String { clauses.joined(separator: " AND ") }
    }

    /// The row of task `id` (these columns) if it is visible and not expired at `now`.
    static func visibleRow(id: TaskID, columns: String, visibility: Visibility, now: Timestamp) -> PostgresQuery {
        var builder = Builder()
        builder.clauses.append("id = \(builder.bind(id.rawValue))")
        builder.visible(visibility, now: now)
        return PostgresQuery(
            unsafeSQL: "SELECT \(columns) FROM tasks WHERE \(builder.whereClause)",
            binds: builder.binds
        )
    }

    /// One page of `query`, after `marker`.
    static func page(_ query: ListQuery, visibility: Visibility, now: Timestamp, marker: Marker?) -> PostgresQuery {
        var builder = Builder()
        builder.visible(visibility, now: now)
        let filters: [(String, String?)] = [
            ("status", query.filters.status?.rawValue), ("type", query.filters.type?.rawValue),
            ("owner", query.filters.owner), ("id", query.filters.id),
        ]
        for case (let column, let value?) in filters { builder.equals(column, value) }
        let keys = query.orderingKeys.map(\.rawValue)
        let direction = query.sortDirection == .asc ? "ASC" : "DESC"
        if let marker {
            let comparison = query.sortDirection == .asc ? ">" : "<"
            let placeholders = marker.values.map { builder.bind($0) }.joined(separator: ", ")
            builder.clauses.append("(\(keys.joined(separator: ", "))) \(comparison) (\(placeholders))")
        }
        let limit = builder.bind(Int64(query.limit))
        return PostgresQuery(
            unsafeSQL: """
                SELECT \(PostgresRows.summaryColumns) FROM tasks WHERE \(builder.whereClause) \
                ORDER BY \(keys.map { "\($0) \(direction)" }.joined(separator: ", ")) LIMIT \(limit)
                """,
            binds: builder.binds
        )
    }

    /// The visible, unexpired tasks that produced or read image `imageID`, oldest first.
    static func tasks(forImage imageID: String, visibility: Visibility, now: Timestamp) -> PostgresQuery {
        var builder = Builder()
        let image = builder.bind(imageID)
        builder.clauses.append("(image_id = \(image) OR source_image_id = \(image))")
        builder.visible(visibility, now: now)
        return PostgresQuery(
            unsafeSQL: """
                SELECT \(PostgresRows.taskColumns) FROM tasks WHERE \(builder.whereClause) \
                ORDER BY created_at ASC, id ASC
                """,
            binds: builder.binds
        )
    }

    /// One page of images, newest first, after the marker image's `created_at` and `id`.
    static func images(
        _ query: ImageListQuery,
        visibility: Visibility,
        marker: (createdAt: Int64, id: String)?
    ) -> PostgresQuery {
        var builder = Builder()
        if case .owner(let project) = visibility { builder.equals("owner", project) }
        let filters = query.filters
        for (column, value) in [
            ("name", filters.name), ("status", filters.status), ("disk_format", filters.diskFormat),
            ("container_format", filters.containerFormat),
        ] {
            if let value { builder.equals(column, value) }
        }
        for tag in filters.tags {
            builder.clauses.append(
                tag.utf8.contains(0) ? "FALSE" : "tags::jsonb @> jsonb_build_array(\(builder.bind(tag))::text)"
            )
        }
        builder.clauses.append(filters.hidden ? "os_hidden" : "NOT os_hidden")
        if filters.matchesNothing { builder.clauses.append("FALSE") }
        if let marker {
            builder.clauses.append("(created_at, id) < (\(builder.bind(marker.createdAt)), \(builder.bind(marker.id)))")
        }
        let filter = builder.clauses.isEmpty ? "" : "WHERE \(builder.whereClause) "
        let limit = builder.bind(Int64(query.limit))
        return PostgresQuery(
            unsafeSQL: """
                SELECT \(PostgresRows.imageColumns) FROM images \(filter)ORDER BY created_at DESC, id DESC LIMIT \(limit)
                """,
            binds: builder.binds
        )
    }
}
