import ArgumentParser

/// The `skylift` command: serve the API and worker, migrate the database, check a configuration, and talk to a
/// running server as a client (`task`, `image`).
///
/// Exit statuses: 0 success; 1 failure (a failed task, an error answer, an unreachable server, a bad
/// configuration); 2 usage errors. ArgumentParser exits 64 (`EX_USAGE`) for a parse or validation error;
/// ``main()`` maps that to 2, the status POSIX utilities and the client contract use for bad usage.
@main
struct SkyliftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skylift",
        abstract: "A multi-tenant image import task service that speaks OpenStack Glance's v2 tasks API.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, PurgeCommand.self, TokenCommand.self, CheckConfigCommand.self,
            TaskCommand.self, ImageCommand.self,
        ]
    )

    /// The usage-error exit status.
    static let usageError = ExitCode(2)

    /// Parses and runs the command as ArgumentParser does, but exits 2 instead of 64 on a usage error.
    static func main() async {
        do {
            var command = try await asyncParseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            FileHandleOutput.standardError(fullMessage(for: error))
            exit(withError: usageError)
        }
    }
}

/// Options every server subcommand shares.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "YAML configuration file (default: etc/skylift.yaml when present).")
    var config: String?
}
