import Foundation
import Logging
import PostgresNIO
import SkyliftDomain

/// The shared store (contract §11): tasks and image records in PostgreSQL through postgres-nio's connection pool,
/// for any number of API and worker processes.
///
/// Every committed write of a task sends `NOTIFY skylift_tasks, '<id>'` in its transaction; each store listens on
/// one connection and tells its `LocalTaskChangeFeed`, so a waiter in one process wakes on a change made in
/// another (§10.3, §11.3).
public final class PostgresTaskStore: Sendable {
    /// The channel task changes are announced on.
    static let changesChannel = "skylift_tasks"

    let client: PostgresClient
    let logger: Logger
    let localChanges = LocalTaskChangeFeed()
    let workHandlers = WorkHandlers()
    private let running: Task<Void, Never>

    /// Connects to `url` (`postgres://user:password@host:port/database`) with at most `maxConnections` pooled
    /// connections, and, when `migrate` is true, applies every pending migration.
    /// - Throws: `PostgresURL.Invalid` for a malformed URL, `PostgresStoreError` when the server cannot be reached
    ///   or refuses the credentials; each says so in one line naming the host, never the password.
    public static func connect(
        url: String,
        migrate: Bool,
        maxConnections: Int = 16,
        logger: Logger = Logger(label: "skylift.postgres")
    ) async throws -> PostgresTaskStore {
        try await connect(
            location: try PostgresURL(url),
            migrate: migrate,
            maxConnections: maxConnections,
            logger: logger
        )
    }

    /// Connects to the server `location` names; as `connect(url:migrate:maxConnections:logger:)`.
    public static func connect(
        location: PostgresURL,
        migrate: Bool,
        maxConnections: Int = 16,
        logger: Logger = Logger(label: "skylift.postgres")
    ) async throws -> PostgresTaskStore {
        do {
            try await checkReachable(location, logger: logger)
        } catch {
            throw PostgresStoreError(location: location, error)
        }
        let store = PostgresTaskStore(location: location, maxConnections: maxConnections, logger: logger)
        do {
            if migrate {
                try await store.migrate()
            } else if try await !store.isMigrated() {
                throw PostgresStoreError(
                    "database \(location.redacted) is not migrated and database.migrate is false: "
                        + "run 'skylift migrate' first"
                )
            }
        } catch let error as PostgresStoreError {
            throw error
        } catch {
            throw PostgresStoreError(location: location, error)
        }
        return store
    }

