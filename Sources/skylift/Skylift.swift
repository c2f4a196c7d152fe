import ArgumentParser

/// The `skylift` command: serve the API and worker, migrate the database, check a configuration.
@main
struct SkyliftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skylift",
        abstract: "A multi-tenant image import task service that speaks OpenStack Glance's v2 tasks API.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, PurgeCommand.self, TokenCommand.self, CheckConfigCommand.self,
        ]
    )
}

/// Options every subcommand shares.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "YAML configuration file (default: etc/skylift.yaml when present).")
    var config: String?
}
