/// The input of an `api_image_import` task (contract §16), as `POST /v2/images/{id}/import` writes it, in Glance's
/// shape: `{"image_id": ID, "import_req": <the request body>, "backend": ["local"]}`.
public struct ImageImportInput: Decodable, Sendable, Hashable {
    /// The request's `method` (only `web-download` is offered).
    public struct Method: Decodable, Sendable, Hashable {
        public var name: String
        public var uri: String?
    }

    /// The import request as the tenant sent it.
    public struct Request: Decodable, Sendable, Hashable {
        public var method: Method
    }

    public var imageID: String
    public var importRequest: Request
    public var backend: [String]?

    enum CodingKeys: String, CodingKey {
        case imageID = "image_id"
        case importRequest = "import_req"
        case backend
    }
}
