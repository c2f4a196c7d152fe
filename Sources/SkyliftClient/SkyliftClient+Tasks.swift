import Foundation
import NIOCore
import NIOHTTP1

extension SkyliftClient {
    /// What `POST /v2/tasks` needs for an import (§7.2).
    public struct ImportRequest: Sendable {
        public var url: String
        public var format: String
        public var diskFormat: String
        public var containerFormat: String
        public var name: String?

        public init(url: String, format: String, diskFormat: String?, containerFormat: String, name: String?) {
            self.url = url
            self.format = format
            self.diskFormat = diskFormat ?? format
            self.containerFormat = containerFormat
            self.name = name
        }

        /// The request body: `{"type": "import", "input": {…}}`.
        var body: Data {
            var properties: [String: String] = ["disk_format": diskFormat, "container_format": containerFormat]
            if let name { properties["name"] = name }
            let object: [String: Any] = [
                "type": "import",
                "input": ["import_from": url, "import_from_format": format, "image_properties": properties],
            ]
            return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        }
    }

    /// `POST /v2/tasks` of an import; the created task.
    public func createImport(_ request: ImportRequest) async throws -> TaskDocument {
        try TaskDocument(try await send(.POST, "/v2/tasks", json: request.body))
    }

    /// `GET /v2/tasks/{id}`.
    public func task(_ id: String) async throws -> TaskDocument {
        try TaskDocument(try await send(.GET, "/v2/tasks/\(Self.escaped(id))"))
    }

    /// `GET /v2/tasks/{id}?wait=N` (§10.3): the task once its version differs from `etag` (or, without one, once it
    /// is final), or nil when `seconds` passed without a change (304).
    public func task(_ id: String, changedFrom etag: String?, waiting seconds: Int) async throws -> TaskDocument? {
        let headers = etag.map { [("If-None-Match", $0)] } ?? []
        let response = try await send(
            .GET,
            "/v2/tasks/\(Self.escaped(id))?wait=\(seconds)",
            headers: headers,
            timeout: .seconds(Int64(seconds) + 30)
        )
        return response.status == 304 ? nil : try TaskDocument(response)
    }

    /// `POST /v2/tasks/{id}/cancel` (§10.2): the task after the cancel.
    public func cancelTask(_ id: String) async throws -> TaskDocument {
        try TaskDocument(try await send(.POST, "/v2/tasks/\(Self.escaped(id))/cancel"))
    }

    /// `GET /v2/tasks` with `status` and `limit` filters; with `all`, every page (following `next`).
    public func tasks(status: String?, limit: Int?, all: Bool) async throws -> Listing<TaskSnapshot> {
        var query: [(String, String)] = []
        if let status { query.append(("status", status)) }
        if let limit { query.append(("limit", String(limit))) }
        return try await list("/v2/tasks", query: query, key: "tasks", all: all)
    }

    /// A path segment with everything but unreserved characters percent-encoded.
    static func escaped(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .urlUnreserved) ?? segment
    }
}

extension CharacterSet {
    /// RFC 3986's unreserved characters.
    static let urlUnreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    )
}
