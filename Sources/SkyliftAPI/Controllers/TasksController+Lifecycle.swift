import HTTPTypes
import Hummingbird
import Logging
import SkyliftDomain
import SkyliftMetrics

extension TasksController {
    /// `POST /v2/tasks/{id}/cancel` (§10.2): 202 with the task view; the worker stops a processing task.
    @Sendable func cancelTask(_ request: Request, context: AuthenticatedRequestContext) async throws -> Response {
        let principal = context.principal
        let task = try await visibleTask(context, action: .cancelTask)
        let user = principal.userID ?? principal.projectID
        let outcome = try await store.cancel(
            id: task.id,
            visibility: policy.taskListVisibility(for: principal),
            user: user,
            now: clock.now(),
            timeToLive: configuration.taskTimeToLive
        )
        switch outcome {
        case .canceled(let task):
            metrics.taskFinished(type: task.type, status: task.status)
            context.logger.info("task failure", metadata: ["task_id": "\(task.id)", "code": "canceled"])
            return JSONResponse.make(TaskView.full(task), status: .accepted, etag: task.version)
        case .requested(let task), .alreadyCanceled(let task):
            if task.status == .processing { cancel(task.id, user) }
            return JSONResponse.make(TaskView.full(task), status: .accepted, etag: task.version)
        }
    }

    /// `GET /v2/tasks/{id}`, waiting (§10.3) when asked: with `If-None-Match` until the version differs, else
    /// until the task is final, at most `wait` seconds; a wait that runs out with `If-None-Match` is a 304.
    @Sendable func show(_ request: Request, context: AuthenticatedRequestContext) async throws -> Response {
        try authorize([.tasksAPIAccess], context.principal)
        let wait = try TaskWait(query: QueryString(raw: request.uri.query ?? ""), headers: request.headers)
        let deadline = ContinuousClock.now + .seconds(wait.seconds)
        while true {
            // Subscribe before reading, so a change between the read and the wait is not missed.
            let subscription = wait.seconds > 0 ? changes.subscribe(try taskID(context)) : nil
            let task: ImageTask
            do {
                task = try await visibleTask(context, action: .getTask)
            } catch {
                subscription.map(changes.cancel)
                throw error
            }
            let remaining = deadline - ContinuousClock.now
            guard let subscription, !wait.isAnswered(by: task), remaining > .zero else {
                subscription.map(changes.cancel)
                if wait.notModified(task) {
                    return Response(status: .notModified, headers: [.eTag: "\"\(task.version)\""])
                }
                return JSONResponse.make(TaskView.full(task), etag: task.version)
            }
            _ = await changes.wait(subscription, upTo: remaining)
        }
    }

    /// The task named by the path, visible to the caller and allowed by `action` against it; else 404.
    func visibleTask(_ context: AuthenticatedRequestContext, action: PolicyAction) async throws -> ImageTask {
        let principal = context.principal
        try authorize([.tasksAPIAccess], principal)
        guard
            let task = try await store.task(
                id: try taskID(context),
                visibility: policy.taskListVisibility(for: principal),
                now: clock.now()
            ),
            policy.isAllowed(
                action,
                principal: principal,
                target: PolicyTarget(projectID: task.owner, userID: task.userID)
            )
        else { throw try notFound(context) }
        return task
    }

    /// The path's task id; a malformed one is a 404 like a missing task.
    private func taskID(_ context: AuthenticatedRequestContext) throws -> TaskID {
        guard let taskID = TaskID(try context.parameters.require("id")) else { throw try notFound(context) }
        return taskID
    }

    /// `Could not find task <id as written in the path>`.
    private func notFound(_ context: AuthenticatedRequestContext) throws -> APIError {
        APIError(.notFound, "Could not find task \(try context.parameters.require("id"))")
    }
}

/// What a show request waits for: `?wait=N` (0–60 s) and the versions of `If-None-Match`.
struct TaskWait {
    var seconds: Int
    /// The versions the client has; nil without the header; `*` matches every version.
    var known: Set<Int64>?
    var matchesAny = false

    init(query: QueryString, headers: HTTPFields) throws(APIError) {
        seconds = 0
        if let text = query["wait"] {
            guard let value = Int(text), (0...60).contains(value) else {
                throw .badRequest("Invalid wait value: \(text). wait must be a whole number of seconds from 0 to 60")
            }
            seconds = value
        }
        if let header = headers[.ifNoneMatch] {
            var versions = Set<Int64>()
            for part in header.split(separator: ",") {
                var tag = Substring(part.drop { $0 == " " || $0 == "\t" })
                while tag.last == " " || tag.last == "\t" { tag.removeLast() }
                if tag == "*" { matchesAny = true }
                if tag.hasPrefix("W/") { tag.removeFirst(2) }
                if tag.hasPrefix("\""), tag.hasSuffix("\""), tag.count >= 2 { tag = tag.dropFirst().dropLast() }
                if let version = Int64(tag) { versions.insert(version) }
            }
            known = versions
        }
    }

    /// Whether the client already has this version (a 304 answers it).
    func notModified(_ task: ImageTask) -> Bool {
        guard let known else { return false }
        return matchesAny || known.contains(task.version)
    }

    /// Whether waiting is over: the version differs from the client's, or (without `If-None-Match`) the task is final.
    func isAnswered(by task: ImageTask) -> Bool {
        known == nil ? task.status.isFinal : !notModified(task)
    }
}
