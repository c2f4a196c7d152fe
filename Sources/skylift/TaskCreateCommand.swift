import ArgumentParser
import SkyliftClient

/// `skylift task create --import URL --format F [--disk-format D] [--wait]`: an import task (contract §7.2).
struct TaskCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an import task; with --wait, follow it to the end (exit 0 success, 1 failure)."
    )

    @OptionGroup var client: ClientOptions
    @Option(name: .customLong("import"), help: "http or https URL to import the image from.") var source: String
    @Option(help: "Format the source is in: \(Self.formats.joined(separator: ", ")).") var format: String
    @Option(help: "Format to store the image in (default: --format; a different one converts).")
    var diskFormat: String?
    @Option(help: "Container format label of the image.") var containerFormat = "bare"
    @Option(help: "Name of the new image.") var name: String?
    @Flag(help: "Follow the task to its end with a progress display.") var wait = false

    /// The formats `import_from_format` and `disk_format` accept.
    static let formats = ["raw", "qcow2", "vmdk", "vhd", "vhdx", "vdi", "iso"]

    func validate() throws {
        for (flag, value) in [("--format", format), ("--disk-format", diskFormat ?? format)]
        where !Self.formats.contains(value) {
            throw ValidationError("\(flag) must be one of \(Self.formats.joined(separator: ", ")) (got '\(value)')")
        }
    }

    func run() async throws {
        try await client.run { api, console in
            let request = SkyliftClient.ImportRequest(
                url: source,
                format: format,
                diskFormat: diskFormat,
                containerFormat: containerFormat,
                name: name
            )
            let created = try await api.createImport(request)
            guard wait else {
                client.show(created.json, TaskTables.detail(created.task), on: console)
                return true
            }
            return try await TaskFollower(client: api, console: console, json: client.json).follow(created)
        }
    }
}
