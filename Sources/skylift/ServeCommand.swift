import ArgumentParser
import Logging
import SkyliftServer

/// `skylift serve`: runs the API and/or worker until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the service.")

    @OptionGroup var options: ConfigOptions
    @Option(help: "Which roles this process plays: all, api or worker.") var role: String = "all"
    @Option(help: "Address to listen on (http.host).") var host: String?
    @Option(help: "Port to listen on (http.port).") var port: Int?

    func run() async throws {
        var overrides: [String: String] = [:]
        overrides["http.host"] = host
        overrides["http.port"] = port.map(String.init)
        var configuration = try await loadConfiguration(options, overrides: overrides)
        guard let role = SkyliftConfiguration.Role(rawValue: role) else {
            throw ValidationError("--role must be one of all, api, worker (got '\(role)')")
        }
        configuration.role = role
        let logger = Logger(label: "skylift")
        try await reportingStartupErrors { try await Skylift.serve(configuration: configuration, logger: logger) }
    }
}

/// Loads the configuration and sets up logging, turning a bad value into a clean exit with its message.
func loadConfiguration(_ options: ConfigOptions, overrides: [String: String] = [:]) async throws -> SkyliftConfiguration
{
    let configuration = try await reportingStartupErrors {
        try await ConfigurationLoader.load(file: options.config, overrides: overrides)
    }
    LogSetup.bootstrap(format: configuration.logFormat, level: configuration.logLevel)
    let logger = Logger(label: "skylift")
    for warning in configuration.warnings { logger.warning("\(warning)") }
    return configuration
}

/// Runs `body`; an error becomes `skylift: <message>` on stderr and exit status 1.
func reportingStartupErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch {
        FileHandleOutput.standardError("skylift: \(error)")
        throw ExitCode.failure
    }
}
