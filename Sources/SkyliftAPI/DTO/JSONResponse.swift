import HTTPTypes
import Hummingbird
import JSONSchema

/// JSON responses with `Content-Type: application/json` (no charset, as Glance sends).
enum JSONResponse {
    static func make(
        _ value: JSONValue,
        status: HTTPResponse.Status = .ok,
        headers: HTTPFields = [:],
        etag: Int64? = nil
    ) -> Response {
        text(value.serialized(), status: status, headers: headers, etag: etag)
    }

    static func text(
        _ body: String,
        status: HTTPResponse.Status = .ok,
        headers: HTTPFields = [:],
        etag: Int64? = nil,
        contentType: String = "application/json"
    ) -> Response {
        var headers = headers
        headers[.contentType] = contentType
        if let etag { headers[.eTag] = "\"\(etag)\"" }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
