import ArgumentParser

/// `skylift task`: create, show, list, cancel and wait for tasks on a running server.
struct TaskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Create, show, list, cancel and wait for tasks on a running server.",
        subcommands: [
            TaskCreateCommand.self, TaskShowCommand.self, TaskListCommand.self, TaskCancelCommand.self,
            TaskWaitCommand.self,
        ]
    )
}
