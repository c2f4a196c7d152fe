import HTTPTypes
import JSONSchema
import SkyliftAPI
import Testing

/// Validates every task, task-list, image and image-list body a test receives against the schema the service
/// serves, so no test can see a response that a client validating with `/v2/schemas/...` would reject.
public enum ServedSchemaCheck {
    /// The served documents, compiled once for the whole test run.
    public static let schemas: SchemaCatalog? = try? SchemaCatalog.load()

    /// Records an issue when `reply` is a task or image view, or a list of them, that does not validate.
    public static func check(_ method: HTTPRequest.Method, _ uri: String, _ reply: JSONReply) {
        guard let schemas else {
            Issue.record("the served schemas could not be loaded")
            return
        }
        let path = uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? uri
        let segments = path.split(separator: "/")
        guard segments.count >= 2, segments[0] == "v2", reply.status == .ok || reply.status == .created,
            let json = reply.json
        else { return }
        for (schema, value) in documents(method, segments, json, schemas) {
            let errors = schema.validate(value)
            #expect(
                errors.isEmpty,
                "\(method) \(uri): the body does not validate against the served schema: \(errors)"
            )
        }
    }

    /// The parts of a body to validate, each with its schema.
    private static func documents(
        _ method: HTTPRequest.Method,
        _ segments: [Substring],
        _ json: JSONValue,
        _ schemas: SchemaCatalog
    ) -> [(Schema, JSONValue)] {
        switch (segments[1], method, segments.count) {
        case ("tasks", .get, 2): return [(schemas.tasks, json)]
        case ("tasks", .post, 2), ("tasks", .get, 3): return [(schemas.task, json)]
        case ("images", .get, 2): return [(schemas.images, json)]
        case ("images", .get, 3): return [(schemas.image, json)]
        case ("images", .get, 4) where segments[3] == "tasks":
            guard case .object(let body) = json, case .array(let tasks)? = body["tasks"] else {
                Issue.record("GET \(segments.joined(separator: "/")): no tasks array")
                return []
            }
            return tasks.map { (schemas.task, $0) }
        default: return []
        }
    }
}
