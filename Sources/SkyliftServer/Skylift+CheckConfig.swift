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

    /// `key = value` lines of the effective configuration.
    public var effectiveValues: [String] {
        let pairs: [(String, String)] = [
            ("http.host", httpHost), ("http.port", "\(httpPort)"), ("http.idleTimeout", "\(httpIdleTimeout)"),
            ("database.url", databaseURL), ("database.migrate", "\(databaseMigrate)"),
            ("storage.path", storagePath), ("auth.mode", authMode.rawValue),
            ("auth.allowHeadersOnPublicAddress", "\(allowHeadersOnPublicAddress)"),
            ("auth.jwtSecret", token.jwtSecret.map { "<set, \($0.utf8.count) bytes, not shown>" } ?? "<unset>"),
            ("auth.jwtIssuer", token.jwtIssuer ?? "<unset>"), ("auth.jwtAudience", token.jwtAudience ?? "<unset>"),
            ("auth.tokensFile", token.tokensFile ?? "<unset>"),
            ("auth.jwtPublicKeysFile", token.jwtPublicKeysFile ?? "<unset>"),
            ("auth.jwtProjectClaim", token.jwtProjectClaim), ("auth.jwtRolesClaim", token.jwtRolesClaim),
            ("auth.keystoneUrl", keystone.url ?? "<unset>"), ("auth.keystoneUser", keystone.user ?? "<unset>"),
            ("auth.keystonePassword", keystone.password == nil ? "<unset>" : "<set, not shown>"),
            ("auth.keystoneProject", keystone.project ?? "<unset>"), ("auth.keystoneDomain", keystone.domain),
            ("auth.keystoneCacheSeconds", "\(keystone.cacheSeconds)"),
            ("policy.file", policyFile),
            ("api.listDefaultLimit", "\(api.listDefaultLimit)"), ("api.listMaxLimit", "\(api.listMaxLimit)"),
            ("api.maxBodyBytes", "\(api.maxBodyBytes)"), ("api.maxStringLength", "\(api.maxStringLength)"),
            ("task.timeToLive", "\(taskTimeToLiveHours)"), ("worker.concurrency", "\(worker.concurrency)"),
            ("worker.leaseSeconds", "\(worker.leaseSeconds)"), ("worker.maxAttempts", "\(worker.maxAttempts)"),
            ("worker.drainSeconds", "\(worker.drainSeconds)"), ("expiry.interval", "\(expiryInterval)"),
            ("expiry.batchSize", "\(expiryBatchSize)"),
            ("import.allowedSchemes", "\(importRules.allowedSchemes)"),
            ("import.allowedPorts", "\(importRules.allowedPorts)"),
            ("import.allowedHosts", "\(importRules.allowedHosts)"),
            ("import.deniedHosts", "\(importRules.deniedHosts)"),
            ("import.allowPrivateNetworks", "\(importRules.allowPrivateNetworks)"),
            ("import.maxImageBytes", "\(importMaxImageBytes)"), ("import.maxVirtualBytes", "\(importMaxVirtualBytes)"),
            ("import.maxRedirects", "\(importMaxRedirects)"), ("import.connectTimeout", "\(importConnectTimeout)"),
            ("import.stallTimeout", "\(importStallTimeout)"), ("import.retries", "\(importRetries)"),
            ("import.decompress", "\(importDecompress)"), ("import.caFile", importCAFile ?? "<unset>"),
            ("import.proxy", importProxy.map(\.maskedURL) ?? "<unset>"), ("import.noProxy", "\(importNoProxy)"),
            ("qemuImg.path", qemuImgPath),
            ("qemuImg.cpuSeconds", "\(qemuImgCPUSeconds)"), ("qemuImg.memoryBytes", "\(qemuImgMemoryBytes)"),
            ("quota.maxActiveTasksPerProject", "\(quotaMaxActiveTasksPerProject)"),
            ("log.level", logLevel.rawValue), ("log.format", logFormat.rawValue),
            ("metrics.enabled", "\(metricsEnabled)"),
        ]
        return pairs.map { "\($0.0) = \($0.1)" }
    }
}
