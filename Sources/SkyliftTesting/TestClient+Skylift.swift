import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSONSchema

/// A response decoded for assertions.
public struct JSONReply: Sendable {
    public let status: HTTPResponse.Status
    public let headers: HTTPFields
    public let text: String
    /// The body parsed as JSON; nil when it is not JSON.
    public let json: JSONValue?

    /// `json[key]` for an object body.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let object)? = json else { return nil }
        return object[key]
    }

    /// Decodes a test client's response.
    public init(_ response: TestResponse) {
        let text = String(buffer: response.body)
        self.init(
            status: response.status,
            headers: response.headers,
            text: text,
            json: try? JSONParser.parse(Array(text.utf8))
        )
    }

    init(status: HTTPResponse.Status, headers: HTTPFields, text: String, json: JSONValue?) {
        self.status = status
        self.headers = headers
        self.text = text
        self.json = json
    }

    /// The `message` of an error body.
    public var message: String? {
        guard case .string(let message)? = self["message"] else { return nil }
        return message
    }
}

extension TestClientProtocol {
    /// Sends a request as `identity` (or anonymously) and decodes the reply.
    public func send(
        _ method: HTTPRequest.Method,
        _ uri: String,
        as identity: TestIdentity? = nil,
        body: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> JSONReply {
        var headers = identity?.headers ?? [.accept: "application/json"]
        for field in extra { headers[field.name] = field.value }
        let reply = try await execute(
            uri: uri,
            method: method,
            headers: headers,
            body: body.map { ByteBuffer(string: $0) }
        ) { response in JSONReply(response) }
        ServedSchemaCheck.check(method, uri, reply)
        return reply
    }

    /// Sends a request carrying `token` in `X-Auth-Token` (plus `extra` headers) and decodes the reply.
    public func send(
        _ method: HTTPRequest.Method,
        _ uri: String,
        token: String,
        body: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> JSONReply {
        var headers: HTTPFields = [HTTPField.Name("X-Auth-Token")!: token]
        for field in extra { headers[field.name] = field.value }
        return try await send(method, uri, as: nil, body: body, headers: headers)
    }

    /// Sends raw bytes as the body.
    public func sendBytes(
        _ method: HTTPRequest.Method,
        _ uri: String,
        as identity: TestIdentity? = nil,
        bytes: [UInt8]
    ) async throws -> JSONReply {
        let reply = try await execute(
            uri: uri,
            method: method,
            headers: identity?.headers ?? [:],
            body: ByteBuffer(bytes: bytes)
        ) { response in JSONReply(response) }
        ServedSchemaCheck.check(method, uri, reply)
        return reply
    }
}

/// Request bodies the tests use.
public enum Bodies {
    /// A valid import body for `url`.
    public static func importTask(
        url: String = "http://example.com/tiny.qcow2",
        from: String = "qcow2",
        to: String = "qcow2",
        name: String? = nil
    ) -> String {
        let nameField = name.map { #", "name": "\#($0)""# } ?? ""
        return #"{"type": "import", "input": {"import_from": "\#(url)", "import_from_format": "\#(from)", "#
            + #""image_properties": {"disk_format": "\#(to)", "container_format": "bare"\#(nameField)}}}"#
    }
}
