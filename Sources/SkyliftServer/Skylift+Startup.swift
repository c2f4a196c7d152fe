import Foundation
import Logging
import SkyliftDomain
import SkyliftStore

extension Skylift {
    /// Refuses to trust identity headers on an address other than loopback unless told to (contract §3.1).
    static func checkListenAddress(_ configuration: SkyliftConfiguration) throws(ConfigurationError) {
        guard configuration.authMode == .headers, !configuration.allowHeadersOnPublicAddress else { return }
        guard !isLoopback(configuration.httpHost) else { return }
        throw ConfigurationError(
            "refusing to start: auth.mode 'headers' trusts identity headers from anyone who can reach the port, "
                + "and http.host '\(configuration.httpHost)' is not a loopback address. Listen on 127.0.0.1, or set "
                + "auth.allowHeadersOnPublicAddress: true behind a proxy that strips and sets these headers."
        )
    }

    /// `localhost`, 127.0.0.0/8 and ::1.
    static func isLoopback(_ host: String) -> Bool {
        if host.lowercased() == "localhost" { return true }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if case .v4(let value)? = IPAddress(dottedQuad: bare) { return value >> 24 == 127 }
        if let address = IPAddress(ipv6: bare) { return address == IPAddress(ipv6: "::1") }
        return false
    }

    /// Opens the configured store, creating the SQLite file's folder, migrating unless `database.migrate` is false.
    /// - Throws: `ConfigurationError` in one line naming `database.url` and the host when PostgreSQL cannot be
    ///   reached or refuses the credentials (never the password).
    public static func openStore(_ configuration: SkyliftConfiguration) async throws -> any TaskDatabase {
        switch configuration.database {
        case .postgres(let url):
            do {
                return try await PostgresTaskStore.connect(
                    location: url,
                    migrate: configuration.databaseMigrate
                )
            } catch let error as PostgresStoreError {
                throw ConfigurationError("database.url: \(error)")
            }
        case .sqliteMemory:
            return try SQLiteTaskStore(location: .memory, migrate: true)
        case .sqlite(let path):
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            let store = try SQLiteTaskStore(location: .file(path), migrate: configuration.databaseMigrate)
            if !configuration.databaseMigrate, try !store.isMigrated() {
                throw ConfigurationError(
                    "database \(path) is not migrated and database.migrate is false: run 'skylift migrate' first"
                )
            }
            return store
        }
    }

    /// Loads `policy.file` (built-in defaults when the default file is absent) and warns about unused keys.
    static func loadPolicy(_ configuration: SkyliftConfiguration, logger: Logger) throws -> PolicyEngine {
        let engine = try PolicyFileLoader.loadOrDefaults(
            path: configuration.policyFile,
            fileMustExist: configuration.policyFileExplicit
        )
        for name in engine.unknownRuleNames {
            logger.warning(
                "policy rule is not used by Skylift",
                metadata: ["rule": .string(name), "file": .string(configuration.policyFile)]
            )
        }
        return engine
    }
}
