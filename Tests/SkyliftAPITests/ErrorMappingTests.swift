import HTTPTypes
import SkyliftAPI
import SkyliftDomain
import Testing

/// The domain's errors carry ids; the API writes their wire texts, the same for every store (issue 11).
@Suite("Domain errors on the wire")
struct ErrorMappingTests {
    static let id = TaskID(canonical: "0190f3a2-7c41-7d2e-9a3b-5f6e7d8c9b0a")

    @Test(
        "each domain error has its status and text",
        arguments: [
            (SkyliftError.taskNotFound(id), HTTPResponse.Status.notFound, "Could not find task \(id)"),
            (.taskMarkerNotFound(id), .badRequest, "Task with the given id \(id) was not found"),
            (.imageMarkerNotFound("nope"), .badRequest, "No image found with ID nope"),
            (
                .statusChanged(id, stored: .processing, expected: .pending), .conflict,
                "Task \(id) is processing, not pending"
            ),
            (
                .taskAlreadyEnded(id, status: .success), .conflict,
                "Task \(id) already ended with status success; only pending or processing tasks can be canceled"
            ),
            (.imageExists("i1"), .conflict, "An image with id i1 already exists"),
            (
                .quotaExceeded(project: "p1", active: 2, limit: 2), .tooManyRequests,
                "Project p1 has 2 active tasks (pending or processing); quota.maxActiveTasksPerProject allows 2"
            ),
            (
                .idempotencyMismatch(key: "k1", taskID: id), .unprocessableContent,
                "Idempotency-Key 'k1' was already used for task \(id) with a different request body"
            ),
        ]
    )
    func mapping(error: SkyliftError, status: HTTPResponse.Status, message: String) {
        let rendered = APIError(error)
        #expect(rendered.status == status)
        #expect(rendered.message == message)
    }
}
