import Foundation
import Hummingbird

/// The test server's single catch-all route: records the request, then applies the knobs.
struct ImageServerRoutes: Sendable {
    let root: URL
    let log: ImageServerRequestLog

    /// A router sending every GET to ``respond(to:)``.
    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("**") { request, _ in self.respond(to: request) }
        return router
    }

    /// The response for `request`.
    func respond(to request: Request) -> Response {
        log.append(
            ImageServerRequest(
                method: request.method.rawValue,
                target: request.uri.description,
                host: request.head.authority,
                range: request.headers[.range]
            )
        )
        let query = request.uri.queryParameters
        func int(_ key: String) -> Int? { query[Substring(key)].flatMap { Int($0) } }
        // How many requests for this path (this one included) the server has seen.
        let seen = log.all.filter { $0.path == request.uri.path }.count
        if let code = int("status") {
            return Response(status: .init(code: code))
        }
        if let failing = int("failFirst"), seen <= failing {
            var headers = HTTPFields()
            if let seconds = query["retryAfter"] { headers[.retryAfter] = String(seconds) }
            return Response(status: .init(code: int("failStatus") ?? 503), headers: headers)
        }
        if let location = query["redirect"] {
            let code = int("redirectStatus") ?? 302
            return Response(status: .init(code: code), headers: [.location: String(location)])
        }
        let segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: true)
        if segments.first == "chain", segments.count >= 2, let hops = Int(segments[1]) {
            let rest = segments.dropFirst(2).joined(separator: "/")
            let next = hops > 1 ? "/chain/\(hops - 1)/\(rest)" : "/\(rest)"
            let suffix = request.uri.query.map { "?\($0)" } ?? ""
            return Response(status: .found, headers: [.location: next + suffix])
        }
        guard let source = source(for: segments) else { return Response(status: .notFound) }
        // `truncateFirst=<n>`: only the first n requests are cut at `truncate` bytes.
        let truncates = int("truncateFirst").map { seen <= $0 } ?? true
        var plan = ImageServerBody(
            source: source,
            throttle: int("throttle"),
            sendLimit: (truncates ? int("truncate") : nil) ?? int("stall"),
            stallAfterLimit: int("stall") != nil
        )
        var headers = HTTPFields()
        var status = HTTPResponse.Status.ok
        if query["ranges"] != nil {
            // A strong validator that changes after `etagChangesAfter` requests (the source was replaced).
            let version = int("etagChangesAfter").map { seen > $0 ? 2 : 1 } ?? 1
            let etag = query["weak"] != nil ? "W/\"v\(version)\"" : "\"v\(version)\""
            headers[.acceptRanges] = "bytes"
            headers[.eTag] = etag
            if let range = request.headers[.range], range.hasPrefix("bytes="), range.hasSuffix("-"),
                let start = Int(range.dropFirst("bytes=".count).dropLast()), start < source.count,
                request.headers[.ifRange].map({ $0 == etag && !etag.hasPrefix("W/") }) ?? true
            {
                let served = int("rangeStart") ?? start
                plan.offset = served
                status = .partialContent
                headers[.contentRange] = "bytes \(served)-\(source.count - 1)/\(source.count)"
            }
        }
        if query["chunked"] == nil {
            headers[.contentLength] = String(int("length") ?? source.count - plan.offset)
        }
        let body = plan
        return Response(
            status: status,
            headers: headers,
            body: ResponseBody { writer in try await body.write(to: &writer) }
        )
    }

    /// `/files/<name>` or `/bytes/<n>`.
    private func source(for segments: [Substring]) -> ImageServerBody.Source? {
        guard segments.count == 2 else { return nil }
        switch segments[0] {
        case "bytes":
            return Int(segments[1]).map { .generated(count: $0) }
        case "files":
            let url = root.appendingPathComponent(String(segments[1]))
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
                let size = attributes[.size] as? Int
            else { return nil }
            return .file(url, count: size)
        default:
            return nil
        }
    }
}
