import Foundation
import Hummingbird
import HummingbirdTesting
import JSONSchema
import Logging
import SkyliftAPI
import SkyliftDomain
import SkyliftExecutors
import SkyliftServer
import SkyliftStore

/// The real API over a fresh store (an in-memory SQLite database, or a new PostgreSQL database when
/// `TestStore.isPostgres`), the real policy engine and the served schemas; no port.
///
/// Image files live in a temporary directory the service owns; it is removed, and a PostgreSQL store's connections
/// closed, when the last copy of the service is gone.
public struct TestService: Sendable {
    private let fresh: TestStore.Fresh
    public var store: any TaskDatabase { fresh.store }
    /// The image file store, in `fileDirectory`.
    public let files: ImageFileStore
    /// The temporary directory holding the image files.
    public let fileDirectory: TemporaryDirectory
    public let schemas: SchemaCatalog
    public let clock: ManualWallClock
    public let dependencies: APIDependencies

    /// - Parameters:
    ///   - policyFile: a policy file under `etc/` (e.g. `policy-glance.yaml`); nil for the built-in defaults.
    ///   - hosts: the name table import URLs resolve through (no DNS in tests).
    ///   - rules: the import URL rules.
    ///   - identity: how requests get their principal (headers mode unless told otherwise).
    public init(
        policyFile: String? = nil,
        configuration: APIConfiguration = APIConfiguration(),
        hosts: [String: [IPAddress]] = ["example.com": [IPAddress(dottedQuad: "203.0.113.10")!]],
        rules: ImportURLRules = ImportURLRules(),
        clock: ManualWallClock = ManualWallClock(tickMicroseconds: 1000),
        identity: any IdentityResolver = HeaderIdentityResolver()
    ) async throws {
        fresh = try await TestStore.fresh()
        let store = fresh.store
        fileDirectory = try TemporaryDirectory(prefix: "skylift-images-")
        files = try ImageFileStore(root: fileDirectory.url.path)
        schemas = try SchemaCatalog.load()
        self.clock = clock
        let policy =
            try policyFile.map {
                try PolicyFileLoader.load(path: RepositoryPaths.root.appendingPathComponent("etc/\($0)").path)
            }
            ?? PolicyEngine(entries: [])
        dependencies = APIDependencies(
            store: store,
            images: store,
            files: files,
            policy: policy,
            schemas: schemas,
            identity: identity,
            urlFilter: ImportURLFilter(rules: rules, resolver: StaticHostResolver(hosts)),
            clock: clock,
            configuration: configuration,
            changes: store.changes
        )
    }

    /// The application, ready for `app.test(.router)`.
    public func application() -> some ApplicationProtocol {
        var logger = Logger(label: "skylift-test")
        logger.logLevel = .critical
        return Application(router: buildRouter(dependencies), logger: logger)
    }

    /// Runs `body` against the router with a test client.
    public func test<Value: Sendable>(
        _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        try await application().test(.router, body)
    }
}

/// Paths in the repository, found from this file's location.
public enum RepositoryPaths {
    /// The repository root (the folder holding Package.swift).
    public static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// `../shared` beside the repository (the spec, transcripts and the JSON Schema test suite).
    public static var shared: URL {
        if let override = ProcessInfo.processInfo.environment["SKYLIFT_SHARED"] {
            return URL(fileURLWithPath: override)
        }
        return root.deletingLastPathComponent().appendingPathComponent("shared")
    }
}
