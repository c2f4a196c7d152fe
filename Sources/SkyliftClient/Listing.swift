import Foundation
import NIOHTTP1

/// The items of one list page, or of every page with `--all`, and the JSON to print for `--json`.
public struct Listing<Item: Decodable & Sendable>: Sendable {
    /// The items, in the server's order.
    public var items: [Item]
    /// One page: the body as received. Several: `{"<key>": [every item]}`.
    public var json: Data
}

extension SkyliftClient {
    /// `GET path?query`; with `all`, follows `next` until a page is empty or has no `next`.
    func list<Item>(_ path: String, query: [(String, String)], key: String, all: Bool) async throws -> Listing<Item> {
        var next: String? =
            query.isEmpty ? path : path + "?" + query.map { "\($0)=\(Self.escaped($1))" }.joined(separator: "&")
        var pages: [Data] = []
        var raw: [Any] = []
        var items: [Item] = []
        while let current = next {
            let response = try await send(.GET, current)
            guard let object = try? JSONSerialization.jsonObject(with: response.data) as? [String: Any],
                let array = object[key] as? [Any]
            else { throw ClientError.invalidResponse("a JSON object with '\(key)' expected from \(current)") }
            pages.append(response.data)
            raw += array
            do {
                items += try JSONDecoder().decode([Item].self, from: JSONSerialization.data(withJSONObject: array))
            } catch {
                throw ClientError.invalidResponse("\(key) from \(current): \(error)")
            }
            next = all && !array.isEmpty ? object["next"] as? String : nil
        }
        let json = pages.count == 1 ? pages[0] : try JSONSerialization.data(withJSONObject: [key: raw])
        return Listing(items: items, json: json)
    }
}
