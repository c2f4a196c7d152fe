import ArgumentParser
import SkyliftClient

/// `skylift image list [--limit N] [--all]`: the caller's images, newest first.
struct ImageListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List images, newest first.")

    @OptionGroup var client: ClientOptions
    @OptionGroup var paging: PagingOptions

    func run() async throws {
        try await client.run { api, console in
            let listing = try await api.images(limit: paging.limit, all: paging.all)
            client.show(listing.json, ImageTables.list(listing.items), on: console)
            return true
        }
    }
}
