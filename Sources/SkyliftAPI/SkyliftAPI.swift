import HTTPTypes
import Hummingbird
import SkyliftDomain
import SkyliftMetrics

/// Everything the HTTP API needs, chosen by the composition root.
public struct APIDependencies: Sendable {
    public var store: any TaskStore
    public var images: any ImageStore
    /// Where image data lives: the download route reads it, the delete route removes it.
    public var files: any ImageFiles
    public var policy: PolicyEngine
    public var schemas: SchemaCatalog
    public var identity: any IdentityResolver
    public var urlFilter: ImportURLFilter
    public var clock: any WallClock
    public var configuration: APIConfiguration
    /// Told about every change of a task in this process; `?wait=N` requests wait on it (§10.3).
    public var changes: any TaskChangeFeed
    /// Called after a task is created, to wake an idle in-process worker.
    public var wake: @Sendable () -> Void
    /// Called after a processing task was asked to stop, so an in-process worker stops it at once (§10.2).
    public var cancel: @Sendable (TaskID, String) -> Void
    /// Where requests, created and canceled tasks are counted (§12).
    public var metrics: ServiceMetrics
    /// The Prometheus text of every metric this process recorded, served on `/metrics`; nil serves none (404).
    public var exposition: (@Sendable () -> [UInt8])?

    public init(
        store: any TaskStore,
        images: any ImageStore,
        files: any ImageFiles,
        policy: PolicyEngine,
        schemas: SchemaCatalog,
        identity: any IdentityResolver,
        urlFilter: ImportURLFilter,
        clock: any WallClock,
        configuration: APIConfiguration,
        changes: any TaskChangeFeed = LocalTaskChangeFeed(),
        wake: @escaping @Sendable () -> Void = {},
        cancel: @escaping @Sendable (TaskID, String) -> Void = { _, _ in },
        metrics: ServiceMetrics = .disabled,
        exposition: (@Sendable () -> [UInt8])? = nil
    ) {
        self.metrics = metrics
        self.exposition = exposition
        self.store = store
        self.images = images
        self.files = files
        self.policy = policy
        self.schemas = schemas
        self.identity = identity
        self.urlFilter = urlFilter
        self.clock = clock
        self.configuration = configuration
        self.changes = changes
        self.wake = wake
        self.cancel = cancel
    }
}

/// Builds the router: middleware first (request id, identity, errors and access log, 405s), then the controllers;
/// `knownRoutes` ends up holding every route it serves (for 405s and `/openapi.json`).
///
/// - Parameter servesTasks: false for the worker role, which serves only health, versions and schemas (neither the
///   tasks nor the images API).
public func buildRouter(
    _ dependencies: APIDependencies,
    servesTasks: Bool = true,
    knownRoutes: KnownRoutes = KnownRoutes(),
    tracing: Bool = false
) -> Router<SkyliftRequestContext> {
    let router = Router(context: SkyliftRequestContext.self)
    // A span per request, continuing the caller's W3C traceparent (§12); not even a no-op one when tracing is off.
    if tracing { router.add(middleware: TracingMiddleware(recordingHeaders: [.requestID])) }
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: IdentityMiddleware(resolver: dependencies.identity))
    router.add(middleware: ErrorMiddleware(metrics: dependencies.metrics))
    router.add(middleware: MethodNotAllowedMiddleware(routes: knownRoutes))
    VersionsController().addRoutes(to: router)
    HealthController(store: dependencies.store).addRoutes(to: router)
    SchemasController(schemas: dependencies.schemas).addRoutes(to: router)
    OpenAPIController(routes: knownRoutes, schemas: dependencies.schemas).addRoutes(to: router)
    if let exposition = dependencies.exposition {
        MetricsController(
            store: dependencies.store,
            metrics: dependencies.metrics,
            clock: dependencies.clock,
            exposition: exposition
        ).addRoutes(to: router)
    }
    let publicPaths = Set(router.routes.map(\.path.description))
    if servesTasks {
        let authenticated = router.group(context: AuthenticatedRequestContext.self)
        TasksController(
            store: dependencies.store,
            images: dependencies.images,
            policy: dependencies.policy,
            schemas: dependencies.schemas,
            urlFilter: dependencies.urlFilter,
            clock: dependencies.clock,
            configuration: dependencies.configuration,
            changes: dependencies.changes,
            wake: dependencies.wake,
            cancel: dependencies.cancel,
            metrics: dependencies.metrics
        ).addRoutes(to: authenticated)
        ImagesController(
            images: dependencies.images,
            tasks: dependencies.store,
            files: dependencies.files,
            policy: dependencies.policy,
            schemas: dependencies.schemas,
            clock: dependencies.clock,
            configuration: dependencies.configuration,
            changes: dependencies.changes,
            cancel: dependencies.cancel,
            metrics: dependencies.metrics
        ).addRoutes(to: authenticated)
        InfoController().addRoutes(to: authenticated)
        ImageImportController(
            images: dependencies.images,
            policy: dependencies.policy,
            urlFilter: dependencies.urlFilter,
            clock: dependencies.clock,
            configuration: dependencies.configuration,
            wake: dependencies.wake,
            metrics: dependencies.metrics
        ).addRoutes(to: authenticated)
    }
    knownRoutes.record(router.routes, publicPaths: publicPaths)
    return router
}
