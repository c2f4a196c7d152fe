import Foundation
import NIOHTTP1

/// A task as the server sent it: the decoded fields, the raw JSON body (for `--json`) and the `ETag` version.
public struct TaskDocument: Sendable {
    /// The fields the client reads.
    public var task: TaskSnapshot
    /// The body exactly as received.
    public var json: Data
    /// The `ETag` header as sent (`"<version>"`), for `If-None-Match`.
    public var etag: String?

    init(_ response: ClientResponse) throws {
        task = try response.decode(TaskSnapshot.self)
        json = response.data
        etag = response.headers.first(name: "ETag")
    }
}
