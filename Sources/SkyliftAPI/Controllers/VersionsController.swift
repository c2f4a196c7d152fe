import HTTPTypes
import Hummingbird
import JSONSchema

/// Glance's version document, so clients that discover versions find `/v2` (contract §12).
///
/// | method | path | success |
/// |---|---|---|
/// | GET | / | 300 |
/// | GET | /versions, /v2/ | 200 |
public struct VersionsController: Sendable {
    /// The newest Images API minor version Skylift answers as (Glance 33).
    static let current = 17

    public init() {}

    public func addRoutes(to router: Router<SkyliftRequestContext>) {
        router.get("/") { request, _ in Self.response(request, status: .multipleChoices) }
        router.get("versions") { request, _ in Self.response(request, status: .ok) }
        router.get("v2") { request, _ in Self.response(request, status: .ok) }
    }

    static func response(_ request: Request, status: HTTPResponse.Status) -> Response {
        let href = TasksController.absoluteURL(request: request, path: "/v2/")
        let versions: [JSONValue] = (0...current).reversed().map { minor in
            [
                "id": .string("v2.\(minor)"),
                "status": minor == current ? "CURRENT" : "SUPPORTED",
                "links": [["rel": "self", "href": .string(href)]],
            ]
        }
        return JSONResponse.make(["versions": .array(versions)], status: status)
    }
}
