import HTTPTypes
import JSONSchema
import SkyliftAPI
import Testing

/// Validates every task or task-list body a test receives against the schema the service serves, so no test can
/// see a response that a client validating with `/v2/schemas/task(s)` would reject.
public enum ServedSchemaCheck {
    /// The served documents, compiled once for the whole test run.
    public static let schemas: SchemaCatalog? = try? SchemaCatalog.load()

    /// Records an issue when `reply` is a task view or a task list that does not validate.
    public static func check(_ method: HTTPRequest.Method, _ uri: String, _ reply: JSONReply) {
        guard let schemas else {
            Issue.record("the served schemas could not be loaded")
            return
        }
        let path = uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? uri
        let segments = path.split(separator: "/")
        guard segments.count >= 2, segments[0] == "v2", segments[1] == "tasks",
            reply.status == .ok || reply.status == .created, let json = reply.json
        else { return }
        let schema: Schema
        switch (method, segments.count) {
        case (.get, 2): schema = schemas.tasks
        case (.post, 2), (.get, 3): schema = schemas.task
        default: return
        }
        let errors = schema.validate(json)
        #expect(errors.isEmpty, "\(method) \(uri): the body does not validate against the served schema: \(errors)")
    }
}
