import HTTPTypes
import Hummingbird

/// The JSON Schema documents, served without identity or policy (contract §5).
///
/// | method | path | success | errors |
/// |---|---|---|---|
/// | GET | /v2/schemas/task, /v2/schemas/tasks, /v2/schemas/image, /v2/schemas/images | 200 | — |
/// | GET | /v2/schemas/task-input/{type} | 200 | 404 for a type without an input schema |
/// | any other | /v2/schemas/… | — | 405, Allow: GET |
public struct SchemasController: Sendable {
    let schemas: SchemaCatalog

    public init(schemas: SchemaCatalog) {
        self.schemas = schemas
    }

    public func addRoutes(to router: Router<SkyliftRequestContext>) {
        for name in Self.names {
            router.get("v2/schemas/\(name)") { _, _ in try self.document(name) }
        }
        router.get("v2/schemas/task-input/{type}") { _, context in
            try self.document("task-input/" + context.parameters.require("type"))
        }
    }

    /// The documents served at `/v2/schemas/<name>`.
    static let names = ["task", "tasks", "image", "images"]

    private func document(_ name: String) throws -> Response {
        guard let text = schemas.document(named: name) else {
            throw APIError(.notFound, "No schema named \(name)")
        }
        return JSONResponse.text(text)
    }
}
