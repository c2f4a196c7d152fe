import Foundation
import HTTPTypes
import SkyliftDomain
import SkyliftServer
import SkyliftTesting
import Testing

/// Import URL rules at execution time (contract §15.2): a redirect to a forbidden target fails the task with
/// `url_refused`, and the forbidden request is never sent.
@Suite("SSRF at execution")
struct SSRFExecutionTests {
    static let forbiddenTargets = [
        "http://localhost:{port}/files/secret",
        "http://127.1:{port}/files/secret",
        "http://2130706433:{port}/files/secret",
        "http://0x7f.1:{port}/files/secret",
        "http://017700000001:{port}/files/secret",
        "http://[::1]:{port}/files/secret",
        "http://[::ffff:127.0.0.1]:{port}/files/secret",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/files/secret",
        "http://192.168.1.1/files/secret",
        "http://100.64.0.1/files/secret",
        "file:///etc/passwd",
        "ftp://127.0.0.1:{port}/files/secret",
        "gopher://127.0.0.1:{port}/files/secret",
    ]

    @Test("a redirect to a forbidden target fails url_refused; the target is never requested")
    func forbiddenRedirects() async throws {
        try await LocalImageServer.withServer { server in
            try server.addFile("secret", data: Data("do not read".utf8))
            try await WorkerHarness.run { harness, client in
                for template in Self.forbiddenTargets {
                    let target = template.replacingOccurrences(of: "{port}", with: "\(server.port)")
                    let encoded = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? target
                    let url = "\(server.baseURL)/bytes/10?redirect=\(encoded)"
                    let id = try await Scenario.create(client, Scenario.importBody(url: url, from: "raw", to: "raw"))
                    let task = try await harness.final(id)
                    #expect(task.failure?.code == "url_refused", "\(target): \(task.message)")
                    #expect(task.failure?.step == "download")
                }
                #expect(!server.requests.contains { $0.path.hasPrefix("/files/secret") })
                #expect(try harness.storedFileNames() == [])
            }
        }
    }

    @Test("more than import.maxRedirects redirects fail url_refused; the limit itself is followed")
    func redirectLimit() async throws {
        try await LocalImageServer.withServer { server in
            try await WorkerHarness.run { harness, client in
                let atLimit = try await Scenario.create(
                    client,
                    Scenario.importBody(url: "\(server.baseURL)/chain/5/bytes/1000", from: "raw", to: "raw")
                )
                #expect(try await harness.final(atLimit).status == .success)
                let over = try await Scenario.create(
                    client,
                    Scenario.importBody(url: "\(server.baseURL)/chain/6/bytes/1000", from: "raw", to: "raw")
                )
                let task = try await harness.final(over)
                #expect(task.failure?.code == "url_refused")
                #expect(task.message.contains("import.maxRedirects"))
            }
        }
    }

    @Test("create refuses a private address when 127.0.0.1 is not exempt")
    func refusedAtCreate() async throws {
        let noExemption: @Sendable (inout SkyliftConfiguration) -> Void = { $0.importRules.allowedHosts = [] }
        try await WorkerHarness.run(configure: noExemption) { _, client in
            let reply = try await client.send(
                .post,
                "/v2/tasks",
                as: .member(Projects.b),
                body: Scenario.importBody(url: "http://127.0.0.1:9/x.raw", from: "raw", to: "raw")
            )
            #expect(reply.status == .badRequest)
            #expect(reply.message?.hasPrefix("URI for import task does not pass filtering") == true)
        }
    }
}
