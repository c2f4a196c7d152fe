import AsyncHTTPClient
import Crypto
import Foundation
import NIOSSL
import SkyliftDomain
import SkyliftExecutors
import SkyliftTesting
import Testing

/// Every download test, run one at a time (the memory test measures the whole process).
@Suite(.serialized) enum DownloadTests {}

/// A local image server, a shared client and a downloader whose rules let tests reach 127.0.0.1.
struct DownloadHarness {
    let server: LocalImageServer
    let downloader: Downloader
    let directory: URL

    /// A fresh destination path in the harness's temporary directory.
    func destination(_ name: String = "image") -> String {
        directory.appendingPathComponent("\(name)-\(UUID().uuidString)").path
    }

    /// Runs `body` with a server (HTTPS with `tls`), a client (shut down afterwards) and a downloader with `egress`.
    static func run(
        allowedHosts: [String] = ["127.0.0.1"],
        resolver: [String: [IPAddress]] = ["localhost": [IPAddress(dottedQuad: "127.0.0.1")!]],
        tls: TLSConfiguration? = nil,
        egress: DownloadEgress = DownloadEgress(),
        _ body: (DownloadHarness) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: Downloader.clientConfiguration(
                limits: DownloadLimits(connectTimeout: .seconds(1)),
                egress: egress
            )
        )
        let filter = ImportURLFilter(
            rules: ImportURLRules(allowedPorts: [], allowedHosts: allowedHosts),
            resolver: StaticHostResolver(resolver)
        )
        do {
            try await LocalImageServer.withServer(tls: tls) { server in
                try await body(
                    DownloadHarness(
                        server: server,
                        downloader: Downloader(client: client, filter: filter, egress: egress),
                        directory: directory
                    )
                )
            }
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    /// The failure `operation` throws; records an issue when it succeeds.
    static func failure(
        _ operation: () async throws -> DownloadResult,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> DownloadFailure? {
        do {
            let result = try await operation()
            Issue.record("expected a failure, got \(result)", sourceLocation: sourceLocation)
            return nil
        } catch let failure as DownloadFailure {
            return failure
        } catch {
            Issue.record("expected a DownloadFailure, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// MD5, SHA-512 and SHA-256 hex of `data`.
    static func digests(_ data: some DataProtocol) -> (md5: String, sha512: String, sha256: String) {
        func hex(_ digest: some Sequence<UInt8>) -> String { digest.map { String(format: "%02x", $0) }.joined() }
        return (hex(Insecure.MD5.hash(data: data)), hex(SHA512.hash(data: data)), hex(SHA256.hash(data: data)))
    }
}
