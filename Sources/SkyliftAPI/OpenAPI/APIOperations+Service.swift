import JSONSchema

extension APIOperation {
    private static let versions: Body = .json([
        "type": "object", "required": ["versions"],
        "properties": [
            "versions": [
                "type": "array",
                "items": [
                    "type": "object",
                    "properties": ["id": ["type": "string"], "status": ["type": "string"], "links": ["type": "array"]],
                ],
            ]
        ],
    ])

    private static func schema(_ name: String, _ component: String) -> (String, APIOperation) {
        (
            "GET /v2/schemas/\(name)",
            APIOperation(
                operationID: component,
                summary:
                    "The JSON Schema of \(name == "tasks" || name == "images" ? "a list of " + name : "one " + name)",
                tag: "schemas",
                responses: [(200, "The schema document (draft 4)", .json(["type": "object"]))]
            )
        )
    }

    /// Versions, schemas, health, metrics and this document: no identity needed.
    static let service: [(String, APIOperation)] = [
        (
            "GET /",
            APIOperation(
                operationID: "versionsAtRoot",
                summary: "The API versions (Glance answers 300 here)",
                tag: "versions",
                responses: [(300, "The versions, v2 current", versions)]
            )
        ),
        (
            "GET /versions",
            APIOperation(
                operationID: "versions",
                summary: "The API versions",
                tag: "versions",
                responses: [(200, "The versions, v2 current", versions)]
            )
        ),
        (
            "GET /v2",
            APIOperation(
                operationID: "versionsAtV2",
                summary: "The API versions (Glance: 404)",
                tag: "versions",
                responses: [(200, "The versions, v2 current", versions)]
            )
        ),
        schema("task", "schemaTask"), schema("tasks", "schemaTasks"), schema("image", "schemaImage"),
        schema("images", "schemaImages"),
        (
            "GET /v2/schemas/task-input/{type}",
            APIOperation(
                operationID: "schemaTaskInput",
                summary: "The JSON Schema of a task type's input",
                tag: "schemas",
                responses: [(200, "The schema document (draft 4)", .json(["type": "object"]))]
            )
        ),
        (
            "GET /healthcheck",
            APIOperation(
                operationID: "healthcheck",
                summary: "Whether the database answers",
                tag: "operations",
                responses: [(200, "OK", .text), (503, "The database does not answer", .text)]
            )
        ),
        (
            "GET /metrics",
            APIOperation(
                operationID: "metrics",
                summary: "Prometheus metrics (text format 0.0.4)",
                tag: "operations",
                responses: [(200, "Every metric", .text)]
            )
        ),
        (
            "GET /openapi.json",
            APIOperation(
                operationID: "openapi",
                summary: "This document",
                tag: "operations",
                responses: [(200, "The OpenAPI 3.1 document", .json(["type": "object"]))]
            )
        ),
    ]
}
