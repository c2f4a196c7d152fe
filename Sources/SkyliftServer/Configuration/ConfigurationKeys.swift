import Logging
import SkyliftDomain
import SkyliftExecutors

/// One configuration key (contract §13): its dotted name, what it takes, its default as `etc/skylift.yaml` writes
/// it (`unset`: the file shows it commented out), and how `skylift check-config` shows its effective value
/// (secrets masked).
public struct ConfigurationKey: Sendable {
    /// The dotted lowerCamel name (`database.url`; `DATABASE_URL` in the environment).
    public let name: String
    /// What values it takes.
    public let accepts: String
    /// Its default as the YAML file writes it, or `unset`.
    public let defaultValue: String
    /// Its effective value as `check-config` prints it; secrets are never shown.
    public let effective: @Sendable (SkyliftConfiguration) -> String

    init(
        _ name: String,
        _ accepts: String,
        _ defaultValue: String,
        effective: @escaping @Sendable (SkyliftConfiguration) -> String
    ) {
        self.name = name
        self.accepts = accepts
        self.defaultValue = defaultValue
        self.effective = effective
    }

    /// Whether the key has no default (the YAML file shows it commented out).
    public var isUnsetByDefault: Bool { defaultValue == "unset" }
}

extension SkyliftConfiguration {
    /// Every key, the one declaration the others derive from: the YAML unknown-key check (`knownKeys`),
    /// `check-config`'s printout (`effectiveValues`), and the tests that `init(reader:)` reads each of them and
    /// nothing else, and that `etc/skylift.yaml` lists each with its default.
    public static let keys: [ConfigurationKey] = server + auth + limits + importKeys + operations

    /// The names of every key.
    public static let knownKeys: Set<String> = Set(keys.map(\.name))

    /// `key = value` lines of the effective configuration, in the order of `keys`.
    public var effectiveValues: [String] {
        Self.keys.map { "\($0.name) = \($0.effective(self))" }
    }

    private static let server: [ConfigurationKey] = [
        .init("http.host", "address to listen on", "127.0.0.1") { $0.httpHost },
        .init("http.port", "0–65535", "9292") { "\($0.httpPort)" },
        .init("http.idleTimeout", "seconds ≥ 1", "30") { "\($0.httpIdleTimeout)" },
        .init(
            "database.url",
            "`sqlite://PATH`, `sqlite::memory:`, `postgres://user:pass@host:port/db`",
            "sqlite://./data/skylift.sqlite"
        ) { $0.databaseURL },
        .init("database.migrate", "bool", "true") { "\($0.databaseMigrate)" },
        .init("storage.path", "path", "./data/images") { $0.storagePath },
        .init("policy.file", "path", "etc/policy.yaml") { $0.policyFile },
    ]

    private static let auth: [ConfigurationKey] = [
        .init("auth.mode", "`headers`, `token`, `keystone`", "headers") { $0.authMode.rawValue },
        .init("auth.allowHeadersOnPublicAddress", "bool", "false") { "\($0.allowHeadersOnPublicAddress)" },
        .init("auth.jwtSecret", "HS256 secret, ≥ 32 bytes", "unset") {
            $0.token.jwtSecret.map { "<set, \($0.utf8.count) bytes, not shown>" } ?? "<unset>"
        },
        .init("auth.jwtIssuer", "string checked against `iss`", "unset") { $0.token.jwtIssuer ?? "<unset>" },
        .init("auth.jwtAudience", "string checked against `aud`", "unset") { $0.token.jwtAudience ?? "<unset>" },
        .init("auth.jwtPublicKeysFile", "path of PEM keys or a JWKS", "unset") {
            $0.token.jwtPublicKeysFile ?? "<unset>"
        },
        .init("auth.jwtProjectClaim", "claim name (dotted: a path)", "project_id") { $0.token.jwtProjectClaim },
        .init("auth.jwtRolesClaim", "claim name (dotted: a path)", "roles") { $0.token.jwtRolesClaim },
        .init("auth.tokensFile", "path of static token digests", "unset") { $0.token.tokensFile ?? "<unset>" },
        .init("auth.keystoneUrl", "http(s) URL (keystone mode)", "unset") { $0.keystone.url ?? "<unset>" },
        .init("auth.keystoneUser", "service user (keystone mode)", "unset") { $0.keystone.user ?? "<unset>" },
        .init("auth.keystonePassword", "its password (keystone mode)", "unset") {
            $0.keystone.password == nil ? "<unset>" : "<set, not shown>"
        },
        .init("auth.keystoneProject", "its project (keystone mode)", "unset") { $0.keystone.project ?? "<unset>" },
        .init("auth.keystoneDomain", "domain name", "Default") { $0.keystone.domain },
        .init("auth.keystoneCacheSeconds", "seconds ≥ 0", "300") { "\($0.keystone.cacheSeconds)" },
    ]

