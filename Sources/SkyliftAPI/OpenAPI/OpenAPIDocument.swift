import HTTPTypes
import JSONSchema

/// The OpenAPI 3.1 document of every route the router serves (contract §12, `/openapi.json`). Paths and methods
/// are the router's own; bodies reference the served JSON schemas, embedded as components from the same
/// documents `/v2/schemas/*` serves, so the two cannot drift.
enum OpenAPIDocument {
    /// The document for `routes`, with the bodies of `schemas`.
    static func make(routes: [KnownRoutes.Entry], schemas: SchemaCatalog) -> JSONValue {
        var paths = JSONObject()
        for entry in routes {
            var item = JSONObject()
            let pathParameters = pathParameters(entry.path)
            for method in entry.methods {
                let key = "\(method.rawValue) \(entry.path)"
                guard let operation = APIOperation.all[key] else { continue }
                let others: [JSONValue] = operation.parameters.map { parameter in
                    [
                        "name": .string(parameter.name), "in": .string(parameter.location),
                        "description": .string(parameter.description), "schema": parameter.schema,
                    ]
                }
                item[method.rawValue.lowercased()] = self.operation(
                    operation,
                    parameters: pathParameters + others,
                    needsIdentity: entry.needsIdentity
                )
            }
            paths[entry.path] = .object(item)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Skylift",
                "version": "2.17",
                "description":
                    "Image import tasks, wire-compatible with OpenStack Glance's v2 tasks and image import APIs.",
            ],
            "paths": .object(paths),
            "components": [
                "schemas": .object(components(schemas)),
                "securitySchemes": [
                    "token": ["type": "apiKey", "in": "header", "name": "X-Auth-Token"],
                    "bearer": ["type": "http", "scheme": "bearer", "bearerFormat": "JWT"],
                    "identityHeaders": [
                        "type": "apiKey", "in": "header", "name": "X-Project-Id",
                        "description": .string(Self.identityHeadersText),
                    ],
                ],
            ],
        ]
    }

    static let identityHeadersText =
        "auth.mode headers: X-Identity-Status, X-Project-Id, X-User-Id and X-Roles, as keystonemiddleware sets them"

    /// Any one of the identities: a token, a bearer JWT, or the identity headers.
    static let identitySecurity: JSONValue = [["token": []], ["bearer": []], ["identityHeaders": []]]

    /// The served schemas by component name (`task-input/import` is `task-input.import`), and the error body.
    static func components(_ schemas: SchemaCatalog) -> JSONObject {
        var components = JSONObject()
        for (name, text) in schemas.documents.sorted(by: { $0.key < $1.key }) {
            guard let document = try? JSONParser.parse(text) else { continue }
            components[name.replacingSlashes()] = document
        }
        components["error"] = [
            "type": "object", "required": ["message", "code", "title"],
            "properties": [
                "message": ["type": "string", "description": "What was wrong"],
                "code": ["type": "string", "description": "The status code and its reason, e.g. `404 Not Found`"],
                "title": ["type": "string", "description": "The status reason"],
            ],
        ]
        return components
    }

    private static func pathParameters(_ path: String) -> [JSONValue] {
        path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { segment in
            [
                "name": .string(String(segment.dropFirst().dropLast())), "in": "path", "required": true,
                "schema": ["type": "string"],
            ]
        }
    }

    private static func operation(
        _ operation: APIOperation,
        parameters: [JSONValue],
        needsIdentity: Bool
    )
        -> JSONValue
    {
        var responses = JSONObject()
        for response in operation.responses {
            var object: JSONObject = ["description": .string(response.description)]
            if let body = response.body { object["content"] = content(body) }
            responses[String(response.status)] = .object(object)
        }
        responses["default"] = [
            "description": "An error: the status code says which; the body says what was wrong",
            "content": content(.ref("error")),
        ]
        var object: JSONObject = [
            "operationId": .string(operation.operationID),
            "summary": .string(operation.summary),
            "tags": [.string(operation.tag)],
            "responses": .object(responses),
            "security": needsIdentity ? Self.identitySecurity : [],
        ]
        if !parameters.isEmpty { object["parameters"] = .array(parameters) }
        if let request = operation.request {
            object["requestBody"] = ["required": true, "content": content(request)]
        }
        return .object(object)
    }

    private static func content(_ body: APIOperation.Body) -> JSONValue {
        let schema: JSONValue = ["schema": body.schema]
        return .object(JSONObject([(body.mediaType, schema)]))
    }
}

extension String {
    fileprivate func replacingSlashes() -> String {
        String(map { $0 == "/" ? "." : $0 })
    }
}
