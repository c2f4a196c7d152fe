import Foundation
import SkyliftExecutors
import SkyliftTesting
import Testing

extension DownloadTests {
    @Suite struct Failures {
        @Test(arguments: [(404, false), (500, true)])
        func errorStatusIsHTTPError(status: Int, retryable: Bool) async throws {
            try await DownloadHarness.run { harness in
                let path = harness.destination()
                let failure = await DownloadHarness.failure {
                    try await harness.downloader.download(
                        url: "\(harness.server.baseURL)/bytes/10?status=\(status)",
                        to: path,
                        limits: DownloadLimits(retries: 0)
                    )
                }
                #expect(failure?.code == .httpError)
                #expect(failure?.message == "Download failed: HTTP \(status) from 127.0.0.1")
                #expect(failure?.retryable == retryable)
                #expect(!FileManager.default.fileExists(atPath: path))
            }
        }

        @Test func truncatedBodyIsDownloadFailed() async throws {
            try await DownloadHarness.run { harness in
                let path = harness.destination()
                let failure = await DownloadHarness.failure {
                    try await harness.downloader.download(
                        url: "\(harness.server.baseURL)/bytes/1000000?truncate=300000",
                        to: path,
                        limits: DownloadLimits(retries: 0)
                    )
                }
                #expect(failure?.code == .downloadFailed)
                #expect(failure?.retryable == true)
                #expect(!FileManager.default.fileExists(atPath: path))
            }
        }

        @Test func stalledBodyFailsWithinStallTimeout() async throws {
            try await DownloadHarness.run { harness in
                let started = ContinuousClock.now
                let failure = await DownloadHarness.failure {
                    try await harness.downloader.download(
                        url: "\(harness.server.baseURL)/bytes/1000000?stall=20000",
                        to: harness.destination(),
                        limits: DownloadLimits(stallTimeout: .seconds(1), retries: 0)
                    )
                }
                let elapsed = ContinuousClock.now - started
                #expect(failure?.code == .downloadFailed)
                #expect(failure?.message.contains("import.stallTimeout") == true)
                #expect(elapsed >= .seconds(1) && elapsed < .seconds(2))
            }
        }

        @Test func announcedTooLargeFailsBeforeStreaming() async throws {
            try await DownloadHarness.run { harness in
                let reports = ProgressLog()
                let failure = await DownloadHarness.failure {
                    try await harness.downloader.download(
                        url: "\(harness.server.baseURL)/bytes/2000000",
                        to: harness.destination(),
                        limits: DownloadLimits(maxImageBytes: 1_000_000, retries: 0)
                    ) { done, total in reports.append(done, total) }
                }
                #expect(failure?.code == .tooLarge)
                #expect(failure?.message.contains("announced 2000000 bytes") == true)
                #expect(reports.last == nil)
            }
        }

        @Test func streamedTooLargeFails() async throws {
            try await DownloadHarness.run { harness in
                let path = harness.destination()
                let failure = await DownloadHarness.failure {
                    try await harness.downloader.download(
                        url: "\(harness.server.baseURL)/bytes/2000000?chunked=1",
                        to: path,
                        limits: DownloadLimits(maxImageBytes: 1_000_000, retries: 0)
                    )
                }
                #expect(failure?.code == .tooLarge)
                #expect(failure?.retryable == false)
                #expect(!FileManager.default.fileExists(atPath: path))
            }
        }

        @Test func checksumMismatchNamesAlgorithmExpectedAndActual() async throws {
            try await DownloadHarness.run { harness in
                let actual = DownloadHarness.digests(LocalImageServer.generatedBytes(count: 2048)).sha256
                let wrong = String(repeating: "ab", count: 32)
                let path = harness.destination()
                let failure = await DownloadHarness.failure {
                    try await harness.downloader.download(
                        url: "\(harness.server.baseURL)/bytes/2048",
                        to: path,
                        limits: DownloadLimits(retries: 0),
                        checksum: ExpectedChecksum(algorithm: .sha256, hex: wrong)
                    )
                }
                #expect(failure?.code == .checksumMismatch)
                #expect(failure?.message == "Checksum mismatch: expected sha256 \(wrong), got \(actual)")
                #expect(!FileManager.default.fileExists(atPath: path))
            }
        }

        @Test func refusedConnectionIsDownloadFailed() async throws {
            try await DownloadHarness.run { harness in
                let failure = await DownloadHarness.failure {
                    try await harness.downloader.download(
                        url: "http://127.0.0.1:1/image",
                        to: harness.destination(),
                        limits: DownloadLimits(connectTimeout: .seconds(2), retries: 0)
                    )
                }
                #expect(failure?.code == .downloadFailed)
                #expect(failure?.message.hasPrefix("Download failed: ") == true)
            }
        }

        @Test func unresolvableNameIsDownloadFailed() async throws {
            try await DownloadHarness.run(allowedHosts: ["nowhere.test"]) { harness in
                let failure = await DownloadHarness.failure {
                    try await harness.downloader.download(
                        url: "http://nowhere.test/image",
                        to: harness.destination(),
                        limits: DownloadLimits(retries: 0)
                    )
                }
                #expect(failure?.code == .downloadFailed)
            }
        }
    }
}
