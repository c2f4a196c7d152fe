import ArgumentParser
import SkyliftClient

/// `skylift task wait ID`: follows a task to its end with a progress display.
struct TaskWaitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait",
        abstract: "Follow a task to its end with a progress display (exit 0 success, 1 failure)."
    )

    @OptionGroup var client: ClientOptions
    @Argument(help: "The task id.") var id: String

    func run() async throws {
        try await client.run { api, console in
            try await TaskFollower(client: api, console: console, json: client.json).follow(try await api.task(id))
        }
    }
}
