import SkyliftDomain

/// Turns `GET /v2/images` query parameters into an `ImageListQuery`: `limit` and `marker` as for tasks (§4.2, §8).
///
/// Other parameters (Glance's image filters and sort keys) are ignored, as unknown task-list parameters are.
struct ImageListRequest: Sendable {
    let query: ImageListQuery
    /// The page's `first` and `next` links, from the parameters as given.
    let links: ListLinks

    /// - Throws: `APIError` 400 with Glance's message for an invalid `limit`.
    init(parameters: QueryString, defaultLimit: Int, maxLimit: Int) throws(APIError) {
        var query = ImageListQuery(limit: min(defaultLimit, maxLimit))
        if let marker = parameters["marker"] {
            query.marker = TaskID(marker)?.rawValue ?? marker
        }
        if let limit = parameters["limit"] {
            query.limit = min(try ListRequest.parseLimit(limit), maxLimit)
        }
        self.query = query
        self.links = ListLinks(path: "/v2/images", parameters: parameters)
    }
}
