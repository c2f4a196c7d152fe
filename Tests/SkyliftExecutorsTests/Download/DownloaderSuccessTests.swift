import Foundation
import SkyliftDomain
import SkyliftExecutors
import SkyliftTesting
import Testing

extension DownloadTests {
    @Suite struct Success {
        @Test func multiMegabyteDownloadHashesCorrectly() async throws {
            try await DownloadHarness.run { harness in
                let count = 8_000_000
                let path = harness.destination()
                let expected = DownloadHarness.digests(LocalImageServer.generatedBytes(count: count))
                let result = try await harness.downloader.download(
                    url: "\(harness.server.baseURL)/bytes/\(count)",
                    to: path,
                    limits: DownloadLimits(),
                    checksum: ExpectedChecksum(algorithm: .sha256, hex: expected.sha256.uppercased())
                )
                let onDisk = DownloadHarness.digests(try Data(contentsOf: URL(fileURLWithPath: path)))
                #expect(result.bytes == Int64(count))
                #expect(result.md5 == onDisk.md5 && result.md5 == expected.md5)
                #expect(result.sha512 == onDisk.sha512 && result.sha512 == expected.sha512)
                #expect(result.requestedDigest == expected.sha256)
                #expect(result.warnings.isEmpty)
                #expect(result.finalURL == "\(harness.server.baseURL)/bytes/\(count)")
            }
        }

        @Test func servesFilesFromTheTemporaryDirectory() async throws {
            try await DownloadHarness.run { harness in
                let data = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
                try harness.server.addFile("cirros.qcow2", data: data)
                let expected = DownloadHarness.digests(data)
                let result = try await harness.downloader.download(
                    url: "\(harness.server.baseURL)/files/cirros.qcow2",
                    to: harness.destination(),
                    limits: DownloadLimits(),
                    checksum: ExpectedChecksum(algorithm: .md5, hex: expected.md5)
                )
                #expect(result.bytes == 300_000 && result.md5 == expected.md5 && result.requestedDigest == expected.md5)
            }
        }

        @Test(
            "runs of zero blocks are stored as holes: the same bytes, less disk",
            arguments: [
                // 4 MiB: zeros, data, zeros (ending in a hole); data with an odd tail; all zeros; a 100-byte file.
                [(0, 1 << 20), (1, 1 << 20), (0, 2 << 20)], [(2, 3 << 20), (0, 1 << 20), (3, 12345)],
                [(0, 4 << 20)], [(5, 100)],
            ]
        )
        func zeroRunsAreHoles(runs: [(UInt8, Int)]) async throws {
            try await DownloadHarness.run { harness in
                var data = Data()
                for (value, count) in runs {
                    data.append(
                        value == 0
                            ? Data(count: count)
                            : Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ Int(value)) })
                    )
                }
                try harness.server.addFile("sparse.raw", data: data)
                let path = harness.destination()
                let result = try await harness.downloader.download(
                    url: "\(harness.server.baseURL)/files/sparse.raw",
                    to: path,
                    limits: DownloadLimits()
                )
                let expected = DownloadHarness.digests(data)
                #expect(
                    result.bytes == Int64(data.count) && result.md5 == expected.md5 && result.sha512 == expected.sha512
                )
                #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == data)
                var info = stat()
                #expect(stat(path, &info) == 0)
                let zeros = runs.filter { $0.0 == 0 }.reduce(0) { $0 + $1.1 }
                #expect(Int(info.st_blocks) * 512 <= data.count - zeros + 64 * 1024, "\(info.st_blocks) blocks")
            }
        }

        @Test func chunkedBodyWarnsAboutMissingContentLength() async throws {
            try await DownloadHarness.run { harness in
                let reports = ProgressLog()
                let result = try await harness.downloader.download(
                    url: "\(harness.server.baseURL)/bytes/100000?chunked=1",
                    to: harness.destination(),
                    limits: DownloadLimits()
                ) { done, total in reports.append(done, total) }
                #expect(result.bytes == 100_000)
                #expect(result.warnings == ["Source sent no Content-Length"])
                #expect(reports.last?.done == 100_000 && reports.last?.total == nil)
            }
        }

        @Test func sizeCapIsInclusive() async throws {
            try await DownloadHarness.run { harness in
                let result = try await harness.downloader.download(
                    url: "\(harness.server.baseURL)/bytes/4096?chunked=1",
                    to: harness.destination(),
                    limits: DownloadLimits(maxImageBytes: 4096)
                )
                #expect(result.bytes == 4096)
            }
        }

        @Test func checksumAlgorithmsSha1AndSha512() async throws {
            try await DownloadHarness.run { harness in
                let bytes = LocalImageServer.generatedBytes(count: 5000)
                let sha512 = DownloadHarness.digests(bytes).sha512
                let result = try await harness.downloader.download(
                    url: "\(harness.server.baseURL)/bytes/5000",
                    to: harness.destination(),
                    limits: DownloadLimits(),
                    checksum: ExpectedChecksum(algorithm: .sha512, hex: sha512)
                )
                #expect(result.requestedDigest == sha512)
            }
        }

        @Test func pinnedNameReachesTheCheckedAddressWithItsHostHeader() async throws {
            try await DownloadHarness.run(
                allowedHosts: ["images.test"],
                resolver: ["images.test": [IPAddress(dottedQuad: "127.0.0.1")!]]
            ) { harness in
                let port = harness.server.port
                let result = try await harness.downloader.download(
                    url: "http://images.test:\(port)/bytes/1000",
                    to: harness.destination(),
                    limits: DownloadLimits()
                )
                #expect(result.bytes == 1000)
                #expect(result.finalURL == "http://images.test:\(port)/bytes/1000")
                #expect(harness.server.requests.map(\.host) == ["images.test:\(port)"])
            }
        }

        @Test func pinnedHTTPSNameUsesAShortLivedClientAndFailsCleanlyWithoutTLS() async throws {
            try await DownloadHarness.run(
                allowedHosts: ["images.test"],
                resolver: ["images.test": [IPAddress(dottedQuad: "127.0.0.1")!]]
            ) { harness in
                let failure = await DownloadHarness.failure {
                    try await harness.downloader.download(
                        url: "https://images.test:\(harness.server.port)/bytes/1000",
                        to: harness.destination(),
                        limits: DownloadLimits(connectTimeout: .seconds(2), stallTimeout: .seconds(2))
                    )
                }
                #expect(failure?.code == .downloadFailed)
                #expect(harness.server.requests.isEmpty)
            }
        }
    }
}

/// Progress reports, collected from the downloader's callback.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [(done: Int64, total: Int64?)] = []

    func append(_ done: Int64, _ total: Int64?) {
        lock.withLock { reports.append((done, total)) }
    }

    var last: (done: Int64, total: Int64?)? { lock.withLock { reports.last } }
}
