import Foundation
import HTTPTypes
import HummingbirdTesting
import JSONSchema
import SkyliftDomain
import SkyliftServer
import SkyliftTesting
import Testing

/// The executor scenarios of glance-transcripts.md sections 3 and 4 ("GET after … s" polls), run to their end on
/// Skylift: the same final status as Glance recorded, Glance's fields, and (differing from Glance, §7.1 and §10.1)
/// a message the tenant can act on with a structured error. The mid-run polls ("status now processing") caught
/// Glance at an instant; their timing is not a contract.
@Suite("Glance executor parity")
struct GlanceExecutorParityTests {
    /// Runs `body` as the import Glance recorded, and returns the final task view as the API shows it.
    private func finalView(
        _ harness: WorkerHarness,
        _ client: any TestClientProtocol,
        url: String,
        from: String,
        to: String,
        name: String? = nil,
        as identity: TestIdentity = .admin(Projects.a)
    ) async throws -> JSONObject {
        let nameField = name.map { #", "name": "\#($0)""# } ?? ""
        let body =
            #"{"type": "import", "input": {"import_from": "\#(url)", "import_from_format": "\#(from)", "#
            + #""image_properties": {"disk_format": "\#(to)", "container_format": "bare"\#(nameField)}}}"#
        let id = try await Scenario.create(client, body, as: identity)
        _ = try await harness.final(id)
        let reply = try await client.send(.get, "/v2/tasks/\(id)", as: identity)
        guard case .object(let view)? = reply.json else { throw WorkerHarness.Timeout(description: "no view") }
        #expect(reply.headers[.eTag] != nil)
        return view
    }

    /// `expires_at − updated_at` in seconds (Glance: 2 days, task_time_to_live 48 h).
    private func lifetime(_ view: JSONObject) throws -> Double {
        let formatter = ISO8601DateFormatter()
        guard case .string(let updated)? = view["updated_at"], case .string(let expires)? = view["expires_at"],
            let start = formatter.date(from: updated), let end = formatter.date(from: expires)
        else { throw WorkerHarness.Timeout(description: "no timestamps") }
        return end.timeIntervalSince(start)
    }

    @Test("section 3: tiny.qcow2 (qcow2 → raw) and tiny.raw import to success, with an image like Glance's")
    func successes() async throws {
        try await LocalImageServer.withServer { server in
            let corpus = ImageCorpus(directory: server.root)
            try corpus.raw("tiny.raw", bytes: 1 << 20)
            try corpus.convert("tiny.raw", to: "tiny.qcow2", format: "qcow2")
            try await WorkerHarness.run { harness, client in
                for (file, from, to) in [("tiny.qcow2", "qcow2", "raw"), ("tiny.raw", "raw", "raw")] {
                    let view = try await finalView(
                        harness,
                        client,
                        url: "\(server.baseURL)/files/\(file)",
                        from: from,
                        to: to,
                        name: "anchor-\(from)"
                    )
                    #expect(view["status"] == "success")
                    #expect(view["message"] == "")
                    #expect(try lifetime(view) == 48 * 3600)
                    guard case .object(let result)? = view["result"], case .string(let imageID)? = result["image_id"]
                    else {
                        Issue.record("no result.image_id")
                        continue
                    }
                    #expect(view["image_id"] == .string(imageID))
                    let image = try await client.send(.get, "/v2/images/\(imageID)", as: .admin(Projects.a))
                    #expect(image.status == .ok)
                    #expect(image["name"] == .string("anchor-\(from)"))
                    #expect(image["disk_format"] == "raw")
                    #expect(image["container_format"] == "bare")
                    #expect(image["status"] == "active")
                    #expect(image["size"] == .integer(1 << 20))
                    #expect(image["virtual_size"] == .integer(1 << 20))
                    #expect(image["os_hash_algo"] == "sha512")
                    #expect(image["owner"] == .string(Projects.a))
                    #expect(image["self"] == .string("/v2/images/\(imageID)"))
                    #expect(image["file"] == .string("/v2/images/\(imageID)/file"))
                    #expect(image["schema"] == "/v2/schemas/image")
                    let data = try await client.execute(
                        uri: "/v2/images/\(imageID)/file",
                        method: .get,
                        headers: TestIdentity.admin(Projects.a).headers
                    ) { response in response }
                    #expect(data.status == .ok)
                    #expect(data.headers[.contentLength] == "\(1 << 20)")
                    #expect(
                        image["checksum"].map { .string(data.headers[HTTPField.Name("Content-MD5")!] ?? "") == $0 }
                            == true
                    )
                }
            }
        }
    }

    @Test("section 4: a 404 source, a refused connection and garbage declared qcow2 fail, each saying why")
    func failures() async throws {
        try await LocalImageServer.withServer { server in
            try server.addFile("garbage.qcow2", data: Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }))
            let closedPort = try Self.closedPort()
            // The client retries a refused connection until import.connectTimeout; keep that short here.
            let quickConnect: @Sendable (inout SkyliftConfiguration) -> Void = { $0.importConnectTimeout = 2 }
            try await WorkerHarness.run(configure: quickConnect) { harness, client in
                let cases: [(url: String, code: String, fragment: String)] = [
                    ("\(server.baseURL)/files/missing.qcow2", "http_error", "HTTP 404"),
                    ("http://127.0.0.1:\(closedPort)/x.qcow2", "download_failed", "Download failed"),
                    ("\(server.baseURL)/files/garbage.qcow2", "", "qcow2"),
                ]
                for scenario in cases {
                    let view = try await finalView(harness, client, url: scenario.url, from: "qcow2", to: "qcow2")
                    #expect(view["status"] == "failure")
                    #expect(view["result"] == .null)
                    #expect(try lifetime(view) == 48 * 3600)
                    guard case .string(let message)? = view["message"], case .object(let error)? = view["error"] else {
                        Issue.record("no message or error")
                        continue
                    }
                    #expect(message.contains(scenario.fragment), "\(message)")
                    #expect(message != "Task failed due to Internal Error")
                    #expect(error["message"] == .string(message))
                    if !scenario.code.isEmpty { #expect(error["code"] == .string(scenario.code)) }
                }
            }
        }
    }

    @Test("section 11: a member of B imports into B; another project cannot see the task or the image")
    func memberImport() async throws {
        try await LocalImageServer.withServer { server in
            try await WorkerHarness.run { harness, client in
                let view = try await finalView(
                    harness,
                    client,
                    url: "\(server.baseURL)/bytes/65536",
                    from: "raw",
                    to: "raw",
                    as: .member(Projects.b)
                )
                #expect(view["status"] == "success")
                #expect(view["owner"] == .string(Projects.b))
                guard case .string(let id)? = view["id"], case .string(let imageID)? = view["image_id"] else { return }
                let other = TestIdentity(project: Projects.c, user: "carol", roles: ["member"])
                #expect(try await client.send(.get, "/v2/tasks/\(id)", as: other).status == .notFound)
                #expect(try await client.send(.get, "/v2/images/\(imageID)", as: other).status == .notFound)
                #expect(try await client.send(.get, "/v2/images/\(imageID)", as: .admin(Projects.a)).status == .ok)
            }
        }
    }

    /// A port on 127.0.0.1 with nothing listening.
    static func closedPort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