    private static let limits: [ConfigurationKey] = [
        .init("api.listDefaultLimit", "≥ 1 (above the maximum: clamped, with a warning)", "25") {
            "\($0.api.listDefaultLimit)"
        },
        .init("api.listMaxLimit", "≥ 1", "1000") { "\($0.api.listMaxLimit)" },
        .init("api.maxBodyBytes", "≥ 1024", "65536") { "\($0.api.maxBodyBytes)" },
        .init("api.maxStringLength", "≥ 1", "4096") { "\($0.api.maxStringLength)" },
        .init("task.timeToLive", "hours ≥ 0", "48") { "\($0.taskTimeToLiveHours)" },
        .init("worker.concurrency", "1–256", "4") { "\($0.worker.concurrency)" },
        .init("worker.leaseSeconds", "3–3600", "15") { "\($0.worker.leaseSeconds)" },
        .init("worker.maxAttempts", "1–100", "3") { "\($0.worker.maxAttempts)" },
        .init("worker.drainSeconds", "1–3600", "10") { "\($0.worker.drainSeconds)" },
        .init("expiry.interval", "seconds ≥ 1", "60") { "\($0.expiryInterval)" },
        .init("expiry.batchSize", "≥ 1", "1000") { "\($0.expiryBatchSize)" },
        .init("quota.maxActiveTasksPerProject", "≥ 1", "100") { "\($0.quotaMaxActiveTasksPerProject)" },
        .init("qemuImg.path", "path", "qemu-img") { $0.qemuImgPath },
        .init("qemuImg.cpuSeconds", "≥ 1", "30") { "\($0.qemuImgCPUSeconds)" },
        .init("qemuImg.memoryBytes", "bytes ≥ 64 MiB", "1073741824") { "\($0.qemuImgMemoryBytes)" },
    ]

    private static let importKeys: [ConfigurationKey] = [
        .init("import.allowedSchemes", "list of `http`, `https`", "[http, https]") {
            "\($0.importRules.allowedSchemes)"
        },
        .init("import.allowedPorts", "list of 1–65535 (empty: any)", "[80, 443]") { "\($0.importRules.allowedPorts)" },
        .init("import.allowedHosts", "list of names or IPs", "[]") { "\($0.importRules.allowedHosts)" },
        .init("import.deniedHosts", "list of names or IPs", "[]") { "\($0.importRules.deniedHosts)" },
        .init("import.allowPrivateNetworks", "bool", "false") { "\($0.importRules.allowPrivateNetworks)" },
        .init("import.maxImageBytes", "bytes ≥ 1", "1099511627776") { "\($0.importMaxImageBytes)" },
        .init("import.maxVirtualBytes", "bytes ≥ 1", "1099511627776") { "\($0.importMaxVirtualBytes)" },
        .init("import.maxRedirects", "0–50", "5") { "\($0.importMaxRedirects)" },
        .init("import.connectTimeout", "seconds ≥ 1", "10") { "\($0.importConnectTimeout)" },
        .init("import.stallTimeout", "seconds ≥ 1", "60") { "\($0.importStallTimeout)" },
        .init("import.retries", "0–10", "3") { "\($0.importRetries)" },
        .init("import.decompress", "bool", "true") { "\($0.importDecompress)" },
        .init("import.caFile", "path of a PEM bundle", "unset") { $0.importCAFile ?? "<unset>" },
        .init("import.proxy", "`http://[user:password@]host[:port]`", "unset") {
            $0.importProxy.map(\.maskedURL) ?? "<unset>"
        },
        .init("import.noProxy", "list of host suffixes", "[]") { "\($0.importNoProxy)" },
    ]

    /// `scheme://user:secret@host/…` as `scheme://***@host/…`: a collector URL may carry credentials.
    static func maskingUserInfo(_ url: String) -> String {
        let parts = url.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        // "scheme:", "", "authority", "path…"
        guard parts.count >= 3, parts[0].hasSuffix(":"), parts[1].isEmpty, let at = parts[2].lastIndex(of: "@")
        else { return url }
        let authority = "***" + parts[2][at...]
        return ([String(parts[0]), "", String(authority)] + parts.dropFirst(3).map(String.init)).joined(separator: "/")
    }

    private static let operations: [ConfigurationKey] = [
        .init("log.level", "trace, debug, info, notice, warning, error, critical", "info") { $0.logLevel.rawValue },
        .init("log.format", "`text`, `json`", "text") { $0.logFormat.rawValue },
        .init("metrics.enabled", "bool (`/metrics` served, metrics recorded)", "true") { "\($0.metricsEnabled)" },
        .init("tracing.otlpEndpoint", "http(s) URL of an OTLP/HTTP collector (unset: no tracing)", "unset") {
            $0.tracingEndpoint.map(maskingUserInfo) ?? "<unset>"
        },
        .init("tracing.serviceName", "the spans' service.name", "skylift") { $0.tracingServiceName },
    ]
}
