import HTTPTypes
import Hummingbird
import JSONSchema
import Logging
import SkyliftDomain
import SkyliftMetrics

/// `POST /v2/images/{id}/import` (contract §16, `import_image` checked against the image): Glance's image import,
/// as `glance image-create-via-import`, `openstack image import` and openstacksdk's `import_image` call it.
///
/// | check, in order | answer |
/// |---|---|
/// | 1. the image is visible and `import_image` allows it | 404 `No image found with ID <id>` |
/// | 2. the body is an object, `method` an object, `method.name` a string | 400 saying what is wrong |
/// | 3. the method is `web-download` | 400 `Unknown import method name '<name>'.` |
/// | 4. `container_format`, then `disk_format`, are set | 409 `'<field>' needs to be set before import` |
/// | 5, 6. no import of the image runs; the image is `queued` | 409 `Image has active task`; 409 `Image with status <s> cannot be target for import` |
/// | `stores` names only `local` | 400 |
/// | 7. `uri` passes §15.2's create-time rules | 400 `URI for web-download does not pass filtering: <uri>` (`None` when absent) |
///
/// Then, in one transaction (checks 4 to 6 again, the `Idempotency-Key` and quota rules of a task create), an
/// `api_image_import` task owned by the image's owner and the image `importing` under its lock: **202**, empty.
struct ImageImportController: Sendable {
    let images: any ImageStore
    let policy: PolicyEngine
    let urlFilter: ImportURLFilter
    let clock: any WallClock
    let configuration: APIConfiguration
    let wake: @Sendable () -> Void
    let metrics: ServiceMetrics

    func addRoutes(to group: RouterGroup<AuthenticatedRequestContext>) {
        group.post("v2/images/{id}/import", use: start)
    }

    @Sendable func start(_ request: Request, context: AuthenticatedRequestContext) async throws -> Response {
        let principal = context.principal
        let id = try context.parameters.require("id")
        guard let canonical = TaskID(id)?.rawValue,
            let image = try await images.image(id: canonical, visibility: policy.imageListVisibility(for: principal)),
            policy.isAllowed(.importImage, principal: principal, target: PolicyTarget(projectID: image.owner))
        else { throw APIError(.notFound, "No image found with ID \(id)") }
        let idempotencyKey = try IdempotencyKey.parse(request.headers)
        let body = try await JSONBodyReader(maxBytes: configuration.maxBodyBytes, maxDepth: configuration.maxDepth)
            .object(from: request)
        try StringLimits(maxLength: configuration.maxStringLength, exemptPointers: []).check(.object(body))
        let uri = try Self.method(of: body)
        do {
            try image.checkImportable()
            try await Self.checkRest(body, uri: uri, filter: urlFilter)
        } catch let error as SkyliftError {
            // A retry under an Idempotency-Key finds the image locked by its own first request: the store replays
            // it, or answers this same error (its checks run again there, after the key's lookup).
            guard idempotencyKey != nil else { throw APIError(error) }
        }
        let input: JSONValue = [
            "image_id": .string(image.id), "import_req": .object(body), "backend": [.string(ImageRecord.storeID)],
        ]
        let task = ImageTask.new(
            type: .apiImageImport,
            owner: image.owner,
            input: RawJSON(input.serialized()),
            imageID: image.id,
            userID: principal.userID,
            requestID: context.requestID,
            now: clock.now()
        )
        let options = CreateOptions(key: idempotencyKey, body: body, configuration: configuration, now: task.createdAt)
        let visibility = policy.imageListVisibility(for: principal)
        if case .created = try await images.startImport(task, visibility: visibility, options: options) {
            wake()
            metrics.taskCreated(type: task.type)
            context.logger.info(
                "task pending",
                metadata: ["task_id": "\(task.id)", "type": "\(task.type)", "image_id": "\(image.id)"]
            )
        }
        return Response(status: .accepted)
    }

    /// Checks 2 and 3: the method object and its name; returns the `uri` when it is a string.
    private static func method(of body: JSONObject) throws(APIError) -> String? {
        guard let method = body["method"] else { throw .badRequest("The import request needs a 'method' object") }
        guard case .object(let fields) = method else {
            throw .badRequest("'method' must be an object, not \(method.typeName)")
        }
        guard let name = fields["name"] else { throw .badRequest("'method' needs a 'name'") }
        guard case .string(let text) = name else {
            throw .badRequest("'method.name' must be a string, not \(name.typeName)")
        }
        guard text == "web-download" else { throw .badRequest("Unknown import method name '\(text)'.") }
        return fields["uri"]?.stringValue
    }

    /// The checks after the image's: the stores, then check 7, the `uri` under §15.2's create-time rules.
    private static func checkRest(_ body: JSONObject, uri: String?, filter: ImportURLFilter) async throws(APIError) {
        try checkStores(body)
        let refused = APIError.badRequest("URI for web-download does not pass filtering: \(uri ?? "None")")
        guard let uri else { throw refused }
        do {
            _ = try await filter.check(uri)
        } catch {
            throw refused
        }
    }

    /// `stores`, `all_stores` and `all_stores_must_succeed`: only the one store, `local`.
    private static func checkStores(_ body: JSONObject) throws(APIError) {
        if let stores = body["stores"], stores != .null {
            guard case .array(let items) = stores else {
                throw .badRequest("'stores' must be a list of store ids, not \(stores.typeName)")
            }
            for item in items where item != .string(ImageRecord.storeID) {
                throw .badRequest(
                    "Unknown store \(item.serialized()): this service has only '\(ImageRecord.storeID)'"
                )
            }
        }
        for key in ["all_stores", "all_stores_must_succeed"] {
            // openstacksdk sends both, null when unset.
            guard let value = body[key], value != .null else { continue }
            guard case .bool = value else { throw .badRequest("'\(key)' must be a boolean, not \(value.typeName)") }
        }
    }
}
