import Logging
import SkyliftDomain
import SkyliftExecutors
import SkyliftStore

/// Every knob of the service, typed and validated once at startup (contract §13).
///
/// Read by `SkyliftConfiguration(reader:)`; `etc/skylift.yaml` documents each key with its default.
public struct SkyliftConfiguration: Sendable, Equatable {
    /// How a request gets its principal.
    public enum AuthMode: String, Sendable, Equatable, CaseIterable {
        case headers
        case token
        case keystone
    }

    /// Where the tasks live.
    public enum Database: Sendable, Equatable {
        case sqlite(path: String)
        case sqliteMemory
        /// A PostgreSQL server shared by every process (`postgres://user:password@host:port/database`).
        case postgres(PostgresURL)
    }

    /// The roles a process plays.
    public enum Role: String, Sendable, Equatable, CaseIterable {
        case all, api, worker
    }

    /// Log line format.
    public enum LogFormat: String, Sendable, Equatable, CaseIterable {
        case text, json
    }

    public var httpHost = "127.0.0.1"
    public var httpPort = 9292
    public var httpIdleTimeout = 30
    public var database = Database.sqlite(path: "./data/skylift.sqlite")
    public var databaseMigrate = true
    public var storagePath = "./data/images"
    public var authMode = AuthMode.headers
    public var allowHeadersOnPublicAddress = false
    /// The `auth.jwt*` and `auth.tokensFile` keys (token mode).
    public var token = TokenSettings()
    /// The `auth.keystone*` keys (keystone mode).
    public var keystone = KeystoneSettings()
    public var policyFile = "etc/policy.yaml"
    /// Whether `policy.file` was set explicitly (then a missing file is an error).
    public var policyFileExplicit = false
    public var api = APILimits()
    /// Hours a finished task stays visible.
    public var taskTimeToLiveHours = 48.0
    public var worker = WorkerSettings()
    public var expiryInterval = 60
    public var expiryBatchSize = 1000
    public var importRules = ImportURLRules()
    public var importMaxImageBytes: Int64 = 1_099_511_627_776
    public var importMaxVirtualBytes: Int64 = 1_099_511_627_776
    public var importMaxRedirects = 5
    /// How many more times a download is tried after a transient failure (`import.retries`, §17).
    public var importRetries = 3
    /// Whether gzip, xz, zstd and bzip2 sources are decompressed while they download (`import.decompress`, §17).
    public var importDecompress = true
    /// A PEM bundle of CA certificates trusted for downloads beside the system's (`import.caFile`, §17).
    public var importCAFile: String?
    /// The forward proxy downloads go through (`import.proxy`, §17).
    public var importProxy: DownloadProxy?
    /// Host suffixes downloads reach without the proxy (`import.noProxy`, §17).
    public var importNoProxy: [String] = []
    public var importConnectTimeout = 10
    public var importStallTimeout = 60
    public var qemuImgPath = "qemu-img"
    public var qemuImgCPUSeconds = 30
    public var qemuImgMemoryBytes: Int64 = 1_073_741_824
    public var quotaMaxActiveTasksPerProject = 100
    public var logLevel = Logger.Level.info
    public var logFormat = LogFormat.text
    /// Whether metrics are recorded and served on `/metrics` (`metrics.enabled`, §12).
    public var metricsEnabled = true
    /// Where spans are sent over OTLP/HTTP (`tracing.otlpEndpoint`, §12); nil: tracing is off and costs nothing.
    public var tracingEndpoint: String?
    /// The `service.name` spans carry (`tracing.serviceName`).
    public var tracingServiceName = "skylift"
    public var role = Role.all
    /// What reading the configuration changed or noticed without refusing it, logged once at startup.
    public var warnings: [String] = []

    /// The `api.*` keys.
    public struct APILimits: Sendable, Equatable {
        public var listDefaultLimit = 25
        public var listMaxLimit = 1000
        public var maxBodyBytes = 65536
        public var maxStringLength = 4096
    }

    /// The keys of `auth.mode: token` (contract §3.1).
    public struct TokenSettings: Sendable, Equatable {
        /// `auth.jwtSecret`: the HS256 secret, at least 32 bytes.
        public var jwtSecret: String?
        public var jwtIssuer: String?
        public var jwtAudience: String?
        /// `auth.tokensFile`: YAML list of `{sha256, project, user, roles}`.
        public var tokensFile: String?
        /// `auth.jwtPublicKeysFile`: PEM public keys or a JWKS document, for RS256 and ES256.
        public var jwtPublicKeysFile: String?
        public var jwtProjectClaim = "project_id"
        public var jwtRolesClaim = "roles"

        /// Whether any way of accepting a token is configured.
        public var isConfigured: Bool { jwtSecret != nil || tokensFile != nil || jwtPublicKeysFile != nil }
    }

    /// The keys of `auth.mode: keystone` (contract §3.1).
    public struct KeystoneSettings: Sendable, Equatable {
        /// `auth.keystoneUrl`: Keystone's base URL (`http://host:5000` or `.../v3`).
        public var url: String?
        /// `auth.keystoneUser`, `auth.keystonePassword`, `auth.keystoneProject`: the service user that validates
        /// tokens, and the project its token is scoped to.
        public var user: String?
        public var password: String?
        public var project: String?
        /// `auth.keystoneDomain`: the domain (by name) of the service user and its project.
        public var domain = "Default"
        /// `auth.keystoneCacheSeconds`: how long a valid answer is reused (never past the token's `expires_at`).
        public var cacheSeconds = 300

        public init() {}
    }

    /// The `worker.*` keys.
    public struct WorkerSettings: Sendable, Equatable {
        public var concurrency = 4
        public var leaseSeconds = 15
        public var maxAttempts = 3
        public var drainSeconds = 10
    }

    /// Every default.
    public init() {}
}
