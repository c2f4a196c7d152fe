/// One page request of `GET /v2/images`: a marker, a limit and filters, already validated.
///
/// The order is fixed, Glance's default: newest first (`created_at` descending), then `id` descending.
public struct ImageListQuery: Sendable, Hashable {
    /// Glance's image list filters that Skylift serves (contract §16); every one given must hold.
    public struct Filters: Sendable, Hashable {
        /// Exactly this name.
        public var name: String?
        /// Exactly this status.
        public var status: String?
        /// Exactly these formats.
        public var diskFormat: String?
        public var containerFormat: String?
        /// Every one of these tags.
        public var tags: [String]
        /// Hidden images (`os_hidden=true`) or the others (the default, as Glance lists).
        public var hidden: Bool
        /// A visibility no image here has (`public`, `shared`, `community`): the list is empty.
        public var matchesNothing: Bool

        public init(
            name: String? = nil,
            status: String? = nil,
            diskFormat: String? = nil,
            containerFormat: String? = nil,
            tags: [String] = [],
            hidden: Bool = false,
            matchesNothing: Bool = false
        ) {
            self.name = name
            self.status = status
            self.diskFormat = diskFormat
            self.containerFormat = containerFormat
            self.tags = tags
            self.hidden = hidden
            self.matchesNothing = matchesNothing
        }
    }

    /// The id of the last image of the previous page (canonical lower-case when it is a UUID).
    public var marker: String?
    /// At most this many images (already clamped to the configured maximum).
    public var limit: Int
    public var filters: Filters

    public init(marker: String? = nil, limit: Int, filters: Filters = Filters()) {
        self.marker = marker
        self.limit = limit
        self.filters = filters
    }
}
