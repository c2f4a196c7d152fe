import Foundation
import SkyliftExecutors
import SkyliftTesting
import Testing

extension DownloadTests {
    /// Compressed sources (contract §17), made with the distribution's own tools and decompressed while they stream.
    @Suite struct Decompression {
        /// The tool command that compresses `input` into `output`, per format.
        static let tools: [(format: String, command: String)] = [
            ("gzip", "gzip -9 -c"), ("xz", "xz -T1 -c"), ("zstd", "zstd -q -c"), ("bzip2", "bzip2 -c"),
        ]

        @Test(
            "each format is decompressed: the stored bytes are the original's, the checksum input is of the download",
            arguments: tools
        )
        func decompresses(format: String, command: String) async throws {
            try await DownloadHarness.run { harness in
                let corpus = ImageCorpus(directory: harness.server.root)
                try corpus.raw("disk.raw", bytes: 4 << 20)
                try corpus.convert("disk.raw", to: "disk.qcow2", format: "qcow2")
                try corpus.shell("sh", "-c", "cd \(corpus.path("")) && \(command) disk.qcow2 > disk.qcow2.\(format)")
                let original = try Data(contentsOf: corpus.url("disk.qcow2"))
                let packed = try Data(contentsOf: corpus.url("disk.qcow2.\(format)"))
                let path = harness.destination()
                let result = try await harness.downloader.download(
                    url: "\(harness.server.baseURL)/files/disk.qcow2.\(format)",
                    to: path,
                    limits: DownloadLimits(retries: 0),
                    checksum: ExpectedChecksum(algorithm: .sha256, hex: DownloadHarness.digests(packed).sha256)
                )
                let expected = DownloadHarness.digests(original)
                #expect(result.bytes == Int64(original.count))
                #expect(result.downloadedBytes == Int64(packed.count))
                #expect(result.md5 == expected.md5 && result.sha512 == expected.sha512)
                #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original)
                #expect(
                    result.warnings == ["Decompressed \(format) stream (\(packed.count) → \(original.count) bytes)"]
                )
            }
        }

        @Test("concatenated gzip members are read on, as `cat a.gz b.gz` makes them")
        func concatenatedGzip() async throws {
            try await DownloadHarness.run { harness in
                let corpus = ImageCorpus(directory: harness.server.root)
                try harness.server.addFile("a", data: Data(repeating: 1, count: 100_000))
                try harness.server.addFile("b", data: Data(repeating: 2, count: 50_000))
                try corpus.shell("sh", "-c", "cd \(corpus.path("")) && gzip -c a > ab.gz && gzip -c b >> ab.gz")
                let result = try await harness.downloader.download(
                    url: "\(harness.server.baseURL)/files/ab.gz",
                    to: harness.destination(),
                    limits: DownloadLimits(retries: 0)
                )
                #expect(result.bytes == 150_000)
            }
        }

        @Test("a 256 MiB-of-zeros xz bomb under a 64 MiB limit fails too_large as it passes it, leaving nothing")
        func bomb() async throws {
            try await DownloadHarness.run { harness in
                let corpus = ImageCorpus(directory: harness.server.root)
                try corpus.shell(
                    "sh",
                    "-c",
                    "cd \(corpus.path("")) && head -c 268435456 /dev/zero | xz -T1 -c > bomb.xz"
                )
                let path = harness.destination()
                let failure = await DownloadHarness.failure {
                    try await harness.downloader.download(
                        url: "\(harness.server.baseURL)/files/bomb.xz",
                        to: path,
                        limits: DownloadLimits(maxImageBytes: 64 << 20, retries: 0)
                    )
                }
                #expect(failure?.code == .tooLarge)
                #expect(failure?.retryable == false)
                #expect(failure?.message.contains("decompressed to more than 67108864 bytes") == true)
                #expect(!FileManager.default.fileExists(atPath: path))
            }
        }

        @Test("import.decompress false stores the bytes as received; a cut stream fails without a retry")
        func offAndCorrupt() async throws {
            try await DownloadHarness.run { harness in
                let corpus = ImageCorpus(directory: harness.server.root)
                try harness.server.addFile("data", data: Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 * 7) }))
                try corpus.shell("sh", "-c", "cd \(corpus.path("")) && xz -T1 -c data > data.xz")
                let packed = try Data(contentsOf: corpus.url("data.xz"))
                try harness.server.addFile("cut.xz", data: packed.prefix(packed.count / 2))
                let kept = try await harness.downloader.download(
                    url: "\(harness.server.baseURL)/files/data.xz",
                    to: harness.destination(),
                    limits: DownloadLimits(retries: 0, decompress: false)
                )
                #expect(kept.bytes == Int64(packed.count))
                #expect(kept.warnings.isEmpty)
                let failure = await DownloadHarness.failure {
                    try await harness.downloader.download(
                        url: "\(harness.server.baseURL)/files/cut.xz",
                        to: harness.destination(),
                        limits: DownloadLimits(retries: 3)
                    )
                }
                #expect(failure?.code == .downloadFailed)
                #expect(failure?.retryable == false)
                #expect(failure?.message.contains("xz stream could not be decompressed") == true)
                #expect(harness.server.requests.filter { $0.path == "/files/cut.xz" }.count == 1)
            }
        }
    }
}
