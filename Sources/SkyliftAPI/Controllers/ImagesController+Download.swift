import Foundation
import HTTPTypes
import Hummingbird
import SkyliftDomain

extension ImagesController {
    /// `GET /v2/images/{id}/file`: the image's bytes, streamed from disk in chunks (never read whole into memory).
    @Sendable func download(_ request: Request, context: AuthenticatedRequestContext) async throws -> Response {
        let image = try await visibleImage(context, allowing: .downloadImage)
        guard image.status == .active, let path = try? files.path(for: image.id),
            FileManager.default.fileExists(atPath: path)
        else { return Response(status: .noContent) }
        let body: ResponseBody
        do {
            body = try await FileIO().loadFile(path: path, context: context)
        } catch {
            // Removed between the check and the open: the image has no data now.
            return Response(status: .noContent)
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/octet-stream"
        if let checksum = image.checksum {
            headers[Self.contentMD5] = checksum
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// `Content-MD5`, which Glance sets to the image's hex md5 (not RFC 1864's base64).
    static let contentMD5 = HTTPField.Name("Content-MD5")!
}
