import ArgumentParser
import SkyliftClient

/// `skylift image delete ID`: deletes an image and its file.
struct ImageDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete an image and its file.")

    @OptionGroup var client: ClientOptions
    @Argument(help: "The image id.") var id: String

    func run() async throws {
        try await client.run { api, console in
            try await api.deleteImage(id)
            console.print(client.json ? "{\"deleted\": \"\(id)\"}" : "deleted image \(id)")
            return true
        }
    }
}
