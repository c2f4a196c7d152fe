/// One page request of `GET /v2/tasks`: filters, order, marker and limit, already validated.
public struct ListQuery: Sendable, Hashable {
    /// The columns a list may be sorted by.
    public enum SortKey: String, Sendable, CaseIterable {
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case expiresAt = "expires_at"
        case status, type, owner, id
    }

    /// Sort direction.
    public enum SortDirection: String, Sendable {
        case asc, desc
    }

    /// Equality filters, combined with AND.
    public struct Filters: Sendable, Hashable {
        public var status: TaskStatus?
        public var type: TaskType?
        public var owner: String?
        public var id: String?

        public init(status: TaskStatus? = nil, type: TaskType? = nil, owner: String? = nil, id: String? = nil) {
            self.status = status
            self.type = type
            self.owner = owner
            self.id = id
        }
    }

    public var filters: Filters
    public var sortKey: SortKey
    public var sortDirection: SortDirection
    /// The id of the last task of the previous page.
    public var marker: TaskID?
    /// At most this many tasks (already clamped to the configured maximum).
    public var limit: Int

    public init(
        filters: Filters = Filters(),
        sortKey: SortKey = .createdAt,
        sortDirection: SortDirection = .desc,
        marker: TaskID? = nil,
        limit: Int
    ) {
        self.filters = filters
        self.sortKey = sortKey
        self.sortDirection = sortDirection
        self.marker = marker
        self.limit = limit
    }

    /// The full ordering: the sort key, then `created_at`, then `id`, all in one direction (`id` sorts alone).
    public var orderingKeys: [SortKey] {
        switch sortKey {
        case .id: [.id]
        case .createdAt: [.createdAt, .id]
        default: [sortKey, .createdAt, .id]
        }
    }
}
