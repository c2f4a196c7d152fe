import Foundation
import Logging
import SkyliftServer
import SkyliftStore
import Testing

@Suite struct StartupTests {
    static let logger = Logger(label: "test")

    @Test(
        "headers mode refuses a non-loopback address unless allowHeadersOnPublicAddress is set",
        arguments: [
            ("0.0.0.0", false), ("192.168.1.5", false), ("::", false), ("127.0.0.1", true), ("127.9.9.9", true),
            ("::1", true), ("localhost", true),
        ]
    )
    func listenAddress(host: String, allowed: Bool) async throws {
        var configuration = SkyliftConfiguration()
        configuration.httpHost = host
        configuration.database = .sqliteMemory
        configuration.policyFile = "/nonexistent-default-policy.yaml"
        configuration.storagePath = FileManager.default.temporaryDirectory.appendingPathComponent("sk-\(UUID())").path
        if allowed {
            _ = try await Skylift.components(configuration: configuration, logger: Self.logger)
        } else {
            await #expect(throws: ConfigurationError.self) {
                try await Skylift.components(configuration: configuration, logger: Self.logger)
            }
            configuration.allowHeadersOnPublicAddress = true
            _ = try await Skylift.components(configuration: configuration, logger: Self.logger)
        }
    }

    @Test("a broken policy file stops startup naming the file, line and reason")
    func brokenPolicy() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID()).yaml").path
        try "context_is_admin: \"role:admin\"\nget_task: \"rule:nope\"\n".write(
            toFile: path,
            atomically: true,
            encoding: .utf8
        )
        var configuration = SkyliftConfiguration()
        configuration.database = .sqliteMemory
        configuration.policyFile = path
        configuration.policyFileExplicit = true
        do {
            _ = try await Skylift.components(configuration: configuration, logger: Self.logger)
            Issue.record("started with a broken policy")
        } catch {
            #expect("\(error)" == "\(path):2: rule 'get_task' refers to undefined rule 'nope'")
        }
    }

    @Test("a file database is created with its folders, in WAL mode, and migrate: false refuses an empty one")
    func fileDatabase() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sk-\(UUID())/nested")
        var configuration = SkyliftConfiguration()
        configuration.database = .sqlite(path: folder.appendingPathComponent("skylift.sqlite").path)
        configuration.databaseMigrate = false
        #expect(throws: ConfigurationError.self) { try Skylift.openStore(configuration) }
        configuration.databaseMigrate = true
        let store = try Skylift.openStore(configuration)
        #expect(try store.isMigrated())
        #expect(try store.journalMode() == "wal")
        #expect(try store.synchronousMode() == 2, "FULL: every commit is synced before the create answers")
    }
}
