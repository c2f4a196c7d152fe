import HTTPTypes
import Hummingbird
import JSONSchema
import Synchronization

/// `GET /openapi.json` (contract §12): the OpenAPI 3.1 document of every route this process serves, no identity
/// needed. Made on the first request (the router is complete by then) and kept.
final class OpenAPIController: Sendable {
    let routes: KnownRoutes
    let schemas: SchemaCatalog
    private let made = Mutex<String?>(nil)

    init(routes: KnownRoutes, schemas: SchemaCatalog) {
        self.routes = routes
        self.schemas = schemas
    }

    func addRoutes(to router: Router<SkyliftRequestContext>) {
        router.get("openapi.json") { _, _ -> Response in
            let text = self.made.withLock { made in
                if let made { return made }
                let text = OpenAPIDocument.make(routes: self.routes.all, schemas: self.schemas).serialized()
                made = text
                return text
            }
            return JSONResponse.text(text, contentType: "application/json")
        }
    }
}
