import ArgumentParser
import SkyliftServer

/// `skylift migrate`: applies the database schema migrations and exits.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply database migrations.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        var configuration = try await loadConfiguration(options)
        configuration.databaseMigrate = true
        _ = try await reportingStartupErrors { try await Skylift.openStore(configuration) }
        print("database migrated: \(configuration.databaseURL)")
    }
}
