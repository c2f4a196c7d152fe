import Foundation
import SkyliftExecutors
import SkyliftTesting
import Testing

extension DownloadTests {
    @Suite struct Redirects {
        @Test func redirectToAnotherPathIsFollowed() async throws {
            try await DownloadHarness.run { harness in
                let result = try await harness.downloader.download(
                    url: "\(harness.server.baseURL)/start?redirect=/bytes/1234",
                    to: harness.destination(),
                    limits: DownloadLimits()
                )
                #expect(result.bytes == 1234)
                #expect(result.finalURL == "\(harness.server.baseURL)/bytes/1234")
                #expect(harness.server.requests.map(\.path) == ["/start", "/bytes/1234"])
            }
        }

        @Test func absoluteRedirectWith307IsFollowed() async throws {
            try await DownloadHarness.run { harness in
                let target = "\(harness.server.baseURL)/bytes/99"
                let result = try await harness.downloader.download(
                    url: "\(harness.server.baseURL)/a?redirectStatus=307&redirect=\(target)",
                    to: harness.destination(),
                    limits: DownloadLimits()
                )
                #expect(result.bytes == 99)
            }
        }

        @Test func chainUpToTheLimitIsFollowed() async throws {
            try await DownloadHarness.run { harness in
                let result = try await harness.downloader.download(
                    url: "\(harness.server.baseURL)/chain/5/bytes/10",
                    to: harness.destination(),
                    limits: DownloadLimits(maxRedirects: 5)
                )
                #expect(result.bytes == 10)
                #expect(harness.server.requests.count == 6)
            }
        }

        @Test func chainBeyondTheLimitIsRefused() async throws {
            try await DownloadHarness.run { harness in
                let failure = await DownloadHarness.failure {
                    try await harness.downloader.download(
                        url: "\(harness.server.baseURL)/chain/6/bytes/10",
                        to: harness.destination(),
                        limits: DownloadLimits(maxRedirects: 5)
                    )
                }
                #expect(failure?.code == .urlRefused)
                #expect(failure?.message.contains("more than 5 times") == true)
                #expect(harness.server.requests.count == 6)
                #expect(!harness.server.requests.contains { $0.path == "/bytes/10" })
            }
        }

        @Test(arguments: [
            "http://169.254.169.254/latest/meta-data/?marker=forbidden",
            "http://10.0.0.1:PORT/bytes/7?marker=forbidden",
            "http://localhost:PORT/bytes/7?marker=forbidden",
        ])
        func redirectToForbiddenAddressIsRefusedAndNeverRequested(target: String) async throws {
            try await DownloadHarness.run { harness in
                let location = target.replacingOccurrences(of: "PORT", with: String(harness.server.port))
                let encoded = location.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? location
                let failure = await DownloadHarness.failure {
                    try await harness.downloader.download(
                        url: "\(harness.server.baseURL)/start?redirect=\(encoded)",
                        to: harness.destination(),
                        limits: DownloadLimits()
                    )
                }
                #expect(failure?.code == .urlRefused)
                #expect(failure?.message.contains("private or reserved range") == true)
                #expect(harness.server.requests.map(\.path) == ["/start"])
                #expect(
                    !harness.server.requests.contains { $0.target.contains("marker=forbidden") && $0.path != "/start" }
                )
            }
        }
    }
}