    /// One connection attempt, so that a refused connection or bad credentials fail at once (the pool would
    /// retry for a minute before giving up).
    private static func checkReachable(_ location: PostgresURL, logger: Logger) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: location.connectionConfiguration(),
            id: 0,
            logger: logger
        )
        try await connection.close()
    }

    private init(location: PostgresURL, maxConnections: Int, logger: Logger) {
        var configuration = PostgresClient.Configuration(
            host: location.host,
            port: location.port,
            username: location.user,
            password: location.password,
            database: location.database,
            tls: .disable
        )
        configuration.options.maximumConnections = maxConnections
        configuration.options.connectTimeout = .seconds(5)
        // The pool warns when a query arrives before `run()` has started in the background task below; queries
        // wait for it, so that warning is noise. Its errors still reach the log.
        var background = logger
        background.logLevel = .error
        let client = PostgresClient(configuration: configuration, backgroundLogger: background)
        self.client = client
        self.logger = logger
        let changes = localChanges
        let work = workHandlers
        running = Task {
            await withDiscardingTaskGroup { group in
                group.addTask { await client.run() }
                group.addTask { await Self.listen(client, changes: changes, work: work, logger: logger) }
            }
        }
    }

    deinit { running.cancel() }

    /// Stops the pool and the listener.
    public func shutdown() { running.cancel() }

    /// Applies every pending schema migration (safe while other processes do the same).
    public func migrate() async throws {
        try await PostgresMigrations.migrate(client, logger: logger)
    }

    /// Whether every known migration has been applied.
    public func isMigrated() async throws -> Bool {
        try await client.withConnection { connection in
            let applied = try await PostgresMigrations.applied(connection, logger: logger)
            return PostgresMigrations.migrations.allSatisfy { applied.contains($0.name) }
        }
    }

    /// The plan PostgreSQL chooses for a list page (`EXPLAIN (COSTS OFF)`), one line per node (for docs and tests).
    public func explainList(_ query: ListQuery, visibility: Visibility, now: Timestamp) async throws -> [String] {
        let marker = query.marker.map { _ in PostgresListQuery.Marker(placeholderFor: query) }
        return try await explain(PostgresListQuery.page(query, visibility: visibility, now: now, marker: marker))
    }

    /// The plan PostgreSQL chooses for an image list page.
    public func explainImageList(_ query: ImageListQuery, visibility: Visibility) async throws -> [String] {
        try await explain(
            PostgresListQuery.images(query, visibility: visibility, marker: query.marker.map { (0, $0) })
        )
    }

    private func explain(_ query: PostgresQuery) async throws -> [String] {
        try await client.withConnection { connection in
            try await Self.rows(
                PostgresQuery(unsafeSQL: "EXPLAIN (COSTS OFF) " + query.sql, binds: query.binds),
                on: connection,
                logger: logger
            ) { try $0.decode(String.self) }
        }
    }

    /// Listens for task changes on one connection for as long as the store runs, reconnecting after a failure.
    private static func listen(
        _ client: PostgresClient,
        changes: LocalTaskChangeFeed,
        work: WorkHandlers,
        logger: Logger
    ) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: changesChannel) { notifications in
                        for try await notification in notifications {
                            // "+<id>": the change made work claimable; "<id>": any other change.
                            let payload = notification.payload
                            let isWork = payload.hasPrefix("+")
                            if let id = TaskID(isWork ? String(payload.dropFirst()) : payload) { changes.notify(id) }
                            if isWork { work.call() }
                        }
                    }
                }
            } catch {
                // The pool closes its connections when the store shuts down: that ends the listener too.
                if Task.isCancelled { return }
                if let error = error as? PSQLError, error.code == .clientClosedConnection || error.code == .poolClosed {
                    return
                }
                logger.warning(
                    "listening for task changes failed; retrying",
                    metadata: ["error": "\(String(reflecting: error).prefix(300))"]
                )
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
    }

    /// Runs `body` in a transaction; throws what `body` threw (or the commit's error), not postgres-nio's wrapper.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error.commitError ?? error.beginError ?? error
        }
    }

    /// The rows of `query`, each mapped by `transform`.
    static func rows<T>(
        _ query: PostgresQuery,
        on connection: PostgresConnection,
        logger: Logger,
        _ transform: (PostgresRow) throws -> T
    ) async throws -> [T] {
        var values: [T] = []
        for try await row in try await connection.query(query, logger: logger) { values.append(try transform(row)) }
        return values
    }

    /// Announces that task `id` changed (and, with `work`, that it can be claimed now), delivered when the
    /// transaction commits.
    static func announce(
        _ id: TaskID,
        work: Bool = false,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        let payload = (work ? "+" : "") + id.rawValue
        _ = try await connection.query("SELECT pg_notify(\(changesChannel), \(payload))", logger: logger)
    }

    /// The full stored task `id`.
    static func read(_ id: TaskID, on connection: PostgresConnection, logger: Logger) async throws -> ImageTask {
        let query = PostgresQuery(
            unsafeSQL: "SELECT \(PostgresRows.taskColumns) FROM tasks WHERE id = $1",
            binds: binds(id.rawValue)
        )
        guard let task = try await rows(query, on: connection, logger: logger, PostgresRows.task).first else {
            throw SkyliftError.taskNotFound(id)
        }
        return task
    }

    /// Bindings of `values` in order.
    static func binds(_ values: any PostgresDynamicTypeEncodable...) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values { bindings.append(value) }
        return bindings
    }
}

extension PostgresTaskStore: TaskStore {
    public var changes: any TaskChangeFeed { localChanges }

    public func create(_ task: ImageTask, options: CreateOptions) async throws -> CreateOutcome {
        try await transaction { connection in
            if let replayed = try await lockOwnerAndReplay(task, options: options, on: connection) {
                return .replayed(replayed)
            }
            try await insertNew(task, options: options, on: connection)
            return .created(task)
        }
    }

    /// Takes the per-owner lock that serialises an owner's creates, then replays `options`' idempotency key if it
    /// names a live task, inside the caller's transaction.
    func lockOwnerAndReplay(
        _ task: ImageTask,
        options: CreateOptions,
        on connection: PostgresConnection
    ) async throws -> ImageTask? {
        // Creates of one owner run one at a time, so the quota count and the key lookup cannot race.
        _ = try await connection.query(
            "SELECT pg_advisory_xact_lock(hashtextextended(\(task.owner), 0))",
            logger: logger
        )
        guard let idempotency = options.idempotency else { return nil }
        return try await replay(idempotency, owner: task.owner, now: options.now, on: connection)
    }

    /// Inserts a new task after the quota check, with its idempotency key, and announces the work, inside the
    /// caller's transaction (after `lockOwnerAndReplay`).
    /// - Throws: `SkyliftError.quotaExceeded` when the owner has too many active tasks.
    func insertNew(_ task: ImageTask, options: CreateOptions, on connection: PostgresConnection) async throws {
        if options.maxActiveTasks != nil {
            let query: PostgresQuery =
                "SELECT COUNT(*) FROM tasks WHERE status IN ('pending', 'processing') AND owner = \(task.owner)"
            let active = try await Self.rows(query, on: connection, logger: logger) { try $0.decode(Int64.self) }
            try options.checkQuota(owner: task.owner, active: Int(active.first ?? 0))
        }
        _ = try await connection.query(PostgresRows.insert(task), logger: logger)
        if let idempotency = options.idempotency {
            _ = try await connection.query(
                """
                UPDATE tasks SET idempotency_key = \(idempotency.key), idempotency_body = \(idempotency.body)
                WHERE id = \(task.id.rawValue)
                """,
                logger: logger
            )
        }
        try await Self.announce(task.id, work: true, on: connection, logger: logger)
    }

