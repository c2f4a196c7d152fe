import Foundation
import HTTPTypes
import HummingbirdTesting
import JSONSchema
import SkyliftDomain
import SkyliftExecutors
import SkyliftStore
import SkyliftTesting
import Testing

/// Glance's image import end to end (contract §16): a queued image, `POST /v2/images/{id}/import` with
/// web-download from 127.0.0.1, the real worker, qemu-img and the image store.
@Suite("Image import")
struct ImageImportTests {
    static let owner = TestIdentity.member(Projects.b)

    /// Creates a queued image and returns its id.
    static func createImage(_ client: any TestClientProtocol, _ body: String) async throws -> String {
        let reply = try await client.send(.post, "/v2/images", as: owner, body: body)
        try #require(reply.status == .created, "\(reply.text)")
        return try #require(reply["id"]?.stringValue)
    }

    /// Asks for the import of `uri` into `id`; requires a 202 with an empty body.
    static func startImport(_ client: any TestClientProtocol, _ id: String, uri: String) async throws {
        let body = #"{"method": {"name": "web-download", "uri": "\#(uri)"}}"#
        let reply = try await client.send(.post, "/v2/images/\(id)/import", as: owner, body: body)
        try #require(reply.status == .accepted, "\(reply.text)")
        #expect(reply.text.isEmpty)
    }

    /// The image's import tasks, as `GET /v2/images/{id}/tasks` shows them, once the newest has ended.
    static func endedTasks(_ client: any TestClientProtocol, _ id: String) async throws -> [JSONObject] {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let reply = try await client.send(.get, "/v2/images/\(id)/tasks", as: owner)
            if case .array(let items)? = reply["tasks"], case .object(let last)? = items.last,
                last["status"] == "success" || last["status"] == "failure"
            {
                return items.compactMap { if case .object(let task) = $0 { task } else { nil } }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw WorkerHarness.Timeout(description: "the import of \(id) did not end")
    }

    static func image(_ client: any TestClientProtocol, _ id: String) async throws -> JSONObject {
        let reply = try await client.send(.get, "/v2/images/\(id)", as: owner)
        guard case .object(let image)? = reply.json else { throw WorkerHarness.Timeout(description: reply.text) }
        return image
    }

    @Test("web-download makes the queued image active with the served bytes; the task is Glance's")
    func imports() async throws {
        try await LocalImageServer.withServer { server in
            let corpus = ImageCorpus(directory: server.root)
            try corpus.raw("disk.raw", bytes: 4 << 20)
            try corpus.convert("disk.raw", to: "disk.qcow2", format: "qcow2")
            let served = try Scenario.digests(corpus.path("disk.qcow2"))
            try await WorkerHarness.run { harness, client in
                let id = try await Self.createImage(
                    client,
                    #"{"name": "fedora-web", "disk_format": "qcow2", "container_format": "bare", "os_distro": "f"}"#
                )
                let uri = "\(server.baseURL)/files/disk.qcow2"
                try await Self.startImport(client, id, uri: uri)
                let tasks = try await Self.endedTasks(client, id)
                let task = try #require(tasks.first)
                #expect(tasks.count == 1)
                #expect(task["type"] == "api_image_import")
                #expect(task["status"] == "success", "\(task["message"] ?? .null)")
                #expect(task["image_id"] == .string(id))
                #expect(task["owner"] == .string(Projects.b))
                #expect(task["user_id"] == "bob")
                #expect(task["result"] == ["image_id": .string(id)])
                #expect(
                    task["input"]
                        == [
                            "image_id": .string(id),
                            "import_req": ["method": ["name": "web-download", "uri": .string(uri)]],
                            "backend": ["local"],
                        ]
                )
                let image = try await Self.image(client, id)
                #expect(image["status"] == "active")
                #expect(image["size"] == .integer(Int64(served.size)))
                #expect(image["virtual_size"] == .integer(4 << 20))
                #expect(image["checksum"] == .string(served.md5))
                #expect(image["os_hash_algo"] == "sha512")
                #expect(image["os_hash_value"] == .string(served.sha512))
                #expect(image["stores"] == "local")
                #expect(image["os_glance_importing_to_stores"] == "")
                #expect(image["os_glance_failed_import"] == "")
                #expect(image["os_glance_import_task"] == nil)
                #expect(image["os_distro"] == "f")
                let stored = try Scenario.digests(try harness.files.path(for: id))
                #expect(stored.sha512 == served.sha512)
                #expect(try harness.storedFileNames() == [id])
                let again = try await client.send(
                    .post,
                    "/v2/images/\(id)/import",
                    as: Self.owner,
                    body: #"{"method": {"name": "web-download", "uri": "\#(uri)"}}"#
                )
                #expect(again.status == .conflict)
                #expect(again.message == "Image with status active cannot be target for import")
            }
        }
    }

