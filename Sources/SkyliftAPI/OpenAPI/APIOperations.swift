import JSONSchema

/// What `/openapi.json` says of each route (contract §12): one entry per method and path template the router
/// serves. The paths and methods themselves come from the router (`KnownRoutes`), and a test checks that this
/// table names exactly those, so a route cannot be served undocumented or documented unserved.
struct APIOperation: Sendable {
    /// A response body: its media type and schema.
    struct Body: Sendable {
        var mediaType: String
        var schema: JSONValue

        static func json(_ schema: JSONValue) -> Body { Body(mediaType: "application/json", schema: schema) }
        static func ref(_ component: String) -> Body { .json(["$ref": .string("#/components/schemas/\(component)")]) }
        static let text = Body(mediaType: "text/plain", schema: ["type": "string"])
    }

    /// A query or header parameter.
    struct Parameter: Sendable {
        var name: String
        var location: String
        var description: String
        var schema: JSONValue

        static func query(_ name: String, _ description: String, _ schema: JSONValue = ["type": "string"]) -> Self {
            Parameter(name: name, location: "query", description: description, schema: schema)
        }

        static func header(_ name: String, _ description: String) -> Self {
            Parameter(name: name, location: "header", description: description, schema: ["type": "string"])
        }
    }

    var operationID: String
    var summary: String
    var tag: String
    var parameters: [Parameter] = []
    var request: Body?
    /// Status code → description and body (nil: no body).
    var responses: [(status: Int, description: String, body: Body?)]
}

extension APIOperation {
    /// Every documented operation, keyed `METHOD /path/{template}` as the router names it.
    static let all: [String: APIOperation] = {
        var table: [String: APIOperation] = [:]
        for (key, operation) in tasks + images + service { table[key] = operation }
        return table
    }()

    private static let limit = Parameter.query("limit", "Page size (api.listMaxLimit at most)", ["type": "integer"])
    private static let marker = Parameter.query("marker", "The id of the last item of the previous page")
    private static let idempotencyKey = Parameter.header(
        "Idempotency-Key",
        "A key that makes a repeated create answer the task it made (§10.4)"
    )
    /// A task create: its type and an input of that type's schema (`/v2/schemas/task-input/{type}`).
    private static let taskCreate: Body = .json([
        "type": "object", "required": ["type", "input"],
        "properties": [
            "type": ["type": "string", "description": "import, convert"],
            "input": [
                "anyOf": [
                    ["$ref": "#/components/schemas/task-input.import"],
                    ["$ref": "#/components/schemas/task-input.convert"],
                ]
            ],
        ],
    ])
    private static let taskList: Body = .ref("tasks")
    private static let task: Body = .ref("task")
    private static let image: Body = .ref("image")

    static let tasks: [(String, APIOperation)] = [
        (
            "GET /v2/tasks",
            APIOperation(
                operationID: "listTasks",
                summary: "List tasks, newest first, a page at a time (`next` links the following page)",
                tag: "tasks",
                parameters: [
                    limit, marker, .query("sort_key", "created_at, updated_at, expires_at, status, type, owner or id"),
                    .query("sort_dir", "asc or desc", ["enum": ["asc", "desc"]]),
                    .query("status", "Only tasks in this status"), .query("type", "Only tasks of this type"),
                ],
                responses: [(200, "A page of tasks, with `next` when there are more", taskList)]
            )
        ),
        (
            "POST /v2/tasks",
            APIOperation(
                operationID: "createTask",
                summary: "Create a task (`Idempotency-Key` replays the same task)",
                tag: "tasks",
                parameters: [idempotencyKey],
                request: taskCreate,
                responses: [(201, "The task, pending", task), (200, "The task an Idempotency-Key names", task)]
            )
        ),
        (
            "GET /v2/tasks/{id}",
            APIOperation(
                operationID: "showTask",
                summary: "Show a task; `?wait=N` waits up to N seconds for a change (`If-None-Match`) or its end",
                tag: "tasks",
                parameters: [
                    .query("wait", "Seconds to wait for a change or the end (0–60)", ["type": "integer"]),
                    .header("If-None-Match", "The ETag last seen: wait for another version"),
                ],
                responses: [(200, "The task, with its ETag", task), (304, "No change within the wait", nil)]
            )
        ),
        (
            "DELETE /v2/tasks/{id}",
            APIOperation(
                operationID: "deleteTask",
                summary: "Never allowed: tasks are deleted when they expire (`expires_at`)",
                tag: "tasks",
                responses: [(405, "Tasks cannot be deleted", .ref("error"))]
            )
        ),
        (
            "POST /v2/tasks/{id}/cancel",
            APIOperation(
                operationID: "cancelTask",
                summary: "Cancel a task: a pending one fails at once, a processing one stops within 2 s",
                tag: "tasks",
                responses: [(202, "The task, canceled or asked to stop", task)]
            )
        ),
    ]

