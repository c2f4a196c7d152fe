import Foundation
import SkyliftDomain

/// Turns `GET /v2/tasks` query parameters into a `ListQuery`, with Glance's checks, order and messages (§4.2).
struct ListRequest: Sendable {
    let query: ListQuery
    /// The parameters as given, for the `first` and `next` links.
    let parameters: QueryString

    /// - Throws: `APIError` 400 with Glance's message for the first invalid parameter.
    init(parameters: QueryString, defaultLimit: Int, maxLimit: Int) throws(APIError) {
        self.parameters = parameters
        var query = ListQuery(limit: min(defaultLimit, maxLimit))
        if let direction = parameters["sort_dir"] {
            guard let parsed = ListQuery.SortDirection(rawValue: direction) else {
                throw .badRequest("Invalid sort direction: \(direction)")
            }
            query.sortDirection = parsed
        }
        if let status = parameters["status"] {
            guard let parsed = TaskStatus(rawValue: status) else {
                throw .badRequest("Invalid status value: \(status)")
            }
            query.filters.status = parsed
        }
        if let type = parameters["type"] {
            guard TaskType.schemaEnum.contains(TaskType(rawValue: type)) else {
                throw .badRequest("Invalid type value: \(type)")
            }
            query.filters.type = TaskType(rawValue: type)
        }
        query.filters.owner = parameters["owner"]
        query.filters.id = parameters["id"]
        if let marker = parameters["marker"] {
            guard let id = TaskID(marker) else { throw .badRequest("Invalid marker format") }
            query.marker = id
        }
        if let limit = parameters["limit"] {
            query.limit = min(try Self.parseLimit(limit), maxLimit)
        }
        if let key = parameters["sort_key"] {
            guard let parsed = ListQuery.SortKey(rawValue: key) else {
                throw .badRequest("Sort key supplied was not valid.")
            }
            query.sortKey = parsed
        }
        self.query = query
    }

    /// Python's `int()` on the text: optional sign and surrounding spaces; huge values saturate.
    static func parseLimit(_ text: String) throws(APIError) -> Int {
        var digits = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .badRequest("limit param must be an integer")
        }
        let magnitude = digits.drop { $0 == "0" }
        let value = magnitude.count > 18 ? Int.max : Int(magnitude.isEmpty ? "0" : magnitude) ?? Int.max
        if negative && value > 0 { throw .badRequest("limit param must be positive") }
        return value
    }

    /// `first`: the request's query without `marker`; `/v2/tasks` when nothing is left.
    var firstLink: String { ListLinks(path: "/v2/tasks", parameters: parameters).first }

    /// `next`: the request's query with `marker` moved to the end and set to the page's last id.
    func nextLink(after last: TaskID) -> String {
        ListLinks(path: "/v2/tasks", parameters: parameters).next(after: last.rawValue)
    }
}
