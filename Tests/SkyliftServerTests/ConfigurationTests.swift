import Configuration
import Foundation
import SkyliftDomain
import SkyliftExecutors
import SkyliftServer
import SkyliftTesting
import Testing

@Suite struct ConfigurationTests {
    /// Writes `text` to a fresh temporary YAML file.
    static func yaml(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("skylift-\(UUID()).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("with nothing set, every value is the contract's default")
    func defaults() async throws {
        let configuration = try await ConfigurationLoader.load(file: nil, environment: [:])
        #expect(configuration.httpHost == "127.0.0.1" && configuration.httpPort == 9292)
        #expect(configuration.database == .sqlite(path: "./data/skylift.sqlite"))
        #expect(configuration.storagePath == "./data/images")
        #expect(configuration.authMode == .headers)
        #expect(configuration.api.listDefaultLimit == 25 && configuration.api.listMaxLimit == 1000)
        #expect(configuration.api.maxBodyBytes == 65536 && configuration.api.maxStringLength == 4096)
        #expect(configuration.importRules == ImportURLRules())
        #expect(configuration.worker.concurrency == 4 && configuration.taskTimeToLiveHours == 48)
    }

    @Test("the shipped etc/skylift.yaml documents every key and holds exactly the defaults")
    func shippedFile() async throws {
        let path = RepositoryPaths.root.appendingPathComponent("etc/skylift.yaml").path
        let fromFile = try await ConfigurationLoader.load(file: path, environment: [:])
        let defaults = try await ConfigurationLoader.load(file: nil, environment: [:])
        #expect(fromFile == defaults)
        let documented = try Self.documentedKeys(String(contentsOfFile: path, encoding: .utf8))
        #expect(Set(documented.keys) == SkyliftConfiguration.knownKeys, "the file and the key table differ")
        for key in SkyliftConfiguration.keys {
            // An unset key is shown commented out; any other with its default, as the table writes it.
            #expect(documented[key.name] == (key.isUnsetByDefault ? nil : key.defaultValue), "\(key.name)")
        }
    }

    @Test("the configuration reads every key of the table and no other, so none is accepted and ignored")
    func everyKeyRead() throws {
        let read = try SkyliftConfiguration.keysRead(from: ConfigReader(provider: InMemoryProvider(values: [:])))
        #expect(
            read == SkyliftConfiguration.knownKeys,
            "read, not declared: \(read.subtracting(SkyliftConfiguration.knownKeys)); declared, not read: \(SkyliftConfiguration.knownKeys.subtracting(read))"
        )
        #expect(Set(SkyliftConfiguration.keys.map(\.name)).count == SkyliftConfiguration.keys.count, "a key twice")
        let shown = SkyliftConfiguration().effectiveValues
        #expect(shown.map { String($0.prefix { $0 != " " }) } == SkyliftConfiguration.keys.map(\.name))
    }

    @Test("tracing.otlpEndpoint must be an http(s) URL; check-config masks credentials in it")
    func tracingEndpoint() async throws {
        await #expect(throws: ConfigurationError.self) {
            try await ConfigurationLoader.load(file: nil, environment: ["TRACING_OTLP_ENDPOINT": "collector:4318"])
        }
        let configuration = try await ConfigurationLoader.load(
            file: nil,
            environment: ["TRACING_OTLP_ENDPOINT": "https://ops:s3cret@collector.internal:4318"]
        )
        #expect(configuration.tracingEndpoint == "https://ops:s3cret@collector.internal:4318")
        #expect(configuration.effectiveValues.contains("tracing.otlpEndpoint = https://***@collector.internal:4318"))
        #expect(!configuration.effectiveValues.joined().contains("s3cret"))
    }

