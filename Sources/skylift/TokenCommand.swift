import ArgumentParser
import Foundation
import SkyliftServer

/// `skylift token`: prints an HS256 JWT for a project, user and roles, signed with `auth.jwtSecret`.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print an HS256 JWT signed with auth.jwtSecret, for auth.mode token."
    )

    @OptionGroup var options: ConfigOptions
    @Option(help: "The project id the token is for (the project_id claim, or auth.jwtProjectClaim).")
    var project: String
    @Option(help: "The user id (the sub claim).") var user: String
    @Option(help: "Comma-separated roles, e.g. member,reader.") var roles: String = ""
    @Option(help: "Seconds the token is valid.") var ttl: Int = 3600

    func validate() throws {
        guard (1...31_536_000).contains(ttl) else { throw ValidationError("--ttl must be from 1 to 31536000 seconds") }
        guard !project.isEmpty else { throw ValidationError("--project must not be empty") }
        guard !user.isEmpty else { throw ValidationError("--user must not be empty") }
    }

    func run() async throws {
        let configuration = try await loadConfiguration(options)
        let roleList = roles.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        let token = try await reportingStartupErrors {
            try await Skylift.mintToken(
                configuration: configuration,
                project: project,
                user: user,
                roles: roleList,
                lifetime: ttl
            )
        }
        print(token)
    }
}
