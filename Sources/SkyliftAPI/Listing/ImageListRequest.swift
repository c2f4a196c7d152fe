import SkyliftDomain

/// Turns `GET /v2/images` query parameters into an `ImageListQuery`: `limit` and `marker` as for tasks (§4.2, §8),
/// and the filters of contract §16: `name`, `status`, `visibility`, `tag` (repeatable: every tag must be on the
/// image), `disk_format`, `container_format` and `os_hidden` (hidden images are left out unless it is true).
///
/// Other parameters (Glance's property filters, operators and sort keys) are ignored, as unknown task-list
/// parameters are.
struct ImageListRequest: Sendable {
    /// Glance's image statuses, which the `status` filter accepts.
    static let statuses: Set<String> = [
        "queued", "saving", "active", "killed", "deleted", "pending_delete", "deactivated", "uploading", "importing",
    ]
    /// Glance's visibilities, and `all`, which the `visibility` filter accepts; images here are all `private`.
    static let visibilities: Set<String> = ["public", "private", "shared", "community", "all"]

    let query: ImageListQuery
    /// The page's `first` and `next` links, from the parameters as given.
    let links: ListLinks

    /// - Throws: `APIError` 400 with Glance's message for an invalid `limit`, `status` or `visibility`, and for an
    ///   `os_hidden` that is not a boolean.
    init(parameters: QueryString, defaultLimit: Int, maxLimit: Int) throws(APIError) {
        var query = ImageListQuery(limit: min(defaultLimit, maxLimit))
        if let marker = parameters["marker"] {
            query.marker = TaskID(marker)?.rawValue ?? marker
        }
        if let limit = parameters["limit"] {
            query.limit = min(try ListRequest.parseLimit(limit), maxLimit)
        }
        var filters = ImageListQuery.Filters(
            name: parameters["name"],
            diskFormat: parameters["disk_format"],
            containerFormat: parameters["container_format"],
            tags: parameters.pairs.filter { $0.key == "tag" }.map(\.value)
        )
        if let status = parameters["status"] {
            guard Self.statuses.contains(status) else { throw .badRequest("Invalid status value: \(status)") }
            filters.status = status
        }
        if let visibility = parameters["visibility"] {
            guard Self.visibilities.contains(visibility) else {
                throw .badRequest("Invalid visibility value: \(visibility)")
            }
            filters.matchesNothing = visibility != "private" && visibility != "all"
        }
        if let hidden = parameters["os_hidden"] {
            switch hidden.lowercased() {
            case "true", "1", "yes", "on": filters.hidden = true
            case "false", "0", "no", "off": filters.hidden = false
            default: throw .badRequest("Invalid value '\(hidden)' for os_hidden: expected true or false")
            }
        }
        query.filters = filters
        self.query = query
        self.links = ListLinks(path: "/v2/images", parameters: parameters)
    }
}