    @Test(
        "a failing import leaves the image queued with os_glance_failed_import, says why, and can be tried again"
    )
    func failureThenRetry() async throws {
        try await LocalImageServer.withServer { server in
            let corpus = ImageCorpus(directory: server.root)
            try corpus.raw("disk.raw", bytes: 1 << 20)
            try corpus.convert("disk.raw", to: "disk.qcow2", format: "qcow2")
            try await WorkerHarness.run { harness, client in
                let id = try await Self.createImage(
                    client,
                    #"{"name": "broken", "disk_format": "qcow2", "container_format": "bare"}"#
                )
                try await Self.startImport(client, id, uri: "\(server.baseURL)/files/missing.qcow2")
                var task = try #require(try await Self.endedTasks(client, id).last)
                #expect(task["status"] == "failure")
                guard case .object(let error)? = task["error"] else {
                    Issue.record("no error in \(task)")
                    return
                }
                #expect(error["code"] == "http_error")
                #expect(task["message"] == error["message"])
                #expect(task["message"]?.stringValue?.contains("404") == true, "\(task["message"] ?? .null)")
                var image = try await Self.image(client, id)
                #expect(image["status"] == "queued")
                #expect(image["os_glance_failed_import"] == "local")
                #expect(image["os_glance_importing_to_stores"] == "")
                #expect(image["os_glance_import_task"] == nil)
                #expect(image["size"] == .null)
                #expect(try harness.storedFileNames() == [])

                // Raw data into a qcow2 image: format_mismatch, no conversion.
                try await Self.startImport(client, id, uri: "\(server.baseURL)/files/disk.raw")
                task = try #require(try await Self.endedTasks(client, id).last)
                guard case .object(let mismatch)? = task["error"] else {
                    Issue.record("no error in \(task)")
                    return
                }
                #expect(mismatch["code"] == "format_mismatch")
                #expect(try await Self.image(client, id)["status"] == "queued")

                try await Self.startImport(client, id, uri: "\(server.baseURL)/files/disk.qcow2")
                let tasks = try await Self.endedTasks(client, id)
                #expect(tasks.map { $0["status"] } == ["failure", "failure", "success"])
                image = try await Self.image(client, id)
                #expect(image["status"] == "active")
                #expect(image["os_glance_failed_import"] == "")
            }
        }
    }

    @Test("deleting an image while it imports cancels the import first: 204, the task canceled, no file left")
    func deleteWhileImporting() async throws {
        try await LocalImageServer.withServer { server in
            let corpus = ImageCorpus(directory: server.root)
            try corpus.raw("disk.raw", bytes: 8 << 20)
            try await WorkerHarness.run { harness, client in
                let id = try await Self.createImage(
                    client,
                    #"{"name": "slow", "disk_format": "raw", "container_format": "bare"}"#
                )
                // 8 MiB at 256 KiB/s: the download runs for 32 s, so it is running when the delete comes, and a
                // delete that waited for it would take far longer than the bound below even on a loaded machine.
                try await Self.startImport(client, id, uri: "\(server.baseURL)/files/disk.raw?throttle=262144")
                let taskID = try #require(
                    try await harness.store.tasks(forImage: id, visibility: .all, now: .init(seconds: 0)).first?.id
                )
                let waited = ContinuousClock.now
                while try await harness.store.task(id: taskID, visibility: .all, now: .init(seconds: 0))?.status
                    != .processing, ContinuousClock.now - waited < .seconds(10)
                {
                    try await Task.sleep(for: .milliseconds(20))
                }
                let deleted = ContinuousClock.now
                let reply = try await client.send(.delete, "/v2/images/\(id)", as: Self.owner)
                #expect(reply.status == .noContent)
                #expect(ContinuousClock.now - deleted < .seconds(16), "the delete waited for the whole download")
                let task = try await harness.final(taskID.rawValue)
                #expect(task.status == .failure)
                #expect(task.failure?.code == "canceled")
                #expect(try await client.send(.get, "/v2/images/\(id)", as: Self.owner).status == .notFound)
                #expect(try harness.storedFileNames() == [])
            }
        }
    }
}
