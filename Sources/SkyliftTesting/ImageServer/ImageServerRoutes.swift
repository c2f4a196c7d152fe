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
                host: request.head.authority
            )
        )
        let query = request.uri.queryParameters
        func int(_ key: String) -> Int? { query[Substring(key)].flatMap { Int($0) } }
        if let code = int("status") {
            return Response(status: .init(code: code))
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
        let plan = ImageServerBody(
            source: source,
            throttle: int("throttle"),
            sendLimit: int("truncate") ?? int("stall"),
            stallAfterLimit: int("stall") != nil
        )
        var headers = HTTPFields()
        if query["chunked"] == nil {
            headers[.contentLength] = String(int("length") ?? source.count)
        }
        return Response(
            status: .ok,
            headers: headers,
            body: ResponseBody { writer in try await plan.write(to: &writer) }
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
