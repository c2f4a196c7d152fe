/// One page request of `GET /v2/images`: a marker and a limit, already validated.
///
/// The order is fixed, Glance's default: newest first (`created_at` descending), then `id` descending.
public struct ImageListQuery: Sendable, Hashable {
    /// The id of the last image of the previous page (canonical lower-case when it is a UUID).
    public var marker: String?
    /// At most this many images (already clamped to the configured maximum).
    public var limit: Int

    public init(marker: String? = nil, limit: Int) {
        self.marker = marker
        self.limit = limit
    }
}
