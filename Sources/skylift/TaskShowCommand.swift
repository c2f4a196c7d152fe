import ArgumentParser
import SkyliftClient

/// `skylift task show ID`: one task's fields, steps and error.
struct TaskShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one task.")

    @OptionGroup var client: ClientOptions
    @Argument(help: "The task id.") var id: String

    func run() async throws {
        try await client.run { api, console in
            let shown = try await api.task(id)
            client.show(shown.json, TaskTables.detail(shown.task), on: console)
            return true
        }
    }
}
