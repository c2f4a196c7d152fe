import Configuration
import Logging
import SkyliftAuth
import SkyliftDomain
import SkyliftExecutors
import SkyliftStore

/// Reading the configuration from a `ConfigReader` (flags → environment → YAML, first wins).
///
/// The keys, what each takes and its default are `SkyliftConfiguration.keys` (ConfigurationKeys.swift).
extension SkyliftConfiguration {
    /// Reads and validates every key.
    /// - Throws: `ConfigurationError` naming the first bad key.
    public init(reader: ConfigReader) throws(ConfigurationError) {
        try self.init(values: ConfigValues(reader: reader))
    }

    /// The keys `init(reader:)` looks up in `reader`: the test that no declared key is accepted and ignored
    /// compares them with `keys`.
    public static func keysRead(from reader: ConfigReader) throws(ConfigurationError) -> Set<String> {
        let log = KeysRead()
        _ = try SkyliftConfiguration(values: ConfigValues(reader: reader, readKeys: log))
        return log.all
    }

    private init(values: ConfigValues) throws(ConfigurationError) {
        self.init()
        httpHost = try values.string("http.host", default: httpHost)
        httpPort = try values.int("http.port", default: httpPort, in: 0...65535)
        httpIdleTimeout = try values.int("http.idleTimeout", default: httpIdleTimeout, in: 1...86400)
        database = try Self.parseDatabase(values.string("database.url", default: "sqlite://./data/skylift.sqlite"))
        databaseMigrate = try values.bool("database.migrate", default: databaseMigrate)
        storagePath = try values.string("storage.path", default: storagePath)
        authMode = try values.choice("auth.mode", default: authMode)
        allowHeadersOnPublicAddress = try values.bool(
            "auth.allowHeadersOnPublicAddress",
            default: allowHeadersOnPublicAddress
        )
        try readToken(values)
        try readKeystone(values)
        if let file = try values.optionalString("policy.file") {
            policyFile = file
            policyFileExplicit = true
        }
        api.listDefaultLimit = try values.int("api.listDefaultLimit", default: api.listDefaultLimit, in: 1...1_000_000)
        api.listMaxLimit = try values.int("api.listMaxLimit", default: api.listMaxLimit, in: 1...1_000_000)
        api.maxBodyBytes = try values.int("api.maxBodyBytes", default: api.maxBodyBytes, in: 1024...(64 << 20))
        api.maxStringLength = try values.int("api.maxStringLength", default: api.maxStringLength, in: 1...(1 << 20))
        taskTimeToLiveHours = try values.double("task.timeToLive", default: taskTimeToLiveHours, in: 0...87600)
        worker.concurrency = try values.int("worker.concurrency", default: worker.concurrency, in: 1...256)
        worker.leaseSeconds = try values.int("worker.leaseSeconds", default: worker.leaseSeconds, in: 3...3600)
        worker.maxAttempts = try values.int("worker.maxAttempts", default: worker.maxAttempts, in: 1...100)
        worker.drainSeconds = try values.int("worker.drainSeconds", default: worker.drainSeconds, in: 1...3600)
        expiryInterval = try values.int("expiry.interval", default: expiryInterval, in: 1...86400)
        expiryBatchSize = try values.int("expiry.batchSize", default: expiryBatchSize, in: 1...1_000_000)
        try readImport(values)
        qemuImgPath = try values.string("qemuImg.path", default: qemuImgPath)
        qemuImgCPUSeconds = try values.int("qemuImg.cpuSeconds", default: qemuImgCPUSeconds, in: 1...86400)
        qemuImgMemoryBytes = try values.int64(
            "qemuImg.memoryBytes",
            default: qemuImgMemoryBytes,
            in: (64 << 20)...Int64.max
        )
        quotaMaxActiveTasksPerProject = try values.int(
            "quota.maxActiveTasksPerProject",
            default: quotaMaxActiveTasksPerProject,
            in: 1...1_000_000
        )
        logLevel = try values.choice("log.level", default: logLevel)
        logFormat = try values.choice("log.format", default: logFormat)
        metricsEnabled = try values.bool("metrics.enabled", default: metricsEnabled)
        tracingEndpoint = try values.optionalNonEmptyString("tracing.otlpEndpoint")
        if let endpoint = tracingEndpoint, !(endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://")) {
            throw ConfigurationError(
                "configuration key 'tracing.otlpEndpoint': expected an http or https URL (got \(endpoint))"
            )
        }
        tracingServiceName = try values.string("tracing.serviceName", default: tracingServiceName)
        if api.listDefaultLimit > api.listMaxLimit {
            // As Glance does (contract §13): clamped, said once at startup, not a startup error.
            warnings.append(
                "configuration key 'api.listDefaultLimit' (\(api.listDefaultLimit)) is above 'api.listMaxLimit' "
                    + "(\(api.listMaxLimit)): lists default to \(api.listMaxLimit)"
            )
            api.listDefaultLimit = api.listMaxLimit
        }
    }

