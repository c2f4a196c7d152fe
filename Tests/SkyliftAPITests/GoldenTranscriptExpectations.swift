import HTTPTypes

/// What the golden test does with one exchange of `../shared/spec/glance-transcripts.md`.
enum GoldenExpectation: Sendable {
    /// Replay it and compare with Glance's recorded answer: status, `Location`, `Allow`, `Content-Type`, the request
    /// id header, and the body as JSON values after `GoldenNormalizer` (Skylift's extra `progress`, `steps`,
    /// `warnings` and `error` removed first).
    case same
    /// The contract deliberately differs from Glance: replay it and expect the contract's answer. `reason` cites the
    /// contract section; `knownBug` marks an answer that the contract does not allow but that Skylift gives today.
    case differs(reason: String, expect: ContractAnswer, knownBug: String? = nil)
    /// Not sent, for the reason given.
    case notReplayed(reason: String)

    var isSame: Bool {
        if case .same = self { return true }
        return false
    }

    var isDiffers: Bool {
        if case .differs = self { return true }
        return false
    }

    var isReplayed: Bool {
        if case .notReplayed = self { return false }
        return true
    }
}

/// Skylift's answer where the contract differs. Tasks are named by the first 8 characters of their Glance id.
enum ContractAnswer: Sendable {
    /// A JSON error body `{"message", "code", "title"}` with this status; the message on one line.
    case error(HTTPResponse.Status, MessageRule)
    /// A `text/plain` error `<code> <title>\n\n<message>` with this status (clients that accept `*/*`).
    case plainError(HTTPResponse.Status, String)
    /// Glance's view of the task as it stands while pending: `status: pending`, `message: ""`, `result: null`, no
    /// `expires_at`; everything else (and the headers) as Glance recorded it.
    case pendingView
    /// A `200` list of exactly these tasks in this order, each stub as Glance showed it (when the transcript shows
    /// it) with `status: pending` and no `expires_at`; `first` and `next` as §4.2 builds them from the query.
    case list([String])
    /// As `list`, for a page of `count` stubs whose first ones are these tasks and the rest seeded ones.
    case page(count: Int, startingWith: [String])
    /// Glance's schema document plus these properties, with `convert` added to the `type` enum (§5).
    case schema(addedProperties: [String])
}

enum MessageRule: Sendable {
    case exact(String)
    /// Every fragment appears in the message.
    case containing([String])
}

/// The expectation for every exchange of the transcript, keyed by its `#### ` title.
///
/// Exchanges recorded on port 9292 (Glance's default policy, `tasks_api_access: role:admin`) replay against
/// `TestService(policyFile: "policy-glance.yaml")`; those on port 9293 (the members-allowed Glance) against the
/// same store under Skylift's default policy (`etc/policy.yaml`'s built-in defaults, as `TestService()` has), since
/// the transcripts have one database behind both ports. Import URLs point at `http://127.0.0.1:8765/`, so the URL
/// rules allow ports 80, 443 and 8765 and exempt the host `127.0.0.1` (never `127.0.0.2`).
enum GoldenExpectations {
    /// Every task Skylift holds when section 8 starts, newest first (Glance also had bd8deda1, the
    /// `api_image_import` task, and 30a09dc9, the import without `import_from_format`: both 400 at create here).
    static let allTasks = [
        "2d9b839e", "793e0275", "ec4aa970", "8c79f9eb", "b37eb0ca", "a99365d4", "12a2f10a", "56463aea", "49afd44c",
        "7d620bef",
    ]

    static let executorPoll = GoldenExpectation.notReplayed(
        reason: "reads the task at an instant of Glance's executor run; the same scenarios run to their end on "
            + "Skylift's worker in SkyliftServerTests' GlanceExecutorParityTests (§7, §10.1), where final status, "
            + "result, expires_at and the actionable message are checked"
    )

    static let pendingForever =
        "the replay drives the API without a worker, so its tasks stay pending (§7; the worker's end states are "
        + "GlanceExecutorParityTests'), and Glance's processing/success/failure fields and expires_at differ"

    /// The working tree renders errors as text/plain for `Accept: */*` (python-glanceclient's header), which §6 does
    /// not allow: `*/*` accepts JSON, so the body must be the JSON error.
    static let acceptAnyIsText =
        "§6, read as a client expects (said on issue 3): Accept */* gets `<code> <title>\\n\\n<message>` as text/plain, "
        + "not JSON: python-glanceclient sends */* and cannot parse a flat JSON error body"

    static func listed(_ tasks: [String], _ why: String = "") -> GoldenExpectation {
        .differs(
            reason: pendingForever + "; compared structurally (§4.2: stubs, order, first and next)" + why,
            expect: .list(tasks)
        )
    }

