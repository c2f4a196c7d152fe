/// Glance's `first` and `next` links of a list page, built from the request's own query (`dict(request.params)`).
struct ListLinks: Sendable {
    /// The collection path, e.g. `/v2/tasks`.
    let path: String
    /// The parameters as given.
    let parameters: QueryString

    /// `first`: the request's query without `marker`; the bare path when nothing is left.
    var first: String {
        var copy = parameters
        copy["marker"] = nil
        return copy.pairs.isEmpty ? path : path + "?" + copy.encoded
    }

    /// `next`: the request's query with `marker` moved to the end and set to the page's last id.
    func next(after lastID: String) -> String {
        var copy = parameters
        copy["marker"] = nil
        copy["marker"] = lastID
        return path + "?" + copy.encoded
    }
}
