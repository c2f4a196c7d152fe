import Foundation
import SkyliftExecutors
import SkyliftTesting
import Testing

extension DownloadTests {
    /// Retry and resume (contract §17) against the local image server's `failFirst`, `truncateFirst` and `ranges`
    /// knobs.
    @Suite struct Retries {
        static let fast = DownloadLimits(retries: 3, retryDelay: .milliseconds(200))

        /// The requests the server saw for `path`, in order.
        static func requests(_ harness: DownloadHarness, _ path: String) -> [ImageServerRequest] {
            harness.server.requests.filter { $0.path == path }
        }

        @Test("503 twice then success: retried after 0.2 s and 0.4 s, a warning per retry, the bytes intact")
        func transientStatus() async throws {
            try await DownloadHarness.run { harness in
                let result = try await harness.downloader.download(
                    url: "\(harness.server.baseURL)/bytes/300000?failFirst=2",
                    to: harness.destination(),
                    limits: Self.fast
                )
                #expect(result.bytes == 300_000)
                #expect(
                    result.sha512 == DownloadHarness.digests(LocalImageServer.generatedBytes(count: 300_000)).sha512
                )
                #expect(
                    result.warnings == [
                        "Download retried after HTTP 503 from 127.0.0.1 (attempt 2 of 4)",
                        "Download retried after HTTP 503 from 127.0.0.1 (attempt 3 of 4)",
                    ]
                )
                let times = Self.requests(harness, "/bytes/300000").map(\.at)
                try #require(times.count == 3)
                #expect(times[1] - times[0] >= .milliseconds(190))
                #expect(times[2] - times[1] >= .milliseconds(390))
            }
        }

        @Test("a Retry-After of at most 60 s is waited for instead of the backoff")
        func retryAfter() async throws {
            try await DownloadHarness.run { harness in
                _ = try await harness.downloader.download(
                    url: "\(harness.server.baseURL)/bytes/1000?failFirst=1&failStatus=429&retryAfter=1",
                    to: harness.destination(),
                    limits: DownloadLimits(retries: 1, retryDelay: .seconds(20))
                )
                let times = Self.requests(harness, "/bytes/1000").map(\.at)
                try #require(times.count == 2)
                #expect(times[1] - times[0] >= .milliseconds(950))
                #expect(times[1] - times[0] < .seconds(5))
            }
        }

        @Test("retries are bounded: the last cause's code, retryable; 404 and 403 are never retried")
        func bounded() async throws {
            try await DownloadHarness.run { harness in
                let failure = await DownloadHarness.failure {
                    try await harness.downloader.download(
                        url: "\(harness.server.baseURL)/bytes/10?failFirst=99&failStatus=502",
                        to: harness.destination(),
                        limits: DownloadLimits(retries: 2, retryDelay: .milliseconds(50))
                    )
                }
                #expect(failure?.code == .httpError)
                #expect(failure?.retryable == true)
                #expect(Self.requests(harness, "/bytes/10").count == 3)
                for status in [404, 403] {
                    let path = "/bytes/\(status)"
                    let refused = await DownloadHarness.failure {
                        try await harness.downloader.download(
                            url: "\(harness.server.baseURL)\(path)?status=\(status)",
                            to: harness.destination(),
                            limits: Self.fast
                        )
                    }
                    #expect(refused?.code == .httpError)
                    #expect(Self.requests(harness, path).count == 1, "\(status) was retried")
                }
            }
        }

        @Test("a cut download resumes with Range and If-Range: only the missing bytes, the digests continued")
        func resumes() async throws {
            try await DownloadHarness.run { harness in
                let path = "/bytes/3000000"
                let result = try await harness.downloader.download(
                    url: "\(harness.server.baseURL)\(path)?ranges=1&truncate=1000000&truncateFirst=1",
                    to: harness.destination(),
                    limits: Self.fast
                )
                let expected = DownloadHarness.digests(LocalImageServer.generatedBytes(count: 3_000_000))
                #expect(result.bytes == 3_000_000)
                #expect(result.sha512 == expected.sha512 && result.md5 == expected.md5)
                let requests = Self.requests(harness, path)
                try #require(requests.count == 2)
                #expect(requests[0].range == nil)
                let range = try #require(requests[1].range)
                let start = try #require(Int(range.dropFirst("bytes=".count).dropLast()))
                #expect(start > 0 && start <= 1_000_000, "\(range)")
                #expect(result.warnings.count == 1)
            }
        }

        @Test(
            "a changed source (new ETag), another range or a weak ETag: the download starts again and hashes right",
            arguments: [
                ("etagChangesAfter=1", "sent the whole file"), ("rangeStart=0", "answered the range"),
                ("weak=1", ""),
            ]
        )
        func restarts(knob: String, warning: String) async throws {
            try await DownloadHarness.run { harness in
                let path = "/bytes/2000000"
                let result = try await harness.downloader.download(
                    url: "\(harness.server.baseURL)\(path)?ranges=1&truncate=700000&truncateFirst=1&\(knob)",
                    to: harness.destination(),
                    limits: Self.fast
                )
                #expect(result.bytes == 2_000_000)
                #expect(
                    result.sha512 == DownloadHarness.digests(LocalImageServer.generatedBytes(count: 2_000_000)).sha512
                )
                if warning.isEmpty {
                    #expect(Self.requests(harness, path).allSatisfy { $0.range == nil }, "resumed on a weak ETag")
                } else {
                    #expect(result.warnings.contains { $0.contains(warning) }, "\(result.warnings)")
                }
            }
        }

        @Test("a cancel during a backoff ends the download at once")
        func cancelDuringBackoff() async throws {
            try await DownloadHarness.run { harness in
                let path = harness.destination()
                let started = ContinuousClock.now
                let download = Task {
                    try await harness.downloader.download(
                        url: "\(harness.server.baseURL)/bytes/10?failFirst=99&retryAfter=30",
                        to: path,
                        limits: Self.fast
                    )
                }
                try await Task.sleep(for: .milliseconds(300))
                download.cancel()
                let failure = await DownloadHarness.failure { try await download.value }
                #expect(failure?.code == .canceled)
                #expect(ContinuousClock.now - started < .seconds(2))
                #expect(!FileManager.default.fileExists(atPath: path))
            }
        }

        @Test(
            "an earlier attempt's partial file: continued with Range, or started again when the source changed",
            arguments: [
                ("\"v1\"", "bytes=100000-", "Download resumed at byte 100000"),
                ("\"v0\"", "bytes=100000-", "sent the whole file (HTTP 200)"),
            ]
        )
        func partialFromEarlierAttempt(validator: String, range: String, warning: String) async throws {
            try await DownloadHarness.run { harness in
                let earlier = harness.destination("earlier")
                try Data(LocalImageServer.generatedBytes(count: 100_000)).write(to: URL(fileURLWithPath: earlier))
                let result = try await harness.downloader.download(
                    url: "\(harness.server.baseURL)/bytes/300000?ranges=1",
                    to: harness.destination(),
                    limits: Self.fast,
                    partial: PartialDownload(path: earlier, validator: validator)
                )
                let whole = DownloadHarness.digests(LocalImageServer.generatedBytes(count: 300_000))
                #expect(result.bytes == 300_000 && result.md5 == whole.md5 && result.sha512 == whole.sha512)
                #expect(Self.requests(harness, "/bytes/300000").map(\.range) == [range])
                #expect(result.warnings.contains { $0.contains(warning) }, "\(result.warnings)")
                #expect(FileManager.default.fileExists(atPath: earlier), "the earlier file is read, never changed")
            }
        }

        @Test("a partial file that is a compressed stream is not continued: its decoder state is gone")
        func compressedPartial() async throws {
            try await DownloadHarness.run { harness in
                let original = Data(LocalImageServer.generatedBytes(count: 200_000))
                try harness.server.addFile("disk.raw", data: original)
                let corpus = ImageCorpus(directory: harness.server.root)
                try corpus.shell("gzip", "-k", corpus.path("disk.raw"))
                let compressed = try Data(contentsOf: URL(fileURLWithPath: corpus.path("disk.raw.gz")))
                let earlier = harness.destination("earlier")
                try compressed.prefix(compressed.count / 2).write(to: URL(fileURLWithPath: earlier))
                let result = try await harness.downloader.download(
                    url: "\(harness.server.baseURL)/files/disk.raw.gz",
                    to: harness.destination(),
                    limits: Self.fast,
                    partial: PartialDownload(path: earlier, validator: "\"v1\"")
                )
                #expect(result.md5 == DownloadHarness.digests(original).md5)
                #expect(Self.requests(harness, "/files/disk.raw.gz").map(\.range) == [nil])
                #expect(!result.warnings.contains { $0.contains("resumed") }, "\(result.warnings)")
            }
        }
    }
}
