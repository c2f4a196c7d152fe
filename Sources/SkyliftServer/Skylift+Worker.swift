import Foundation
import Logging
import ServiceLifecycle
import SkyliftDomain
import SkyliftExecutors
import SkyliftMetrics
import SkyliftStore

extension Skylift {
    /// The executors and the worker that runs them, built from the configuration (contract §7, §13).
    public struct WorkerParts: Sendable {
        public let registry: ExecutorRegistry
        public let worker: TaskWorker
        /// The download client (created on the first download); `HTTPClientShutdown` closes it at the end.
        public let httpClient: LazyHTTPClient

        /// Closes the download client (when the worker was run outside a service group).
        public func shutdown() async {
            await httpClient.shutdown()
        }
    }

    /// Builds the image file store, the `import` and `convert` executors and the worker.
    static func workerParts(
        configuration: SkyliftConfiguration,
        files: ImageFileStore,
        store: any TaskDatabase,
        urlFilter: ImportURLFilter,
        clock: any WallClock,
        logger: Logger,
        metrics: ServiceMetrics = .disabled
    ) throws -> WorkerParts {
        let downloadLimits = DownloadLimits(
            maxImageBytes: configuration.importMaxImageBytes,
            maxRedirects: configuration.importMaxRedirects,
            connectTimeout: .seconds(configuration.importConnectTimeout),
            stallTimeout: .seconds(configuration.importStallTimeout),
            retries: configuration.importRetries,
            decompress: configuration.importDecompress
        )
        let egress: DownloadEgress
        do {
            egress = try DownloadEgress(
                caFile: configuration.importCAFile,
                proxy: configuration.importProxy,
                noProxy: configuration.importNoProxy
            )
        } catch {
            throw ConfigurationError("configuration key 'import.caFile': \(error)")
        }
        let httpClient = LazyHTTPClient(limits: downloadLimits, egress: egress)
        let inspector = ImageInspector(
            qemuImg: QemuImg(
                limits: QemuImgLimits(
                    path: configuration.qemuImgPath,
                    cpuSeconds: configuration.qemuImgCPUSeconds,
                    memoryBytes: Int(configuration.qemuImgMemoryBytes)
                )
            )
        )
        let inspectionLimits = InspectionLimits(maxVirtualBytes: configuration.importMaxVirtualBytes)
        let downloader = Downloader(client: httpClient, filter: urlFilter, logger: logger)
        var registry = ExecutorRegistry()
        try registry.register(
            ImportExecutor(
                downloader: downloader,
                downloadLimits: downloadLimits,
                inspector: inspector,
                inspectionLimits: inspectionLimits,
                files: files,
                clock: clock
            )
        )
        try registry.register(
            ImageImportExecutor(
                images: store,
                downloader: downloader,
                downloadLimits: downloadLimits,
                inspector: inspector,
                inspectionLimits: inspectionLimits,
                files: files,
                clock: clock
            )
        )
        try registry.register(
            ConvertExecutor(
                images: store,
                inspector: inspector,
                inspectionLimits: inspectionLimits,
                maxImageBytes: configuration.importMaxImageBytes,
                files: files,
                clock: clock
            )
        )
        let worker = TaskWorker(
            store: store,
            registry: registry,
            files: files,
            clock: clock,
            options: WorkerOptions(
                name: "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)",
                concurrency: configuration.worker.concurrency,
                terms: ClaimTerms(
                    leaseSeconds: Double(configuration.worker.leaseSeconds),
                    maxAttempts: configuration.worker.maxAttempts,
                    timeToLive: configuration.taskTimeToLiveHours * 3600
                ),
                drainTime: .seconds(configuration.worker.drainSeconds)
            ),
            logger: logger,
            metrics: metrics
        )
        return WorkerParts(registry: registry, worker: worker, httpClient: httpClient)
    }
}

extension Skylift {
    /// The expiry reaper of §9 over `store`, as `expiry.interval` and `expiry.batchSize` say.
    static func reaper(
        configuration: SkyliftConfiguration,
        store: any TaskDatabase,
        clock: any WallClock,
        logger: Logger,
        metrics: ServiceMetrics = .disabled
    ) -> ExpiryReaper {
        ExpiryReaper(
            store: store,
            clock: clock,
            interval: .seconds(configuration.expiryInterval),
            batchSize: configuration.expiryBatchSize,
            logger: logger,
            metrics: metrics
        )
    }

    /// `skylift purge`: one reaper pass; returns how many tasks it deleted.
    public static func purge(
        configuration: SkyliftConfiguration,
        clock: any WallClock = SystemWallClock()
    ) async throws
        -> Int
    {
        let store = try await openStore(configuration)
        return try await reaper(
            configuration: configuration,
            store: store,
            clock: clock,
            logger: Logger(label: "purge")
        )
        .purge()
    }
}

/// Closes the download client after the other services stopped.
struct HTTPClientShutdown: Service {
    let client: LazyHTTPClient

    func run() async throws {
        try? await gracefulShutdown()
        await client.shutdown()
    }
}
