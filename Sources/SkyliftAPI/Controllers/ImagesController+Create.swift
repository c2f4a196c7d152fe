import HTTPTypes
import Hummingbird
import JSONSchema
import SkyliftDomain

extension ImagesController {
    /// `POST /v2/images` (contract §16, `add_image`): a `queued` image record in the caller's project, to import
    /// data into. 201 with `Location`, the import methods and store ids headers clients look for, and the image
    /// view; 403 for a read-only key; 400 for a body the image schema or Skylift's limits refuse; 409 for an id
    /// that is taken.
    @Sendable func create(_ request: Request, context: AuthenticatedRequestContext) async throws -> Response {
        let principal = context.principal
        guard policy.isAllowed(.addImage, principal: principal, target: nil) else {
            throw APIError(.forbidden, policy.denialMessage(.addImage))
        }
        let body = try await JSONBodyReader(maxBytes: configuration.maxBodyBytes, maxDepth: configuration.maxDepth)
            .object(from: request)
        let image = try ImageCreateValidator(schemas: schemas, maxStringLength: configuration.maxStringLength)
            .validate(body, owner: principal.projectID, now: clock.now())
        try await images.createImage(image)
        var headers = HTTPFields()
        headers[.location] = TasksController.absoluteURL(request: request, path: "/v2/images/\(image.id)")
        headers[Self.importMethodsHeader] = InfoController.importMethods.joined(separator: ",")
        headers[Self.storeIDsHeader] = InfoController.storeID
        return JSONResponse.make(ImageView.show(image), status: .created, headers: headers)
    }

    /// The import methods a created image may use (openstacksdk refuses to import without it).
    static let importMethodsHeader = HTTPField.Name("OpenStack-image-import-methods")!
    /// The stores an import may target.
    static let storeIDsHeader = HTTPField.Name("OpenStack-image-store-ids")!
}
