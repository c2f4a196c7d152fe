import ArgumentParser
import Foundation
import SkyliftClient

/// Options every client subcommand (`task …`, `image …`) shares: where the server is, who the caller is, and
/// whether to print JSON. Each falls back to its `SKYLIFT_*` environment variable.
struct ClientOptions: ParsableArguments {
    @Option(help: "Server URL (env SKYLIFT_URL; default http://127.0.0.1:9292).") var url: String?
    @Option(help: "Token sent as X-Auth-Token (env SKYLIFT_TOKEN); wins over the identity headers.")
    var token: String?
    @Option(help: "Project id sent in X-Project-Id with X-Identity-Status: Confirmed (env SKYLIFT_PROJECT).")
    var project: String?
    @Option(help: "User id sent in X-User-Id (env SKYLIFT_USER).") var user: String?
    @Option(help: "Comma-separated roles sent in X-Roles (env SKYLIFT_ROLES).") var roles: String?
    @Flag(help: "Print the server's JSON (pretty) instead of a table.") var json = false

    /// The default server URL.
    static let defaultURL = "http://127.0.0.1:9292"

    /// The flag's value, else the non-empty environment variable.
    private func value(_ flag: String?, _ variable: String) -> String? {
        if let flag { return flag }
        let fromEnvironment = ProcessInfo.processInfo.environment[variable]
        return fromEnvironment?.isEmpty == false ? fromEnvironment : nil
    }

    /// Writes the server's `json` with `--json`, else `table`.
    func show(_ json: Data, _ table: @autoclosure () -> Table, on console: Console) {
        console.show(json: json, table: table(), asJSON: self.json)
    }

    /// Runs `body` with a client and the console; a ``ClientError`` becomes `skylift: <message>` on standard
    /// error and exit status 1, and `false` from `body` exit status 1.
    func run(_ body: (SkyliftClient, Console) async throws -> Bool) async throws {
        let console = Console()
        do {
            let identity = ClientIdentity(
                token: value(token, "SKYLIFT_TOKEN"),
                project: value(project, "SKYLIFT_PROJECT"),
                user: value(user, "SKYLIFT_USER"),
                roles: value(roles, "SKYLIFT_ROLES")
            )
            let succeeded = try await SkyliftClient.with(
                url: value(url, "SKYLIFT_URL") ?? Self.defaultURL,
                identity: identity
            ) { client in try await body(client, console) }
            if !succeeded { throw ExitCode.failure }
        } catch let error as ClientError {
            console.error(error.description)
            throw ExitCode.failure
        } catch let error as ExitCode {
            throw error
        } catch {
            console.error("\(error)")
            throw ExitCode.failure
        }
    }
}
