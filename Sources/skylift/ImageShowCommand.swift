import ArgumentParser
import SkyliftClient

/// `skylift image show ID`: one image's fields.
struct ImageShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one image (custom properties with --json)."
    )

    @OptionGroup var client: ClientOptions
    @Argument(help: "The image id.") var id: String

    func run() async throws {
        try await client.run { api, console in
            let shown = try await api.image(id)
            client.show(shown.json, ImageTables.detail(shown.image), on: console)
            return true
        }
    }
}
