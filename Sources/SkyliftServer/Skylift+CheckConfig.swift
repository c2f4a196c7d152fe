import Logging
import SkyliftAPI
import SkyliftDomain
import SkyliftExecutors
import SkyliftStore

extension Skylift {
    /// What `skylift check-config` checks beyond parsing: the listen address rule, the token mode's key and token
    /// files, the policy file and the schemas.
    public static func checkConfiguration(_ configuration: SkyliftConfiguration, logger: Logger) async throws {
        try checkListenAddress(configuration)
        _ = try await identityResolver(configuration, logger: logger)
        _ = try loadPolicy(configuration, logger: logger)
        _ = try SchemaCatalog.load()
    }
}

extension SkyliftConfiguration {
    /// `database.url` as it would be written.
    public var databaseURL: String {
        switch database {
        case .sqlite(let path): "sqlite://" + path
        case .sqliteMemory: "sqlite::memory:"
        case .postgres(let url): url.redacted
        }
    }
}
