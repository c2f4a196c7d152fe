import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SkyliftAPI
import SkyliftDomain
import SkyliftTesting
import Synchronization
import Testing

@Suite struct ImagesFileTests {
    static let text = Array("The quick brown fox jumps over the lazy dog".utf8)
    static let md5 = "9e107d9d372bb6826bd81d3542a419d6"

    static func download(
        _ client: any TestClientProtocol,
        _ id: String,
        as identity: TestIdentity = .member(Projects.b)
    ) async throws -> TestResponse {
        try await client.execute(uri: "/v2/images/\(id)/file", method: .get, headers: identity.headers, body: nil)
    }

    @Test("the file comes back byte for byte with Content-Type, Content-Length and Glance's hex Content-MD5")
    func download() async throws {
        let service = try await TestService()
        let image = try await service.seedImage(owner: Projects.b, data: Self.text, checksum: Self.md5)
        try await service.test { client in
            let response = try await Self.download(client, image.id)
            #expect(response.status == .ok)
            #expect(Array(buffer: response.body) == Self.text)
            #expect(response.headers[.contentType] == "application/octet-stream")
            #expect(response.headers[.contentLength] == "\(Self.text.count)")
            #expect(response.headers[HTTPField.Name("Content-MD5")!] == Self.md5)
        }
    }

    @Test("a 64 MiB file streams in chunks: the body is never one buffer")
    func streams() async throws {
        let service = try await TestService()
        let image = try await service.seedImage(owner: Projects.b)
        let mebibyte = 1 << 20
        let count = 64
        let handle = try FileHandle(
            forWritingTo: URL(fileURLWithPath: try Self.create(service.imageFilePath(image.id)))
        )
        for block in 0..<count {
            try handle.write(contentsOf: Data(repeating: UInt8(block), count: mebibyte))
        }
        try handle.close()
        // Outside the whole router, so the recorder sees the body exactly as the server would write it.
        let routes = try ImagesTestSupport.router(service).buildResponder()
        let recorder = ChunkRecorder()
        let application = ImagesTestSupport.application(
            CallbackResponder { request, context in
                recorder.record(try await routes.respond(to: request, context: context))
            }
        )
        try await application.test(.router) { client in
            let response = try await Self.download(client, image.id)
            #expect(response.status == .ok)
            #expect(response.headers[.contentLength] == "\(count * mebibyte)")
            #expect(response.body.readableBytes == count * mebibyte)
            let bytes = response.body.readableBytesView
            for block in [0, 1, 31, 63] {
                #expect(bytes[bytes.startIndex + block * mebibyte] == UInt8(block))
                #expect(bytes[bytes.startIndex + block * mebibyte + mebibyte - 1] == UInt8(block))
            }
        }
        let (chunks, largest) = recorder.counts.withLock { ($0.chunks, $0.largest) }
        #expect(chunks >= 64, "\(chunks) chunks")
        #expect(largest <= mebibyte, "largest chunk \(largest) bytes")
    }

    @Test("an image without data answers 204 as Glance does: not active, or its file is missing")
    func noData() async throws {
        let service = try await TestService()
        let queued = try await service.seedImage(owner: Projects.b, status: .queued, data: Self.text)
        let missing = try await service.seedImage(owner: Projects.b, checksum: Self.md5)
        try await service.test { client in
            for id in [queued.id, missing.id] {
                let response = try await Self.download(client, id)
                #expect(response.status == .noContent)
                #expect(response.body.readableBytes == 0)
            }
        }
    }

    @Test("another project's image is 404 like a missing one; admins may download any image")
    func scoping() async throws {
        let service = try await TestService()
        let image = try await service.seedImage(owner: Projects.a, data: Self.text)
        try await service.test { client in
            let denied = try await client.send(.get, "/v2/images/\(image.id)/file", as: .member(Projects.b))
            #expect(denied.status == .notFound)
            #expect(denied.message == "No image found with ID \(image.id)")
            let admin = try await Self.download(client, image.id, as: .admin(Projects.c))
            #expect(admin.status == .ok)
            #expect(admin.headers[HTTPField.Name("Content-MD5")!] == nil)
        }
    }

    @Test("a rule that denies download_image reads as the 404 of a missing image")
    func deniedByRule() async throws {
        let service = try await TestService()
        let image = try await service.seedImage(owner: Projects.b, data: Self.text)
        let application = try ImagesTestSupport.application(service, rules: ["download_image": "role:admin"])
        try await application.test(.router) { client in
            let reply = try await client.send(.get, "/v2/images/\(image.id)/file", as: .member(Projects.b))
            #expect(reply.status == .notFound)
            #expect(try await client.send(.get, "/v2/images/\(image.id)", as: .member(Projects.b)).status == .ok)
        }
    }

    private static func create(_ path: String) throws -> String {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw ReplyError("could not create \(path)")
        }
        return path
    }
}

/// Records the size of every body chunk a response writes (what the server hands to the connection, write by write).
final class ChunkRecorder: Sendable {
    let counts = Mutex((chunks: 0, largest: 0))

    /// `response` with a body that records each chunk as it passes.
    func record(_ response: Response) -> Response {
        var response = response
        let length = response.body.contentLength
        response.body = response.body.map { [self] chunk in
            counts.withLock { value in
                value.chunks += 1
                value.largest = max(value.largest, chunk.readableBytes)
            }
            return chunk
        }
        if let length { response.headers[.contentLength] = "\(length)" }
        return response
    }
}
