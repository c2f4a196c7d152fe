import ArgumentParser
import Logging
import SkyliftServer

/// `skylift check-config`: validates configuration and policy, prints the effective values, exits non-zero on error.
struct CheckConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the configuration and policy and print the effective values."
    )

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let configuration = try await loadConfiguration(options)
        try await reportingStartupErrors {
            try await Skylift.checkConfiguration(configuration, logger: Logger(label: "skylift"))
        }
        for line in configuration.effectiveValues { print(line) }
        print("configuration OK")
    }
}
