import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import JSONSchema
import SkyliftDomain
import SkyliftExecutors
import SkyliftStore
import SkyliftTesting
import Testing

/// Helpers shared by the worker scenarios: create tasks through the API, read results and files back.
enum Scenario {
    /// Creates a task as `identity` and returns its id (requires a 201).
    static func create(
        _ client: any TestClientProtocol,
        _ body: String,
        as identity: TestIdentity = .member(Projects.b)
    ) async throws -> String {
        let reply = try await client.send(.post, "/v2/tasks", as: identity, body: body)
        try #require(reply.status == .created, "create answered \(reply.status): \(reply.text)")
        guard case .string(let id)? = reply["id"] else { throw WorkerHarness.Timeout(description: "no id") }
        return id
    }

    /// An import body with optional checksum and image id.
    static func importBody(
        url: String,
        from: String,
        to: String,
        name: String = "disk",
        checksum: (algo: String, value: String)? = nil,
        extra: String = ""
    ) -> String {
        let checksumField = checksum.map { #", "checksum": {"algo": "\#($0.algo)", "value": "\#($0.value)"}"# } ?? ""
        return #"{"type": "import", "input": {"import_from": "\#(url)", "import_from_format": "\#(from)", "#
            + #""image_properties": {"disk_format": "\#(to)", "container_format": "bare", "name": "\#(name)", "#
            + #""os_distro": "cirros"}\#(checksumField)\#(extra)}}"#
    }

    /// A convert body.
    static func convertBody(imageID: String, to format: String, name: String = "converted") -> String {
        #"{"type": "convert", "input": {"image_id": "\#(imageID)", "disk_format": "\#(format)", "#
            + #""image_properties": {"name": "\#(name)"}}}"#
    }

    /// The task's `result` as a JSON object.
    static func result(_ task: ImageTask) throws -> JSONObject {
        guard let text = task.result?.text, case .object(let object) = try JSONParser.parse(text) else {
            throw WorkerHarness.Timeout(description: "task \(task.id) has no result object")
        }
        return object
    }

    /// Hex MD5 and SHA-512 of a file.
    static func digests(_ path: String) throws -> (md5: String, sha512: String, size: Int) {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let md5 = Insecure.MD5.hash(data: data).map { String(format: "%02x", $0) }.joined()
        let sha512 = SHA512.hash(data: data).map { String(format: "%02x", $0) }.joined()
        return (md5, sha512, data.count)
    }

    /// The qemu-img name of a Glance disk format.
    static func qemuName(_ format: String) -> String {
        switch format {
        case "vhd": "vpc"
        case "iso": "raw"
        default: format
        }
    }
}