    static func badRequest(_ section: String, _ message: MessageRule) -> GoldenExpectation {
        .differs(reason: section, expect: .error(.badRequest, message))
    }

    static let table: [String: GoldenExpectation] = [
        // 1. Identity headers and the default policy
        "No identity headers → 401 (ContextMiddleware, no X-Identity-Status: Confirmed)": .differs(
            reason: "§3.1 and §6: 401 with a message saying what was wrong (the missing X-Identity-Status) instead "
                + "of webob's generic sentence; like every response it carries x-openstack-request-id",
            expect: .error(.unauthorized, .containing(["X-Identity-Status"]))
        ),
        "Admin of project A → 200 (empty list on a fresh database)": .same,
        "Member (non-admin) of project B → 403 (default policy tasks_api_access = role:admin)": .same,
        "Roles are case-insensitive (X-Roles: Admin) → 200": .same,
        "Legacy X-Tenant-Id instead of X-Project-Id → accepted (oslo.context fallback)": .same,
        "Admin role but no project header → 200 (POST would be a 500, see section 5)": .differs(
            reason: "§3.1 (differs from Glance): a request without a project is 401, even for an admin",
            expect: .error(.unauthorized, .containing(["X-Project-Id"]))
        ),

        // 2. Schemas
        "GET /v2/schemas/task (admin)": .differs(
            reason: "§5 and §10: Glance's document plus Skylift's properties, and convert in the type enum",
            expect: .schema(addedProperties: ["progress", "steps", "warnings", "error"])
        ),
        "GET /v2/schemas/tasks (admin)": .differs(
            reason: "§5: Glance's document with convert added to the type enum",
            expect: .schema(addedProperties: [])
        ),
        "GET /v2/schemas/task as non-admin member → schemas are not behind tasks_api_access": .differs(
            reason: "§5 and §10: Glance's document plus Skylift's properties, and convert in the type enum",
            expect: .schema(addedProperties: ["progress", "steps", "warnings", "error"])
        ),

        // 3. A valid import, followed to success
        "Import tiny.qcow2 as admin of A: POST": .same,
        "Import tiny.qcow2 as admin of A: GET after 0.01 s (status now processing)": executorPoll,
        "Import tiny.qcow2 as admin of A: GET after 0.38 s (status now success)": executorPoll,
        "The image the task created (converted qcow2 → raw; introspection then records disk_format raw)":
            .notReplayed(
                reason: "the image a worker created; GlanceExecutorParityTests imports the same tiny.qcow2 and "
                    + "checks this image view field by field (§8)"
            ),
        "Import tiny.raw (raw → raw) as admin of A: POST": .same,
        "Import tiny.raw (raw → raw) as admin of A: GET after 0.02 s (status now processing)": executorPoll,
        "Import tiny.raw (raw → raw) as admin of A: GET after 0.30 s (status now success)": executorPoll,
        "Caller-supplied X-Openstack-Request-Id is kept as the task's request_id": .same,

        // 4. Import tasks that fail (at execution, in Glance)
        "Source URL answers 404: POST": .same,
        "Source URL answers 404: GET after 0.03 s (status now processing)": executorPoll,
        "Source URL answers 404: GET after 0.12 s (status now failure)": executorPoll,
        "Source refuses connections (127.0.0.1:80, nothing listening): POST": .same,
        "Source refuses connections (127.0.0.1:80, nothing listening): GET after 0.02 s (status now processing)":
            executorPoll,
        "Source refuses connections (127.0.0.1:80, nothing listening): GET after 0.08 s (status now failure)":
            executorPoll,
        "Source is not a qcow2 image (garbage bytes declared qcow2): POST": .same,
        "Source is not a qcow2 image (garbage bytes declared qcow2): GET after 0.03 s (status now processing)":
            executorPoll,
        "Source is not a qcow2 image (garbage bytes declared qcow2): GET after 0.18 s (status now failure)":
            executorPoll,
        "import_from_format missing (API accepts, executor rejects): POST": badRequest(
            "§4.1 step 6 (differs from Glance): the input fails the import input schema, so this is a 400 at create "
                + "naming a missing field instead of 201 and a failure later; the body also lacks image_properties' "
                + "disk_format and container_format, and Skylift names the first missing field its validator meets",
            .containing(["Invalid input for task type 'import'", "is a required property", "keyword 'required'"])
        ),
        "import_from_format missing (API accepts, executor rejects): GET after 0.01 s (status now processing)":
            executorPoll,
        "import_from_format missing (API accepts, executor rejects): GET after 0.06 s (status now failure)":
            executorPoll,

        // 5. Rejected requests
        "Valid body as non-admin member of B → 403 (policy is checked before the body)": .same,
        "Admin role but no project header → 500 (tasks.owner is NOT NULL)": .differs(
            reason: "§3.1 (differs from Glance): a request without a project is 401, never Glance's 500",
            expect: .error(.unauthorized, .containing(["X-Project-Id"]))
        ),
        "Missing `type` (default Accept → text/html error body)": .differs(
            reason: acceptAnyIsText,
            expect: .plainError(.badRequest, "Task 'type' is required")
        ),
        "Missing `type` (Accept: application/json)": .same,
        "Missing `input`": .same,
        "Unknown `type`": badRequest(
            "§4.1 step 4: a schema violation is one line naming the JSON pointer and keyword, not Glance's dump",
            .containing(["Provided object does not match schema 'task'", "'bogus'", "keyword 'enum'", "'/type'"])
        ),
        "`input` not an object": badRequest(
            "§4.1 step 4: a schema violation is one line naming the JSON pointer and keyword, not Glance's dump",
            .containing(["Provided object does not match schema 'task'", "keyword 'type'", "'/input'"])
        ),
        "`input` empty object (no import_from)": badRequest(
            "§4.1 step 6: the import input schema names the missing field instead of Glance's `Invalid location`",
            .containing(["Invalid input for task type 'import'", "import_from"])
        ),
        "`input` null": badRequest(
            "§4.1 step 6: null passes the task schema, then fails the import input schema (an object)",
            .containing(["Invalid input for task type 'import'", "'/input'"])
        ),
        "import_from file:// → refused": .same,
        "import_from ftp:// → refused": badRequest(
            "§15.2: the message lists the allowed schemes, http and https (Glance's default lists only http)",
            .exact(
                "The given uri is not valid. Please specify a valid uri from the following list of supported uri "
                    + "['http', 'https']"
            )
        ),
        "import_from on a port not in [import_filtering_opts] allowed_ports → refused": badRequest(
            "§15.2: `URI for import task does not pass filtering: <reason>` naming the port (Glance: `legacy import "
                + "task` and the URL)",
            .containing(["URI for import task does not pass filtering: ", "9999"])
        ),
        "import_from host not allowed (loopback alias not in allowed_hosts) → refused": badRequest(
            "§15.2: 127.0.0.2 is loopback and only 127.0.0.1 is exempt; the message names the address and why",
            .containing(["URI for import task does not pass filtering: ", "127.0.0.2"])
        ),
        "Non-JSON body": .differs(
            reason:
                "§4.1 step 2: Glance's `Malformed JSON in request body.`, then the parser's detail (what was wrong)",
            expect: .error(.badRequest, .containing(["Malformed JSON in request body. ", "at byte"]))
        ),
        "JSON array body": badRequest(
            "§4.1 step 2: a body that is not a JSON object is `Unexpected body type. Expected dict.` (Glance reads an "
                + "array as a body without `type`)",
            .exact("Unexpected body type. Expected dict.")
        ),
        "JSON string body": badRequest(
            "§4.1 step 2: `Unexpected body type. Expected dict.` (Glance says list/dict)",
            .exact("Unexpected body type. Expected dict.")
        ),
        "Empty body": .same,
        "Extra top-level property → 400 (schema additionalProperties: false; the message embeds the whole schema)":
            badRequest(
                "§4.1 step 4: one line with the pointer and keyword instead of Glance's multi-line schema dump",
                .containing(["Additional properties are not allowed ('foo' was unexpected)", "'additionalProperties'"])
            ),
        "Wrong Content-Type (text/plain) with a valid body → **201**: glance ignores Content-Type and parses the body as JSON":
            .same,
        "Known read-only-ish properties in the body (id, status, owner, result) pass the schema and are silently ignored → 201":
            .same,
        "Other task types in the schema enum: api_image_import with a bogus image_id → 201 (fails later; note `image_id` is copied from input)":
            badRequest(
                "§4.1 step 5 (differs from Glance): only types with an executor (import, convert) can be created",
                .exact("Invalid type value: api_image_import")
            ),

        // 6. GET /v2/tasks/{id}
        "Admin of C creates a task (owner = C)": .same,
        "Own task (admin of A)": .differs(reason: pendingForever, expect: .pendingView),
        "Another project's task as admin (admin of A reads C's task) → 200, admins see all": .differs(
            reason: pendingForever,
            expect: .pendingView
        ),
        "Another project's task as non-admin (member of B) → 403 by the default policy": .same,
        "Non-admin reading a task of its own project (member of C, C's task) → still 403 under the default policy":
            .same,
        "Nonexistent (well-formed) id → 404": .same,
        "Malformed id → 404 (no format check)": .same,
        "Malformed id, default Accept → 404 text/html": .differs(
            reason: acceptAnyIsText,
            expect: .plainError(.notFound, "Could not find task not-a-uuid")
        ),

        // 7. Per-owner scoping (port 9293: Skylift's default policy over the same store)
        "Member of B imports: POST": .same,
        "Member of B imports: GET after 0.02 s (status now processing)": executorPoll,
        "Member of B imports: GET after 0.27 s (status now failure)": executorPoll,
        "Member of C reads B's task → 404 (not 403: existence is hidden)": .same,
        "Member of C lists → only project C's tasks": listed(["793e0275"]),
        "Member of B lists → only project B's tasks": listed(["2d9b839e"]),
        "Member of B tries to list another owner via ?owner= → still only its own (the owner filter is ANDed with owner = B)":
            .same,
        "Admin of A reads B's task on 9293 → 200": .differs(reason: pendingForever, expect: .pendingView),

        // 8. Listing, filters, sorting, paging
        "Default list (admin sees every owner)": listed(
            allTasks,
            "; Glance's body is abridged (4 of its 12 stubs) and its two refused tasks are not here"
        ),
        "limit=2": listed(["2d9b839e", "793e0275"]),
        "Following `next`": listed(
            ["ec4aa970", "8c79f9eb"],
            "; after 793e0275 Glance had bd8deda1, refused at create here (§4.1 step 5)"
        ),
        "Following `first` from that page": listed(["2d9b839e", "793e0275"]),
        "sort_key=status&sort_dir=asc&limit=4": listed(
            ["7d620bef", "49afd44c", "56463aea", "12a2f10a"],
            "; every task is pending, so the order falls to created_at asc"
        ),
        "sort_key=updated_at&sort_dir=asc&limit=2": listed(["7d620bef", "49afd44c"]),
        "sort_key=owner&limit=2 (any tasks-table column is accepted: id, type, status, owner, expires_at, image_id, request_id, user_id, created_at, updated_at, deleted_at, deleted)":
            listed(["793e0275", "2d9b839e"]),
        "sort_key=message (a task_info column) → 400": .same,
        "sort_key=bogus → 400": .same,
        "sort_dir=up → 400": .same,
        "status=failure": listed([], "; no task has failed here"),
        "status=bogus → 400": .same,
        "type=import&limit=1": listed(["2d9b839e"]),
        "type=api_image_import → 400 (the filter only knows `import`, although such tasks exist)": .differs(
            reason: "§4.2 (differs from Glance): the type filter takes any value of the served enum; the "
                + "api_image_import task was refused at create (§4.1 step 5), so the list is empty",
            expect: .list([])
        ),
        "type=bogus → 400": .same,
        "owner=<C> — undocumented: any other query parameter naming a tasks column is applied as an equality filter":
            listed(["793e0275"]),
        "Unknown parameter → ignored (but echoed into first/next)": listed(["2d9b839e"]),
        "marker not a UUID → 400": .same,
        "marker a UUID that does not exist → 400": .same,
        "limit=0 → 200, empty, no next": .same,
        "limit=-1 → 400": .same,
        "limit=abc → 400": .same,
        "limit=1.5 → 400": .same,

        // 9. 10,000 more tasks, seeded through the store (pending, older than the replayed ones)
        "No limit → 25 items + next": .differs(
            reason: pendingForever + "; 10,000 pending tasks are seeded through the store: 25 stubs and next (§4.2)",
            expect: .page(count: 25, startingWith: allTasks)
        ),
        "limit=5000 → capped to 1000 items; next keeps limit=5000": .differs(
            reason: pendingForever + "; seeded through the store: clamped to 1000 stubs, next keeps limit=5000",
            expect: .page(count: 1000, startingWith: allTasks)
        ),
        "status=pending&limit=3 (seeded pending rows have no expires_at)": .differs(
            reason: pendingForever + "; here every task is pending, so the replayed ones come first",
            expect: .page(count: 3, startingWith: ["2d9b839e", "793e0275", "ec4aa970"])
        ),

        // 10. DELETE / PUT / PATCH
        "DELETE /v2/tasks/{id} as admin → 405, Allow: GET": .same,
        "DELETE /v2/tasks/{id}, default Accept (body_template is the bare text)": .differs(
            reason: acceptAnyIsText,
            expect: .plainError(
                .methodNotAllowed,
                "This operation is currently not permitted on Glance Tasks. They are auto deleted after reaching "
                    + "the time based on their expires_at property."
            )
        ),
        "DELETE /v2/tasks/{id} as non-admin → 403 (policy first)": .same,
        "DELETE of a nonexistent id → 405 as well (no lookup)": .same,
        "PUT /v2/tasks/{id} → 405 from the router, Allow: GET, DELETE": .same,
        "PATCH /v2/tasks/{id} → 405": .same,
        "DELETE /v2/tasks → 405, Allow: GET, POST": .same,
        "POST /v2/tasks/{id} → 405": .same,
    ]
}
