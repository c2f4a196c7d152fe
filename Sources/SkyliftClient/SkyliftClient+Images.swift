import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension SkyliftClient {
    /// An image as the server sent it: the decoded fields and the raw JSON body (for `--json`).
    public struct ImageDocument: Sendable {
        /// The fields the client reads.
        public var image: ImageSnapshot
        /// The body exactly as received.
        public var json: Data
    }

    /// `GET /v2/images` with `limit`; with `all`, every page.
    public func images(limit: Int?, all: Bool) async throws -> Listing<ImageSnapshot> {
        try await list("/v2/images", query: limit.map { [("limit", String($0))] } ?? [], key: "images", all: all)
    }

    /// `GET /v2/images/{id}`.
    public func image(_ id: String) async throws -> ImageDocument {
        let response = try await send(.GET, "/v2/images/\(Self.escaped(id))")
        return ImageDocument(image: try response.decode(ImageSnapshot.self), json: response.data)
    }

    /// `DELETE /v2/images/{id}` (204).
    public func deleteImage(_ id: String) async throws {
        _ = try await send(.DELETE, "/v2/images/\(Self.escaped(id))")
    }

    /// `GET /v2/images/{id}/file`, each chunk handed to `write` as it arrives; the number of bytes.
    ///
    /// - Throws: ``ClientError/api(status:message:)`` for an error status, and for 204 (the image has no data).
    public func downloadImage(_ id: String, into write: (Data) throws -> Void) async throws -> Int64 {
        let response = try await open(.GET, "/v2/images/\(Self.escaped(id))/file", timeout: .hours(24))
        let status = Int(response.status.code)
        if status >= 400 {
            let body = try await response.body.collect(upTo: Self.maxBodyBytes)
            throw ClientResponse(status: status, headers: response.headers, body: body).apiError
        }
        guard status == 200 else {
            throw ClientError.api(status: status, message: "image \(id) has no data (it is not active)")
        }
        var count: Int64 = 0
        do {
            for try await chunk in response.body {
                try write(Data(chunk.readableBytesView))
                count += Int64(chunk.readableBytes)
            }
        } catch let error as ClientError {
            throw error
        } catch {
            throw ClientError.unreachable(url: baseURL, reason: Self.reason(error))
        }
        if let expected = response.headers.first(name: "Content-Length").flatMap(Int64.init), expected != count {
            throw ClientError.invalidResponse("image \(id): \(count) of \(expected) bytes received")
        }
        return count
    }
}
