import Hummingbird
import Logging
import ServiceLifecycle
import SkyliftAPI
import SkyliftDomain
import SkyliftExecutors
import SkyliftStore
import UnixSignals

/// The composition root: the only place where concrete store, policy, identity and executors are chosen.
public enum Skylift {
    /// The parts a running process is made of, built once from the configuration.
    public struct Components: Sendable {
        public let configuration: SkyliftConfiguration
        public let store: any TaskDatabase
        /// The image files under `storage.path`.
        public let files: ImageFileStore
        public let policy: PolicyEngine
        public let schemas: SchemaCatalog
        public let dependencies: APIDependencies
        /// The executors and the worker (which runs only in the `all` and `worker` roles).
        public let workerParts: WorkerParts
    }

    /// Checks the configuration against the safety rules, opens the store and loads policy and schemas.
    /// - Throws: `ConfigurationError` (or the policy or store error) with a message naming what is wrong.
    public static func components(
        configuration: SkyliftConfiguration,
        clock: any WallClock = SystemWallClock(),
        hostResolver: any HostResolver = SystemHostResolver(),
        logger: Logger
    ) async throws -> Components {
        try checkListenAddress(configuration)
        let identity = try await identityResolver(configuration, clock: clock, logger: logger)
        let store = try await openStore(configuration)
        let policy = try loadPolicy(configuration, logger: logger)
        let schemas = try SchemaCatalog.load()
        let urlFilter = ImportURLFilter(rules: configuration.importRules, resolver: hostResolver)
        let files = try ImageFileStore(root: configuration.storagePath)
        let observability = MetricsSetup(enabled: configuration.metricsEnabled)
        let parts = try workerParts(
            configuration: configuration,
            files: files,
            store: store,
            urlFilter: urlFilter,
            clock: clock,
            logger: logger,
            metrics: observability.metrics
        )
        let worker = parts.worker
        var wake: @Sendable () -> Void = {}
        var cancel: @Sendable (TaskID, String) -> Void = { _, _ in }
        if configuration.role != .api {
            store.onWorkAvailable { worker.wake() }
            wake = { worker.wake() }
            cancel = { id, user in worker.cancel(id, by: user) }
        }
        let dependencies = APIDependencies(
            store: store,
            images: store,
            files: files,
            policy: policy,
            schemas: schemas,
            identity: identity,
            urlFilter: urlFilter,
            clock: clock,
            configuration: APIConfiguration(
                listDefaultLimit: configuration.api.listDefaultLimit,
                listMaxLimit: configuration.api.listMaxLimit,
                maxBodyBytes: configuration.api.maxBodyBytes,
                maxStringLength: configuration.api.maxStringLength,
                supportedTypes: parts.registry.types,
                maxActiveTasksPerProject: configuration.quotaMaxActiveTasksPerProject,
                taskTimeToLive: configuration.taskTimeToLiveHours * 3600
            ),
            changes: store.changes,
            wake: wake,
            cancel: cancel,
            metrics: observability.metrics,
            exposition: observability.exposition
        )
        return Components(
            configuration: configuration,
            store: store,
            files: files,
            policy: policy,
            schemas: schemas,
            dependencies: dependencies,
            workerParts: parts
        )
    }

    /// The HTTP application for the configured role (the worker role serves only health, versions and schemas).
    public static func buildApplication(
        _ components: Components,
        logger: Logger
    ) -> some ApplicationProtocol {
        let configuration = components.configuration
        let router = buildRouter(
            components.dependencies,
            servesTasks: configuration.role != .worker,
            tracing: configuration.tracingEndpoint != nil
        )
        return Application(
            router: router,
            server: .http1(
                configuration: .init(
                    idleTimeout: .seconds(Int64(configuration.httpIdleTimeout)),
                    httpDecoderConfiguration: .init(maxHeaderFieldSize: 64 * 1024, maxHeaderListSize: 64 * 1024)
                )
            ),
            configuration: .init(
                address: .hostname(configuration.httpHost, port: configuration.httpPort),
                serverName: "skylift"
            ),
            logger: logger
        )
    }

    /// Everything a `skylift serve` process runs, under one service group with SIGTERM/SIGINT handling.
    public static func buildServiceGroup(
        configuration: SkyliftConfiguration,
        logger: Logger,
        tracing: (any Service)? = nil
    ) async throws -> ServiceGroup {
        let components = try await components(configuration: configuration, logger: logger)
        let application = buildApplication(components, logger: logger)
        // A graceful shutdown stops services in reverse order, each after the one behind it ended: the API stops
        // accepting first, then the reaper, then the worker drains (its downloads still need the HTTP client),
        // and the download client closes last.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: HTTPClientShutdown(client: components.workerParts.httpClient))
        ]
        if let tracing { services.insert(.init(service: tracing), at: 0) }
        if configuration.role != .api {
            services.append(.init(service: components.workerParts.worker))
            services.append(
                .init(
                    service: reaper(
                        configuration: configuration,
                        store: components.store,
                        clock: SystemWallClock(),
                        logger: logger,
                        metrics: components.dependencies.metrics
                    )
                )
            )
        }
        services.append(.init(service: application))
        return ServiceGroup(
            configuration: .init(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
    }

    /// Builds the service group and runs it until SIGTERM or SIGINT.
    /// With `tracing.otlpEndpoint` set, the process's tracer is bootstrapped first and its exporter runs in the
    /// group, stopped last so the spans of the shutdown are sent.
    public static func serve(configuration: SkyliftConfiguration, logger: Logger) async throws {
        let tracing = try TracingSetup.bootstrap(configuration)
        try await buildServiceGroup(configuration: configuration, logger: logger, tracing: tracing).run()
    }
}
