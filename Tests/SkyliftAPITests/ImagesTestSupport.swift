import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSONSchema
import Logging
import SkyliftAPI
import SkyliftDomain
import SkyliftTesting

/// Helpers shared by the images API suites.
enum ImagesTestSupport {
    /// The ids of an `{"images": [...]}` body, in order.
    static func ids(_ reply: JSONReply, key: String = "images") -> [String] {
        guard case .array(let items)? = reply[key] else { return [] }
        return items.compactMap { item in
            if case .object(let object) = item, case .string(let id)? = object["id"] { return id }
            return nil
        }
    }

    /// The service's router, with other policy rules when given.
    static func router(_ service: TestService, rules: [String: String]? = nil) throws -> Router<SkyliftRequestContext> {
        var dependencies = service.dependencies
        if let rules { dependencies.policy = try PolicyEngine(rules: rules) }
        return buildRouter(dependencies)
    }

    /// The service's application with other policy rules.
    static func application(_ service: TestService, rules: [String: String]) throws -> some ApplicationProtocol {
        application(try router(service, rules: rules))
    }

    /// An application around `router`, logging only critical messages.
    static func application(_ router: Router<SkyliftRequestContext>) -> some ApplicationProtocol {
        application(router.buildResponder())
    }

    /// An application around `responder`, logging only critical messages.
    static func application(
        _ responder: some HTTPResponder<SkyliftRequestContext>
    ) -> some ApplicationProtocol {
        var logger = Logger(label: "skylift-test")
        logger.logLevel = .critical
        return Application(responder: responder, logger: logger)
    }

    /// A POST /v2/tasks body importing into a chosen image id.
    static func importBody(imageID: String) -> String {
        #"{"type": "import", "input": {"import_from": "http://example.com/tiny.qcow2", "#
            + #""import_from_format": "qcow2", "image_id": "\#(imageID)", "#
            + #""image_properties": {"disk_format": "raw", "container_format": "bare"}}}"#
    }

    /// A POST /v2/tasks body converting `imageID` to qcow2.
    static func convertBody(imageID: String) -> String {
        #"{"type": "convert", "input": {"image_id": "\#(imageID)", "disk_format": "qcow2"}}"#
    }
}