    static let images: [(String, APIOperation)] = [
        (
            "GET /v2/images",
            APIOperation(
                operationID: "listImages",
                summary: "List images",
                tag: "images",
                parameters: [limit, marker]
                    + ["name", "status", "visibility", "tag", "disk_format", "container_format", "os_hidden"].map {
                        .query($0, "Only images whose \($0) matches")
                    },
                responses: [(200, "A page of images", .ref("images"))]
            )
        ),
        (
            "POST /v2/images",
            APIOperation(
                operationID: "createImage",
                summary: "Create a queued image to import data into (image import API)",
                tag: "images",
                request: image,
                responses: [(201, "The image, queued", image)]
            )
        ),
        (
            "GET /v2/images/{id}",
            APIOperation(
                operationID: "showImage",
                summary: "Show an image",
                tag: "images",
                responses: [(200, "The image", image)]
            )
        ),
        (
            "DELETE /v2/images/{id}",
            APIOperation(
                operationID: "deleteImage",
                summary: "Delete an image and its data (its running import is canceled first)",
                tag: "images",
                responses: [(204, "Deleted", nil)]
            )
        ),
        (
            "GET /v2/images/{id}/file",
            APIOperation(
                operationID: "downloadImage",
                summary: "Download an image's data",
                tag: "images",
                responses: [
                    (
                        200, "The data, streamed",
                        Body(mediaType: "application/octet-stream", schema: ["type": "string", "format": "binary"])
                    ),
                    (204, "The image has no data", nil),
                ]
            )
        ),
        (
            "GET /v2/images/{id}/tasks",
            APIOperation(
                operationID: "listImageTasks",
                summary: "The tasks that made or read an image",
                tag: "images",
                responses: [(200, "The tasks", .ref("tasks"))]
            )
        ),
        (
            "POST /v2/images/{id}/import",
            APIOperation(
                operationID: "importImage",
                summary: "Start a web-download import into a queued image",
                tag: "images",
                parameters: [idempotencyKey],
                request: .json([
                    "type": "object", "required": ["method"],
                    "properties": [
                        "method": [
                            "type": "object", "required": ["name"],
                            "properties": ["name": ["enum": ["web-download"]], "uri": ["type": "string"]],
                        ],
                        "stores": ["type": "array", "items": ["type": "string"]],
                    ],
                ]),
                responses: [(202, "The import started", nil)]
            )
        ),
        (
            "GET /v2/info/import",
            APIOperation(
                operationID: "importInfo",
                summary: "The import methods this service offers",
                tag: "images",
                responses: [(200, "The import methods", .json(["type": "object"]))]
            )
        ),
        (
            "GET /v2/info/stores",
            APIOperation(
                operationID: "storesInfo",
                summary: "The stores images are kept in",
                tag: "images",
                responses: [(200, "The stores", .json(["type": "object"]))]
            )
        ),
    ]
}
