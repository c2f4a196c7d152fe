import ArgumentParser
import SkyliftServer

/// `skylift purge`: deletes expired tasks now, as the expiry reaper does, and prints how many.
struct PurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete expired tasks now (in batches of expiry.batchSize) and print the count."
    )

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let configuration = try await loadConfiguration(options)
        let purged = try await reportingStartupErrors { try await Skylift.purge(configuration: configuration) }
        print("purged \(purged) expired tasks")
    }
}