    /// The keys `etc/skylift.yaml` lists: `section.key` → its value, or nil where it is shown commented out
    /// (`  # key:` with at most one example value).
    static func documentedKeys(_ text: String) throws -> [String: String?] {
        var section = ""
        var keys: [String: String?] = [:]
        let sectionLine = /^([A-Za-z]+):\s*$/
        let leafLine = /^  ([A-Za-z]+):\s*(.*)$/
        let commentedLine = /^  # ([A-Za-z]+):( \S+)?\s*$/
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let match = try sectionLine.wholeMatch(in: line) {
                section = String(match.1)
            } else if let match = try commentedLine.wholeMatch(in: line) {
                keys["\(section).\(match.1)"] = .some(nil)
            } else if let match = try leafLine.wholeMatch(in: line) {
                keys["\(section).\(match.1)"] = String(match.2)
            }
        }
        return keys
    }

    @Test("flags win over the environment, which wins over the file")
    func precedence() async throws {
        let path = try Self.yaml("http:\n  port: 1111\n  host: 127.0.0.2\napi:\n  listMaxLimit: 50\n")
        let configuration = try await ConfigurationLoader.load(
            file: path,
            overrides: ["http.port": "3333"],
            environment: ["HTTP_PORT": "2222", "HTTP_HOST": "::1"]
        )
        #expect(configuration.httpPort == 3333)
        #expect(configuration.httpHost == "::1")
        #expect(configuration.api.listMaxLimit == 50)
    }

    @Test("lists come from YAML sequences or comma-separated environment values")
    func lists() async throws {
        let path = try Self.yaml("import:\n  allowedPorts: [80, 8080]\n  allowedHosts:\n    - 127.0.0.1\n")
        let fromFile = try await ConfigurationLoader.load(file: path, environment: [:])
        #expect(fromFile.importRules.allowedPorts == [80, 8080])
        #expect(fromFile.importRules.allowedHosts == ["127.0.0.1"])
        let fromEnvironment = try await ConfigurationLoader.load(
            file: nil,
            environment: ["IMPORT_ALLOWED_PORTS": "80,443,8443"]
        )
        #expect(fromEnvironment.importRules.allowedPorts == [80, 443, 8443])
    }

    @Test(
        "a bad value stops startup with a message naming the key",
        arguments: [
            (["HTTP_PORT": "abc"], "http.port"), (["HTTP_PORT": "70000"], "http.port"),
            (["DATABASE_URL": "mysql://x"], "database.url"), (["AUTH_MODE": "magic"], "auth.mode"),
            (["API_LIST_MAX_LIMIT": "0"], "api.listMaxLimit"),
            (["IMPORT_ALLOWED_PORTS": "80,http"], "import.allowedPorts"),
            (["IMPORT_ALLOWED_SCHEMES": "ftp"], "import.allowedSchemes"), (["LOG_LEVEL": "loud"], "log.level"),
            (["DATABASE_MIGRATE": "perhaps"], "database.migrate"), (["TASK_TIME_TO_LIVE": "-1"], "task.timeToLive"),
            (["IMPORT_CA_FILE": "/nonexistent.pem"], "import.caFile"),
            (["IMPORT_CA_FILE": "/etc/hostname"], "import.caFile"),
            (["IMPORT_PROXY": "socks5://127.0.0.1:1080"], "import.proxy"),
            (["IMPORT_PROXY": "http://127.0.0.1:99999"], "import.proxy"),
            (["IMPORT_PROXY": "http://127.0.0.1:3128/path"], "import.proxy"),
            (["IMPORT_PROXY": "http://:3128"], "import.proxy"),
        ]
    )
    func badValues(environment: [String: String], key: String) async throws {
        do {
            _ = try await ConfigurationLoader.load(file: nil, environment: environment)
            Issue.record("accepted \(environment)")
        } catch let error as ConfigurationError {
            #expect(error.description.contains("'\(key)'"), "\(error)")
        }
    }

    @Test("import.caFile, import.proxy and import.noProxy are read; check-config shows the proxy without its password")
    func egress() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let authority = try TestCertificateAuthority.make(in: directory)
        let path = try Self.yaml(
            """
            import:
              caFile: \(authority.caFile)
              proxy: http://ops:s3cr%40t@proxy.internal:3128
              noProxy: [.mirror.internal, 10.0.0.5]

            """
        )
        let configuration = try await ConfigurationLoader.load(file: path, environment: [:])
        #expect(configuration.importCAFile == authority.caFile)
        let proxy = try #require(configuration.importProxy)
        #expect(proxy.host == "proxy.internal" && proxy.port == 3128)
        #expect(proxy.username == "ops" && proxy.password == "s3cr@t")
        #expect(configuration.importNoProxy == [".mirror.internal", "10.0.0.5"])
        #expect(configuration.effectiveValues.contains("import.proxy = http://ops:***@proxy.internal:3128"))
        #expect(!configuration.effectiveValues.joined().contains("s3cr"))
        #expect(configuration.effectiveValues.contains("import.caFile = \(authority.caFile)"))
        let defaults = try await ConfigurationLoader.load(file: nil, environment: [:])
        #expect(defaults.effectiveValues.contains("import.proxy = <unset>"))
    }

    @Test("api.listDefaultLimit above api.listMaxLimit is clamped to it with a warning, as Glance does")
    func clampedDefaultLimit() async throws {
        let configuration = try await ConfigurationLoader.load(
            file: nil,
            environment: ["API_LIST_DEFAULT_LIMIT": "2000", "API_LIST_MAX_LIMIT": "500"]
        )
        #expect(configuration.api.listDefaultLimit == 500 && configuration.api.listMaxLimit == 500)
        #expect(
            configuration.warnings == [
                "configuration key 'api.listDefaultLimit' (2000) is above 'api.listMaxLimit' (500): lists default "
                    + "to 500"
            ]
        )
        #expect(try await ConfigurationLoader.load(file: nil, environment: [:]).warnings.isEmpty)
    }

    @Test("an unknown key or a missing explicit file stops startup naming file and line")
    func badFiles() async throws {
        let path = try Self.yaml("http:\n  port: 9292\n  prot: 1\n")
        await #expect(throws: ConfigurationError("configuration file \(path):3: unknown key 'http.prot'")) {
            try await ConfigurationLoader.load(file: path, environment: [:])
        }
        await #expect(throws: ConfigurationError("configuration file /nonexistent.yaml does not exist")) {
            try await ConfigurationLoader.load(file: "/nonexistent.yaml", environment: [:])
        }
    }
}
