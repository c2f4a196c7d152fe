import HTTPTypes
import Hummingbird
import JSONSchema

/// Glance's discovery of the image import API (contract §16), which clients read before importing. Both need an
/// identity (any role), as in Glance.
///
/// | method | path | success | errors |
/// |---|---|---|---|
/// | GET | /v2/info/import | 200: the import methods offered (`web-download` only) | 401 |
/// | GET | /v2/info/stores | 200: the one store, `local`, the default | 401 |
/// | any other | either path | 405, Allow: GET | 401 |
///
/// Glance also offers `glance-direct` and `copy-image`, and names its file store after its configuration:
/// Skylift imports only from URLs into its one image folder (differs from Glance).
public struct InfoController: Sendable {
    /// The import methods offered, as `POST /v2/images/{id}/import` accepts them.
    public static let importMethods = ["web-download"]
    /// The id of the one store images live in (`storage.path`).
    public static let storeID = "local"

    public init() {}

    /// Registers the routes on an authenticated group.
    public func addRoutes(to group: RouterGroup<AuthenticatedRequestContext>) {
        group.get("v2/info/import") { _, _ in
            JSONResponse.make(
                [
                    "import-methods": [
                        "description": "Import methods available.",
                        "type": "array",
                        "value": .array(Self.importMethods.map { .string($0) }),
                    ]
                ],
                status: .ok
            )
        }
        group.get("v2/info/stores") { _, _ in
            JSONResponse.make(["stores": [["id": .string(Self.storeID), "default": "true"]]], status: .ok)
        }
    }
}
