import Foundation
import SkyliftExecutors
import SkyliftTesting
import Testing

extension DownloadTests {
    @Suite struct Resources {
        @Test func cancellationStopsWithinOneSecond() async throws {
            try await DownloadHarness.run { harness in
                let path = harness.destination()
                let downloader = harness.downloader
                let url = "\(harness.server.baseURL)/bytes/100000000?throttle=2000000"
                let task = Task {
                    try await downloader.download(url: url, to: path, limits: DownloadLimits())
                }
                try await Task.sleep(for: .milliseconds(500))
                let canceledAt = ContinuousClock.now
                task.cancel()
                let outcome = await task.result
                let elapsed = ContinuousClock.now - canceledAt
                #expect(elapsed < .seconds(2), "contract §10.2: a running download stops within 2 s")
                guard case .failure(let failure) = outcome else {
                    Issue.record("expected cancellation, got \(outcome)")
                    return
                }
                #expect((failure as? DownloadFailure)?.code == .canceled)
                #expect(!FileManager.default.fileExists(atPath: path))
            }
        }

        /// A 256 MiB download streams to disk, writing behind: what is written is dropped from the page cache 16 MiB
        /// later, so at most a few tens of MiB of the file are cached when it ends. Its memory is a performance
        /// figure, so it is not asserted here, where other suites share the process: the import benchmark measures
        /// peak RSS in a process of its own.
        @Test func largeDownloadStreamsToDisk() async throws {
            try await DownloadHarness.run { harness in
                let count = 256 * 1024 * 1024
                let path = harness.destination()
                defer { try? FileManager.default.removeItem(atPath: path) }
                let result = try await harness.downloader.download(
                    url: "\(harness.server.baseURL)/bytes/\(count)",
                    to: path,
                    limits: DownloadLimits()
                )
                #expect(result.bytes == Int64(count))
                let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber
                #expect(size?.int64Value == Int64(count))
                #if os(Linux)
                let cached = try PageCache.cachedBytes(path: path)
                #expect(cached <= 32 << 20, "\(cached) bytes of the 256 MiB file are still in the page cache")
                #endif
            }
        }
    }
}