    private mutating func readToken(_ values: ConfigValues) throws(ConfigurationError) {
        if let secret = try values.optionalString("auth.jwtSecret") {
            guard secret.utf8.count >= TokenAuthenticator.minimumSecretBytes else {
                throw ConfigurationError(
                    "configuration key 'auth.jwtSecret': must be at least \(TokenAuthenticator.minimumSecretBytes) "
                        + "bytes (got \(secret.utf8.count); the value is not shown)"
                )
            }
            token.jwtSecret = secret
        }
        token.jwtIssuer = try values.optionalNonEmptyString("auth.jwtIssuer")
        token.jwtAudience = try values.optionalNonEmptyString("auth.jwtAudience")
        token.tokensFile = try values.optionalNonEmptyString("auth.tokensFile")
        token.jwtPublicKeysFile = try values.optionalNonEmptyString("auth.jwtPublicKeysFile")
        token.jwtProjectClaim = try values.string("auth.jwtProjectClaim", default: token.jwtProjectClaim)
        token.jwtRolesClaim = try values.string("auth.jwtRolesClaim", default: token.jwtRolesClaim)
        if authMode == .token && !token.isConfigured {
            throw ConfigurationError(
                "configuration key 'auth.mode': token mode needs auth.jwtSecret, auth.jwtPublicKeysFile or "
                    + "auth.tokensFile"
            )
        }
    }

    private mutating func readKeystone(_ values: ConfigValues) throws(ConfigurationError) {
        keystone.url = try values.optionalNonEmptyString("auth.keystoneUrl")
        keystone.user = try values.optionalNonEmptyString("auth.keystoneUser")
        keystone.password = try values.optionalNonEmptyString("auth.keystonePassword")
        keystone.project = try values.optionalNonEmptyString("auth.keystoneProject")
        keystone.domain = try values.string("auth.keystoneDomain", default: keystone.domain)
        keystone.cacheSeconds = try values.int(
            "auth.keystoneCacheSeconds",
            default: keystone.cacheSeconds,
            in: 0...86400
        )
        guard authMode == .keystone else { return }
        let required: [(String, String?)] = [
            ("auth.keystoneUrl", keystone.url), ("auth.keystoneUser", keystone.user),
            ("auth.keystonePassword", keystone.password), ("auth.keystoneProject", keystone.project),
        ]
        for (key, value) in required where value == nil {
            throw ConfigurationError("configuration key '\(key)' is not set: keystone mode needs it")
        }
        if let url = keystone.url, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw .invalid("auth.keystoneUrl", "must be an http:// or https:// URL", value: url)
        }
        if keystone.domain.isEmpty {
            throw ConfigurationError("configuration key 'auth.keystoneDomain' must not be empty")
        }
    }

    private mutating func readImport(_ values: ConfigValues) throws(ConfigurationError) {
        let schemes = try values.list("import.allowedSchemes", default: importRules.allowedSchemes).map {
            $0.lowercased()
        }
        for scheme in schemes where scheme != "http" && scheme != "https" {
            throw .invalid("import.allowedSchemes", "only http and https can be imported from", value: scheme)
        }
        importRules.allowedSchemes = schemes
        importRules.allowedPorts = try values.list(
            "import.allowedPorts",
            default: importRules.allowedPorts.map(String.init)
        ).map { (text) throws(ConfigurationError) -> Int in
            guard let port = Int(text), (1...65535).contains(port) else {
                throw .invalid("import.allowedPorts", "each port must be a whole number from 1 to 65535", value: text)
            }
            return port
        }
        importRules.allowedHosts = try values.list("import.allowedHosts", default: [])
        importRules.deniedHosts = try values.list("import.deniedHosts", default: [])
        importRules.allowPrivateNetworks = try values.bool("import.allowPrivateNetworks", default: false)
        importMaxImageBytes = try values.int64("import.maxImageBytes", default: importMaxImageBytes, in: 1...Int64.max)
        importMaxVirtualBytes = try values.int64(
            "import.maxVirtualBytes",
            default: importMaxVirtualBytes,
            in: 1...Int64.max
        )
        importMaxRedirects = try values.int("import.maxRedirects", default: importMaxRedirects, in: 0...50)
        importConnectTimeout = try values.int("import.connectTimeout", default: importConnectTimeout, in: 1...3600)
        importStallTimeout = try values.int("import.stallTimeout", default: importStallTimeout, in: 1...86400)
        importRetries = try values.int("import.retries", default: importRetries, in: 0...10)
        importDecompress = try values.bool("import.decompress", default: importDecompress)
        try readEgress(values)
    }

    private mutating func readEgress(_ values: ConfigValues) throws(ConfigurationError) {
        if let caFile = try values.optionalString("import.caFile") {
            do {
                _ = try DownloadEgress.certificates(inPEMFile: caFile)
            } catch {
                throw ConfigurationError("configuration key 'import.caFile': \(error)")
            }
            importCAFile = caFile
        }
        if let proxy = try values.optionalString("import.proxy"), !proxy.isEmpty {
            do {
                importProxy = try DownloadProxy(parsing: proxy)
            } catch {
                throw ConfigurationError("configuration key 'import.proxy': \(error)")
            }
        }
        importNoProxy = try values.list("import.noProxy", default: [])
    }

    /// `sqlite://PATH` (relative or absolute), `sqlite::memory:`, or `postgres://user:password@host:port/db`.
    static func parseDatabase(_ url: String) throws(ConfigurationError) -> Database {
        if url == "sqlite::memory:" { return .sqliteMemory }
        let lowered = url.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            do {
                return .postgres(try PostgresURL(url))
            } catch {
                // The message names what is wrong without repeating the URL, which may hold a password.
                throw ConfigurationError("database.url: the PostgreSQL URL \(error)")
            }
        }
        if url.hasPrefix("sqlite://") {
            let path = String(url.dropFirst("sqlite://".count))
            guard !path.isEmpty else {
                throw .invalid(
                    "database.url",
                    "a sqlite URL needs a file path, e.g. sqlite://./data/skylift.sqlite",
                    value: url
                )
            }
            return .sqlite(path: path)
        }
        throw .invalid(
            "database.url",
            "expected sqlite://PATH, sqlite::memory: or postgres://user:password@host:port/database",
            value: url
        )
    }
}
