import ArgumentParser

/// `skylift image`: list, show, download and delete images on a running server.
struct ImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "List, show, download and delete images on a running server.",
        subcommands: [ImageListCommand.self, ImageShowCommand.self, ImageDownloadCommand.self, ImageDeleteCommand.self]
    )
}