    /// The live task an idempotency key already names (same body), after freeing the key of an expired one.
    private func replay(
        _ idempotency: CreateOptions.Idempotency,
        owner: String,
        now: Timestamp,
        on connection: PostgresConnection
    ) async throws -> ImageTask? {
        let query = PostgresQuery(
            unsafeSQL: """
                SELECT \(PostgresRows.taskColumns), idempotency_body FROM tasks
                WHERE owner = $1 AND idempotency_key = $2
                """,
            binds: Self.binds(owner, idempotency.key)
        )
        let found = try await Self.rows(query, on: connection, logger: logger) { row in
            (try PostgresRows.task(from: row), try row.makeRandomAccess()["idempotency_body"].decode(String?.self))
        }
        guard let (stored, body) = found.first else { return nil }
        switch try idempotency.decide(stored: stored, storedBody: body, now: now) {
        case .freeExpiredKey(let id):
            _ = try await connection.query("DELETE FROM tasks WHERE id = \(id.rawValue)", logger: logger)
            return nil
        case .replay(let task):
            return task
        }
    }

    public func task(id: TaskID, visibility: Visibility, now: Timestamp) async throws -> ImageTask? {
        try await client.withConnection { connection in
            let query = PostgresListQuery.visibleRow(
                id: id,
                columns: PostgresRows.taskColumns,
                visibility: visibility,
                now: now
            )
            return try await Self.rows(query, on: connection, logger: logger, PostgresRows.task).first
        }
    }

    public func list(_ query: ListQuery, visibility: Visibility, now: Timestamp) async throws -> [TaskSummary] {
        try await client.withConnection { connection in
            var marker: PostgresListQuery.Marker?
            if let id = query.marker {
                let markerQuery = PostgresListQuery.visibleRow(
                    id: id,
                    columns: PostgresRows.summaryColumns,
                    visibility: visibility,
                    now: now
                )
                guard
                    let row = try await Self.rows(markerQuery, on: connection, logger: logger, PostgresRows.summary)
                        .first
                else { throw SkyliftError.taskMarkerNotFound(id) }
                marker = PostgresListQuery.Marker(row, keys: query.orderingKeys)
            }
            let page = PostgresListQuery.page(query, visibility: visibility, now: now, marker: marker)
            return try await Self.rows(page, on: connection, logger: logger, PostgresRows.summary)
        }
    }

    public func tasks(forImage imageID: String, visibility: Visibility, now: Timestamp) async throws -> [ImageTask] {
        try await client.withConnection { connection in
            try await Self.rows(
                PostgresListQuery.tasks(forImage: imageID, visibility: visibility, now: now),
                on: connection,
                logger: logger,
                PostgresRows.task
            )
        }
    }

    public func transition(id: TaskID, from: TaskStatus, to updated: ImageTask) async throws -> ImageTask {
        guard from.canTransition(to: updated.status) else {
            throw SkyliftError.invalidTransition(from: from, to: updated.status)
        }
        return try await transaction { connection in
            let changed = try await Self.rows(
                PostgresRows.update(updated, expectedStatus: from),
                on: connection,
                logger: logger
            ) { try $0.decode(String.self) }
            if changed.isEmpty {
                let current = try await Self.rows(
                    "SELECT status FROM tasks WHERE id = \(id.rawValue)",
                    on: connection,
                    logger: logger
                ) { try $0.decode(String.self) }
                guard let current = current.first else { throw SkyliftError.taskNotFound(id) }
                throw SkyliftError.statusChanged(id, stored: try PostgresRows.status(current), expected: from)
            }
            try await Self.announce(id, on: connection, logger: logger)
            return try await Self.read(id, on: connection, logger: logger)
        }
    }

    public func ping() async throws {
        _ = try await client.withConnection { connection in
            try await connection.query("SELECT 1", logger: logger)
        }
    }

    public func statistics(now: Timestamp) async throws -> TaskStatistics {
        let rows = try await client.withConnection { connection in
            try await Self.rows(
                """
                SELECT status, COUNT(*), MIN(created_at) FROM tasks
                WHERE expires_at = 0 OR expires_at > \(now.microseconds) GROUP BY status
                """,
                on: connection,
                logger: logger
            ) { try $0.decode((String, Int64, Int64).self) }
        }
        var counts: [TaskStatus: Int] = [:]
        var oldestPending: Timestamp?
        for (name, count, oldest) in rows {
            guard let status = TaskStatus(rawValue: name) else { continue }
            counts[status] = Int(count)
            if status == .pending { oldestPending = Timestamp(microseconds: oldest) }
        }
        return TaskStatistics(counts: counts, oldestPendingCreatedAt: oldestPending, now: now)
    }
}
