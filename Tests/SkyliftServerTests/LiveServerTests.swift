import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSONSchema
import Logging
import SkyliftDomain
import SkyliftServer
import SkyliftTesting
import Testing

/// The whole application on a real socket, with a file database: what `skylift serve` runs.
@Suite struct LiveServerTests {
    static func configuration() -> SkyliftConfiguration {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skylift-live-\(UUID())")
        var configuration = SkyliftConfiguration()
        configuration.httpPort = 0
        configuration.database = .sqlite(path: folder.appendingPathComponent("skylift.sqlite").path)
        configuration.storagePath = folder.appendingPathComponent("images").path
        configuration.policyFile = RepositoryPaths.root.appendingPathComponent("etc/policy.yaml").path
        configuration.importRules.allowedHosts = ["127.0.0.1"]
        configuration.importRules.allowedPorts = []
        return configuration
    }

    @Test("create, show and list over HTTP against a SQLite file, as a tenant would")
    func endToEnd() async throws {
        var logger = Logger(label: "live")
        logger.logLevel = .error
        let components = try await Skylift.components(configuration: Self.configuration(), logger: logger)
        let app = Skylift.buildApplication(components, logger: logger)
        try await app.test(.live) { client in
            let body = Bodies.importTask(url: "http://127.0.0.1:8765/tiny.qcow2")
            let created = try await client.send(.post, "/v2/tasks", as: .member(), body: body)
            #expect(created.status == .created)
            let id = try #require(created["id"]?.stringValue)
            #expect(created.headers[.location]?.hasSuffix("/v2/tasks/\(id)") == true)
            let shown = try await client.send(.get, "/v2/tasks/\(id)", as: .member())
            #expect(shown.json == created.json)
            let listed = try await client.send(.get, "/v2/tasks", as: .member())
            #expect(listed["tasks"]?.arrayValue?.count == 1)
            let schema = try await client.send(.get, "/v2/schemas/task", as: nil)
            #expect(try Schema(try #require(schema.json)).validate(try #require(shown.json)).isEmpty)
        }
    }

    @Test("the worker role serves health, versions and schemas but not the tasks routes")
    func workerRole() async throws {
        var configuration = Self.configuration()
        configuration.role = .worker
        let components = try await Skylift.components(configuration: configuration, logger: Logger(label: "live"))
        let app = Skylift.buildApplication(components, logger: Logger(label: "live"))
        try await app.test(.live) { client in
            let health = try await client.send(.get, "/healthcheck", as: nil)
            let schema = try await client.send(.get, "/v2/schemas/tasks", as: nil)
            let versions = try await client.send(.get, "/versions", as: nil)
            let tasks = try await client.send(.get, "/v2/tasks", as: .admin())
            #expect(health.status == .ok)
            #expect(schema.status == .ok)
            #expect(versions.status == .ok)
            #expect(tasks.status == .notFound)
        }
    }
}
