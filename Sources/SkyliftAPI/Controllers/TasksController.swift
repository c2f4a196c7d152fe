import HTTPTypes
import Hummingbird
import JSONSchema
import Logging
import SkyliftDomain
import SkyliftMetrics

/// The Glance v2 tasks API.
///
/// | method | path | policy | success | errors |
/// |---|---|---|---|---|
/// | POST | /v2/tasks | tasks_api_access, add_task | 201 + Location (200: idempotent replay) | 400, 401, 403, 409, 413, 422, 429 |
/// | GET | /v2/tasks | tasks_api_access, get_tasks (get_tasks_all_projects widens) | 200 | 400, 401, 403 |
/// | GET | /v2/tasks/{id}[?wait=N] | tasks_api_access, get_task (on the task) | 200 + ETag (304 after a wait) | 400, 401, 403, 404 |
/// | POST | /v2/tasks/{id}/cancel | tasks_api_access, cancel_task (on the task) | 202 | 401, 403, 404, 409 |
/// | DELETE | /v2/tasks/{id} | tasks_api_access | never: 405, Allow: GET | 401, 403 |
/// | any other | any of these paths | — | 405, Allow: the methods above (`MethodNotAllowedMiddleware`) | 401 |
public struct TasksController: Sendable {
    let store: any TaskStore
    let policy: PolicyEngine
    let clock: any WallClock
    let configuration: APIConfiguration
    let validator: TaskCreateValidator
    let changes: any TaskChangeFeed
    let wake: @Sendable () -> Void
    let cancel: @Sendable (TaskID, String) -> Void
    let metrics: ServiceMetrics

    /// - Parameter wake: called after a task is stored, so an idle worker in this process starts it at once.
    public init(
        store: any TaskStore,
        images: any ImageStore,
        policy: PolicyEngine,
        schemas: SchemaCatalog,
        urlFilter: ImportURLFilter,
        clock: any WallClock,
        configuration: APIConfiguration,
        changes: any TaskChangeFeed = LocalTaskChangeFeed(),
        wake: @escaping @Sendable () -> Void = {},
        cancel: @escaping @Sendable (TaskID, String) -> Void = { _, _ in },
        metrics: ServiceMetrics = .disabled
    ) {
        self.metrics = metrics
        self.store = store
        self.policy = policy
        self.clock = clock
        self.configuration = configuration
        self.validator = TaskCreateValidator(
            schemas: schemas,
            supportedTypes: configuration.supportedTypes,
            maxStringLength: configuration.maxStringLength,
            urlFilter: urlFilter,
            images: images
        )
        self.changes = changes
        self.wake = wake
        self.cancel = cancel
    }

    /// Registers the routes on an authenticated group.
    public func addRoutes(to group: RouterGroup<AuthenticatedRequestContext>) {
        group.post("v2/tasks", use: create)
        group.get("v2/tasks", use: list)
        group.get("v2/tasks/{id}", use: show)
        group.delete("v2/tasks/{id}", use: delete)
        group.post("v2/tasks/{id}/cancel", use: cancelTask)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedRequestContext) async throws -> Response {
        let principal = context.principal
        try authorize([.tasksAPIAccess, .addTask], principal)
        let idempotencyKey = try IdempotencyKey.parse(request.headers)
        let body = try await JSONBodyReader(maxBytes: configuration.maxBodyBytes, maxDepth: configuration.maxDepth)
            .object(from: request)
        let valid = try await validator.validate(
            body,
            principal: principal,
            visibility: policy.imageListVisibility(for: principal)
        )
        let task = ImageTask.new(
            type: valid.type,
            owner: principal.projectID,
            input: RawJSON(valid.input.serialized()),
            imageID: valid.imageID,
            sourceImageID: valid.sourceImageID,
            userID: principal.userID,
            requestID: context.requestID,
            now: clock.now()
        )
        let options = CreateOptions(key: idempotencyKey, body: body, configuration: configuration, now: task.createdAt)
        var headers = HTTPFields()
        switch try await store.create(task, options: options) {
        case .created(let created):
            wake()
            metrics.taskCreated(type: created.type)
            context.logger.info(
                "task pending",
                metadata: ["task_id": "\(created.id)", "type": "\(created.type)", "project": "\(created.owner)"]
            )
            headers[.location] = Self.absoluteURL(request: request, path: "/v2/tasks/\(created.id.rawValue)")
            return JSONResponse.make(TaskView.full(created), status: .created, headers: headers, etag: created.version)
        case .replayed(let existing):
            headers[.location] = Self.absoluteURL(request: request, path: "/v2/tasks/\(existing.id.rawValue)")
            return JSONResponse.make(TaskView.full(existing), status: .ok, headers: headers, etag: existing.version)
        }
    }

    @Sendable func list(_ request: Request, context: AuthenticatedRequestContext) async throws -> Response {
        let principal = context.principal
        try authorize([.tasksAPIAccess, .getTasks], principal)
        let listing = try ListRequest(
            parameters: QueryString(raw: request.uri.query ?? ""),
            defaultLimit: configuration.listDefaultLimit,
            maxLimit: configuration.listMaxLimit
        )
        let visibility = policy.taskListVisibility(for: principal)
        let tasks =
            listing.query.limit == 0
            ? [] : try await store.list(listing.query, visibility: visibility, now: clock.now())
        var body = JSONObject()
        body["tasks"] = .array(tasks.map(TaskView.stub))
        body["first"] = .string(listing.firstLink)
        body["schema"] = "/v2/schemas/tasks"
        if let last = tasks.last, tasks.count == listing.query.limit {
            body["next"] = .string(listing.nextLink(after: last.id))
        }
        return JSONResponse.make(.object(body))
    }

    @Sendable func delete(_ request: Request, context: AuthenticatedRequestContext) async throws -> Response {
        try authorize([.tasksAPIAccess], context.principal)
        throw APIError.methodNotAllowed(
            .delete,
            allow: [.get],
            message: "This operation is currently not permitted on Glance Tasks. They are auto deleted after "
                + "reaching the time based on their expires_at property."
        )
    }

    /// 403 with Glance's message for the first of `actions` the principal may not do.
    func authorize(_ actions: [PolicyAction], _ principal: Principal) throws(APIError) {
        for action in actions where !policy.isAllowed(action, principal: principal, target: nil) {
            throw APIError(.forbidden, policy.denialMessage(action))
        }
    }

    /// `http://<Host><path>`, as WebOb rewrites Glance's relative Location.
    static func absoluteURL(request: Request, path: String) -> String {
        let host = request.head.authority ?? "localhost"
        return "http://\(host)\(path)"
    }
}
