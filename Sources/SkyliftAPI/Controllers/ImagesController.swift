import HTTPTypes
import Hummingbird
import JSONSchema
import Logging
import SkyliftDomain

/// The images API subset that tasks and the image import API need (contract §8, §16). Every route needs an identity (401 without one).
///
/// | method | path | policy (checked on the image) | success | errors |
/// |---|---|---|---|---|
/// | GET | /v2/images | get_images, no target (admins see all) | 200 | 400, 401, 403 |
/// | POST | /v2/images | add_image, no target | 201: a queued image (§16) | 400, 401, 403, 409, 413 |
/// | GET | /v2/images/{id} | get_image | 200 | 401, 404 |
/// | DELETE | /v2/images/{id} | delete_image | 204: row, then file, removed | 401, 404 ² |
/// | GET | /v2/images/{id}/file | download_image | 200 streamed; 204 without data ³ | 401, 404 |
/// | GET | /v2/images/{id}/tasks | get_image (not tasks_api_access) | 200 `{"tasks": [...]}` ⁴ | 401, 404 |
/// | PUT, PATCH, DELETE, HEAD, OPTIONS | /v2/images | — | 405, Allow: GET, POST | 401 |
/// | PUT, PATCH, HEAD, POST, OPTIONS | /v2/images/{id} | — | 405, Allow: GET, DELETE | 401 |
/// | PUT, PATCH, DELETE, HEAD, POST, OPTIONS | /v2/images/{id}/file, …/tasks | — | 405, Allow: GET | 401 |
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

    public init(
        images: any ImageStore,
        tasks: any TaskStore,
        files: any ImageFiles,
        policy: PolicyEngine,
        schemas: SchemaCatalog,
        clock: any WallClock,
        configuration: APIConfiguration
    ) {
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
        let others: [(String, [HTTPRequest.Method], [HTTPRequest.Method])] = [
            ("v2/images", [.put, .patch, .delete, .head, .options], [.get, .post]),
            ("v2/images/{id}", [.put, .patch, .head, .post, .options], [.get, .delete]),
            ("v2/images/{id}/file", [.put, .patch, .delete, .head, .post, .options], [.get]),
            ("v2/images/{id}/tasks", [.put, .patch, .delete, .head, .post, .options], [.get]),
        ]
        for (path, methods, allow) in others {
            group.refuse(methods, on: RouterPath(path), allow: allow)
        }
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
