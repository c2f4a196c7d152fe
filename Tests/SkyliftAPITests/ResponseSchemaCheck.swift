import HTTPTypes
import JSONSchema
import SkyliftAPI
import SkyliftTesting
import Testing

/// Every response body the API tests see is validated against the served schema by our own validator.
enum ResponseSchemaCheck {
    /// Expects a task view that validates against `/v2/schemas/task`.
    static func task(_ reply: JSONReply, _ service: TestService, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let json = reply.json else {
            Issue.record("not JSON: \(reply.text)", sourceLocation: sourceLocation)
            return
        }
        let errors = service.schemas.task.validate(json)
        #expect(errors.isEmpty, "\(errors)", sourceLocation: sourceLocation)
    }

    /// Expects a list body that validates against `/v2/schemas/tasks`.
    static func tasks(_ reply: JSONReply, _ service: TestService, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let json = reply.json else {
            Issue.record("not JSON: \(reply.text)", sourceLocation: sourceLocation)
            return
        }
        let errors = service.schemas.tasks.validate(json)
        #expect(errors.isEmpty, "\(errors)", sourceLocation: sourceLocation)
    }

    /// Expects Glance's error body: exactly `message`, `code`, `title`, with `code` matching the status.
    static func error(_ reply: JSONReply, sourceLocation: SourceLocation = #_sourceLocation) {
        guard case .object(let object)? = reply.json else {
            Issue.record("error body is not a JSON object: \(reply.text)", sourceLocation: sourceLocation)
            return
        }
        #expect(Set(object.keys) == ["message", "code", "title"], sourceLocation: sourceLocation)
        #expect(
            object["code"] == .string("\(reply.status.code) \(reply.status.reasonPhrase)"),
            sourceLocation: sourceLocation
        )
        #expect(reply.headers[.contentType] == "application/json", sourceLocation: sourceLocation)
    }
}
