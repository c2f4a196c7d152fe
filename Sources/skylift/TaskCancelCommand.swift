import ArgumentParser
import SkyliftClient

/// `skylift task cancel ID`: cancels a pending or processing task (contract §10.2) and shows it.
struct TaskCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a pending or processing task (a processing one stops within 2 s)."
    )

    @OptionGroup var client: ClientOptions
    @Argument(help: "The task id.") var id: String

    func run() async throws {
        try await client.run { api, console in
            let canceled = try await api.cancelTask(id)
            client.show(canceled.json, TaskTables.detail(canceled.task), on: console)
            return true
        }
    }
}
