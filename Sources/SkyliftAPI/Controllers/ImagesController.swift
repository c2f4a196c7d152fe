import HTTPTypes
import Hummingbird
import JSONSchema
import Logging
import SkyliftDomain
import SkyliftMetrics

/// The images API subset that tasks and the image import API need (contract §8, §16). Every route needs an identity (401 without one).
///
/// | method | path | policy (checked on the image) | success | errors |
/// |---|---|---|---|---|
/// | GET | /v2/images | get_images, no target (admins see all) | 200 | 400, 401, 403 |
/// | POST | /v2/images | add_image, no target | 201: a queued image (§16) | 400, 401, 403, 409, 413 |
/// | GET | /v2/images/{id} | get_image | 200 | 401, 404 |
/// | DELETE | /v2/images/{id} | delete_image | 204: its import canceled first (§16), row, then file, removed | 401, 404 ² |
/// | GET | /v2/images/{id}/file | download_image | 200 streamed; 204 without data ³ | 401, 404 |
/// | GET | /v2/images/{id}/tasks | get_image (not tasks_api_access) | 200 `{"tasks": [...]}` ⁴ | 401, 404 |
/// | any other | any of these paths | — | 405, Allow: the methods above (`MethodNotAllowedMiddleware`) | 401 |
///
/// 1. An image that is missing, not visible, or denied by its rule is the same 404
///    `No image found with ID <id>`, so existence never leaks; a non-UUID id is that 404 too.
/// 2. Glance's delete message: `Failed to find image <id> to delete`.
/// 3. As Glance: an image that is not `active`, or whose file is missing, answers 204 No Content (what
///    python-glanceclient expects for "no data"). Otherwise `Content-Type: application/octet-stream`,
///    `Content-Length`, and `Content-MD5` (the stored hex md5) when the image has a checksum.
/// 4. The full task views (§4.3) of the caller's visible, unexpired tasks that produced the image or read it
///    (a convert's source), oldest first.
public struct ImagesController: Sendable {
    let images: any ImageStore
    let tasks: any TaskStore
    let files: any ImageFiles
    let policy: PolicyEngine
    let schemas: SchemaCatalog
    let clock: any WallClock
    let configuration: APIConfiguration
    let changes: any TaskChangeFeed
    /// Stops a task running in this process (a delete cancels the image's import first).
    let cancel: @Sendable (TaskID, String) -> Void
    let metrics: ServiceMetrics

    public init(
        images: any ImageStore,
        tasks: any TaskStore,
        files: any ImageFiles,
        policy: PolicyEngine,
        schemas: SchemaCatalog,
        clock: any WallClock,
        configuration: APIConfiguration,
        changes: any TaskChangeFeed,
        cancel: @escaping @Sendable (TaskID, String) -> Void,
        metrics: ServiceMetrics = .disabled
    ) {
        self.metrics = metrics
        self.changes = changes
        self.cancel = cancel
        self.images = images
        self.tasks = tasks
        self.files = files
        self.policy = policy
        self.schemas = schemas
        self.clock = clock
        self.configuration = configuration
    }

    /// Registers the routes on an authenticated group.
    public func addRoutes(to group: RouterGroup<AuthenticatedRequestContext>) {
        group.get("v2/images", use: list)
        group.post("v2/images", use: create)
        group.get("v2/images/{id}", use: show)
        group.delete("v2/images/{id}", use: delete)
        group.get("v2/images/{id}/file", use: download)
        group.get("v2/images/{id}/tasks", use: imageTasks)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedRequestContext) async throws -> Response {
        let principal = context.principal
        guard policy.isAllowed(.getImages, principal: principal, target: nil) else {
            throw APIError(.forbidden, policy.denialMessage(.getImages))
        }
        let listing = try ImageListRequest(
            parameters: QueryString(raw: request.uri.query ?? ""),
            defaultLimit: configuration.listDefaultLimit,
            maxLimit: configuration.listMaxLimit
        )
        let page =
            listing.query.limit == 0
            ? [] : try await images.images(listing.query, visibility: policy.imageListVisibility(for: principal))
        var body = JSONObject()
        body["images"] = .array(page.map(ImageView.show))
        body["first"] = .string(listing.links.first)
        body["schema"] = "/v2/schemas/images"
        if let last = page.last, page.count == listing.query.limit {
            body["next"] = .string(listing.links.next(after: last.id))
        }
        return JSONResponse.make(.object(body))
    }

