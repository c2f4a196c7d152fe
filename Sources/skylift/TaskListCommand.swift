import ArgumentParser
import SkyliftClient

/// `skylift task list [--status S] [--limit N] [--all]`: the caller's tasks, newest first.
struct TaskListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List tasks, newest first.")

    @OptionGroup var client: ClientOptions
    @Option(help: "Only tasks with this status: pending, processing, success or failure.") var status: String?
    @OptionGroup var paging: PagingOptions

    func run() async throws {
        try await client.run { api, console in
            let listing = try await api.tasks(status: status, limit: paging.limit, all: paging.all)
            client.show(listing.json, TaskTables.list(listing.items), on: console)
            return true
        }
    }
}

/// `--limit` and `--all`, shared by the list commands.
struct PagingOptions: ParsableArguments {
    @Option(help: "Items per page (server default 25, at most api.listMaxLimit).") var limit: Int?
    @Flag(help: "Fetch every page, following the server's next links.") var all = false

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must not be negative") }
    }
}
