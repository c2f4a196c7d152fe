import Foundation
import SkyliftDomain
import SkyliftExecutors
import SkyliftTesting
import Testing

extension DownloadTests {
    /// Trust and egress (contract §17): `import.caFile` against a local HTTPS server signed by a test CA, and
    /// `import.proxy` / `import.noProxy` against a local forward proxy.
    @Suite struct Egress {
        /// Runs `body` with a fresh test CA whose server certificate names `subjectAltNames`.
        static func withAuthority(
            subjectAltNames: String = "DNS:localhost, IP:127.0.0.1",
            _ body: (TestCertificateAuthority) async throws -> Void
        ) async throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ca-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            try await body(try TestCertificateAuthority.make(in: directory, subjectAltNames: subjectAltNames))
        }

        static let limits = DownloadLimits(retries: 2, retryDelay: .milliseconds(50))

        @Test("a source signed by a private CA is refused without import.caFile (not retried) and downloads with it")
        func privateAuthority() async throws {
            try await Self.withAuthority { authority in
                let tls = try authority.serverTLS()
                try await DownloadHarness.run(allowedHosts: ["localhost", "127.0.0.1"], tls: tls) { harness in
                    let failure = await DownloadHarness.failure {
                        try await harness.downloader.download(
                            url: "https://localhost:\(harness.server.port)/bytes/1000",
                            to: harness.destination(),
                            limits: Self.limits
                        )
                    }
                    #expect(failure?.code == .downloadFailed)
                    #expect(failure?.retryable == false)
                    #expect(
                        failure?.message
                            == "Download failed: could not get a response from localhost: the server's TLS certificate "
                            + "is not trusted"
                    )
                    #expect(harness.server.requests.isEmpty, "no request is sent over an unverified connection")
                }
                let egress = try DownloadEgress(caFile: authority.caFile, proxy: nil, noProxy: [])
                try await DownloadHarness.run(allowedHosts: ["localhost", "127.0.0.1"], tls: tls, egress: egress) {
                    harness in
                    // By name (the name is pinned to the checked address and verified) and by IP literal.
                    for host in ["localhost", "127.0.0.1"] {
                        let result = try await harness.downloader.download(
                            url: "https://\(host):\(harness.server.port)/bytes/300000",
                            to: harness.destination(),
                            limits: Self.limits
                        )
                        #expect(result.bytes == 300_000)
                        #expect(
                            result.sha512
                                == DownloadHarness.digests(LocalImageServer.generatedBytes(count: 300_000)).sha512
                        )
                        #expect(result.warnings.isEmpty)
                    }
                    #expect(harness.server.requests.count == 2)
                }
            }
        }

        @Test("a certificate for another name is refused even with import.caFile")
        func wrongName() async throws {
            try await Self.withAuthority(subjectAltNames: "DNS:localhost") { authority in
                let egress = try DownloadEgress(caFile: authority.caFile, proxy: nil, noProxy: [])
                try await DownloadHarness.run(
                    allowedHosts: ["images.test"],
                    resolver: ["images.test": [IPAddress(dottedQuad: "127.0.0.1")!]],
                    tls: try authority.serverTLS(),
                    egress: egress
                ) { harness in
                    let failure = await DownloadHarness.failure {
                        try await harness.downloader.download(
                            url: "https://images.test:\(harness.server.port)/bytes/1000",
                            to: harness.destination(),
                            limits: Self.limits
                        )
                    }
                    #expect(failure?.code == .downloadFailed)
                    #expect(failure?.retryable == false)
                    #expect(
                        failure?.message
                            == "Download failed: could not get a response from images.test: the server's TLS "
                            + "certificate is not for this host name"
                    )
                    #expect(harness.server.requests.isEmpty)
                }
            }
        }

        @Test("every download goes through import.proxy to the checked address; the rules still refuse private targets")
        func proxy() async throws {
            try await TestForwardProxy.withProxy { proxy in
                let egress = try DownloadEgress(
                    caFile: nil,
                    proxy: DownloadProxy(parsing: "http://ops:s3cret@127.0.0.1:\(proxy.port)"),
                    noProxy: []
                )
                // images.test is allowed by name and resolves to 127.0.0.1, which the rules refuse by itself: the
                // proxy's own address (also 127.0.0.1) is exempt, the targets are not.
                try await DownloadHarness.run(
                    allowedHosts: ["images.test"],
                    resolver: ["images.test": [IPAddress(dottedQuad: "127.0.0.1")!]],
                    egress: egress
                ) { harness in
                    let port = harness.server.port
                    let result = try await harness.downloader.download(
                        url: "http://images.test:\(port)/chain/1/bytes/200000",
                        to: harness.destination(),
                        limits: Self.limits
                    )
                    #expect(result.bytes == 200_000)
                    let authorization = "Basic " + Data("ops:s3cret".utf8).base64EncodedString()
                    #expect(proxy.requests.allSatisfy { $0 == "CONNECT 127.0.0.1:\(port) auth=\(authorization)" })
                    #expect(proxy.requests.count >= 1)
                    #expect(harness.server.requests.map(\.path) == ["/chain/1/bytes/200000", "/bytes/200000"])

                    // A private target, and a redirect to one: refused before any request leaves for them.
                    let refused = [
                        "http://127.0.0.1:\(port)/bytes/10",
                        "http://images.test:\(port)/bytes/10?redirect=http://10.1.2.3/x",
                    ]
                    for url in refused {
                        let failure = await DownloadHarness.failure {
                            try await harness.downloader.download(
                                url: url,
                                to: harness.destination(),
                                limits: Self.limits
                            )
                        }
                        #expect(failure?.code == .urlRefused, "\(url)")
                    }
                    #expect(
                        proxy.requests.allSatisfy { $0.hasPrefix("CONNECT 127.0.0.1:\(port) ") },
                        "\(proxy.requests)"
                    )
                    #expect(harness.server.requests.count == 3, "only the redirecting hop was requested")
                }
            }
        }

        @Test("https goes through the proxy as CONNECT to the checked address, verified against the name")
        func proxiedHTTPS() async throws {
            try await Self.withAuthority { authority in
                try await TestForwardProxy.withProxy { proxy in
                    let egress = try DownloadEgress(
                        caFile: authority.caFile,
                        proxy: DownloadProxy(parsing: proxy.url),
                        noProxy: []
                    )
                    try await DownloadHarness.run(
                        allowedHosts: ["localhost"],
                        tls: try authority.serverTLS(),
                        egress: egress
                    ) { harness in
                        let result = try await harness.downloader.download(
                            url: "https://localhost:\(harness.server.port)/bytes/100000",
                            to: harness.destination(),
                            limits: Self.limits
                        )
                        #expect(result.bytes == 100_000)
                        #expect(proxy.requests == ["CONNECT 127.0.0.1:\(harness.server.port) auth=-"])
                    }
                }
            }
        }

        @Test("hosts in import.noProxy are reached directly")
        func noProxy() async throws {
            try await TestForwardProxy.withProxy { proxy in
                let egress = try DownloadEgress(
                    caFile: nil,
                    proxy: DownloadProxy(parsing: proxy.url),
                    noProxy: [".test"]
                )
                try await DownloadHarness.run(
                    allowedHosts: ["images.test", "127.0.0.1"],
                    resolver: ["images.test": [IPAddress(dottedQuad: "127.0.0.1")!]],
                    egress: egress
                ) { harness in
                    let port = harness.server.port
                    let direct = try await harness.downloader.download(
                        url: "http://images.test:\(port)/bytes/5000",
                        to: harness.destination(),
                        limits: Self.limits
                    )
                    #expect(direct.bytes == 5000)
                    #expect(proxy.requests.isEmpty)
                    let proxied = try await harness.downloader.download(
                        url: "http://127.0.0.1:\(port)/bytes/5000",
                        to: harness.destination(),
                        limits: Self.limits
                    )
                    #expect(proxied.bytes == 5000)
                    #expect(proxy.requests == ["CONNECT 127.0.0.1:\(port) auth=-"])
                }
            }
        }

        @Test(
            "import.proxy values: what is accepted, what is refused, and the password never shown",
            arguments: [
                ("http://proxy:3128", "http://proxy:3128"), ("HTTP://proxy", "http://proxy:80"),
                ("http://[::1]:8080/", "http://[::1]:8080"), ("http://u:p%3Aw@proxy:1", "http://u:***@proxy:1"),
                ("http://u@proxy:1", "http://u:***@proxy:1"),
            ]
        )
        func proxyValues(value: String, shown: String) throws {
            #expect(try DownloadProxy(parsing: value).maskedURL == shown)
        }

        @Test(
            "bad import.proxy values are refused without echoing a password",
            arguments: [
                "https://proxy:443", "socks5://proxy:1080", "proxy:3128", "http://:3128", "http://proxy:0",
                "http://proxy:65536", "http://proxy:x", "http://proxy:3128/path", "http://[::1",
                "http://:secret@proxy:1",
            ]
        )
        func badProxyValues(value: String) {
            #expect(throws: DownloadEgressError.self) { try DownloadProxy(parsing: value) }
            do {
                _ = try DownloadProxy(parsing: value)
            } catch {
                #expect(!error.description.contains("secret"), "\(error)")
            }
        }
    }
}