    @Sendable func show(_ request: Request, context: AuthenticatedRequestContext) async throws -> Response {
        let image = try await visibleImage(context, allowing: .getImage)
        return JSONResponse.make(ImageView.show(image))
    }

    @Sendable func delete(_ request: Request, context: AuthenticatedRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let notFound = APIError(.notFound, "Failed to find image \(id) to delete")
        let image = try await visibleImage(context, allowing: .deleteImage, notFound: notFound)
        if let lock = image.importTask.flatMap(TaskID.init) { await cancelImport(lock, context: context) }
        let visibility = policy.imageListVisibility(for: context.principal)
        guard let removed = try await images.deleteImage(id: image.id, visibility: visibility) else { throw notFound }
        do {
            try files.remove(imageID: removed.id)
        } catch {
            // The record is gone, so the image is deleted; a file left behind is only disk space.
            context.logger.warning(
                "image file not removed",
                metadata: ["image_id": .string(removed.id), "error": .string("\(error)")]
            )
        }
        return Response(status: .noContent)
    }

    @Sendable func imageTasks(_ request: Request, context: AuthenticatedRequestContext) async throws -> Response {
        let image = try await visibleImage(context, allowing: .getImage)
        let found = try await tasks.tasks(
            forImage: image.id,
            visibility: policy.taskListVisibility(for: context.principal),
            now: clock.now()
        )
        return JSONResponse.make(["tasks": .array(found.map(TaskView.full))])
    }

    /// Cancels the import task that locks an image about to be deleted (contract §16) and waits, at most
    /// `importCancelWait`, until it has ended, so the worker has stopped and removed its files first. A task that
    /// does not end in time is left to fail on its own: its image is gone, so what it stored is removed.
    func cancelImport(_ id: TaskID, context: AuthenticatedRequestContext) async {
        let principal = context.principal
        let user = principal.userID ?? principal.projectID
        let deadline = ContinuousClock.now + Self.importCancelWait
        do {
            let outcome = try await tasks.cancel(
                id: id,
                visibility: .all,
                user: user,
                now: clock.now(),
                timeToLive: configuration.taskTimeToLive
            )
            switch outcome {
            case .canceled(let task):
                metrics.taskFinished(type: task.type, status: task.status)
                return
            case .requested(let task), .alreadyCanceled(let task): if task.status == .processing { cancel(id, user) }
            }
            while ContinuousClock.now < deadline {
                let subscription = changes.subscribe(id)
                let task = try await tasks.task(id: id, visibility: .all, now: clock.now())
                guard let task, !task.status.isFinal else {
                    changes.cancel(subscription)
                    return
                }
                _ = await changes.wait(subscription, upTo: deadline - ContinuousClock.now)
            }
        } catch {
            // Ended already, or the store failed: the delete goes on either way.
            context.logger.warning(
                "import not canceled before the delete",
                metadata: ["task_id": .string(id.rawValue), "error": .string("\(error)")]
            )
        }
    }

    /// How long a delete waits for the import it canceled to end.
    static let importCancelWait: Duration = .seconds(10)

    /// The image named by the `id` path parameter, if the caller can see it and `action` allows it on that image.
    /// - Throws: `notFound` (by default `No image found with ID <id>`) otherwise.
    func visibleImage(
        _ context: AuthenticatedRequestContext,
        allowing action: PolicyAction,
        notFound: APIError? = nil
    ) async throws -> ImageRecord {
        let id = try context.parameters.require("id")
        let principal = context.principal
        guard let canonical = TaskID(id)?.rawValue,
            let image = try await images.image(id: canonical, visibility: policy.imageListVisibility(for: principal)),
            policy.isAllowed(action, principal: principal, target: PolicyTarget(projectID: image.owner))
        else { throw notFound ?? APIError(.notFound, "No image found with ID \(id)") }
        return image
    }
}
