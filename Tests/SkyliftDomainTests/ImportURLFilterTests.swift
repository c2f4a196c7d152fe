import SkyliftDomain
import Testing

@Suite struct ImportURLFilterTests {
    static let schemeMessage =
        "The given uri is not valid. Please specify a valid uri from the following list of supported uri "
        + "['http', 'https']"
    static let fileMessage = "File based imports are not allowed. Please use a non-local source of image data."
    static let prefix = "URI for import task does not pass filtering: "

    /// Names resolve through this table (documentation ranges stand for public addresses).
    static let hosts: [String: [String]] = [
        "example.com": ["203.0.113.1"], "images.example.org": ["198.51.100.7", "2001:db8::7"],
        "internal.example": ["10.0.0.5"], "rebind.test": ["10.0.0.1"], "localhost": ["127.0.0.1", "::1"],
        "mixed.example": ["203.0.113.9", "192.168.1.20"], "metadata.example": ["169.254.169.254"],
        "mapped.example": ["::ffff:10.0.0.1"], "twice.example": ["203.0.113.5", "203.0.113.5", "198.51.100.5"],
    ]

    static func ip(_ text: String) -> IPAddress { IPAddress(literal: text)! }

    static func filter(_ rules: ImportURLRules = ImportURLRules()) -> ImportURLFilter {
        ImportURLFilter(rules: rules, resolver: StaticHostResolver(hosts.mapValues { $0.map(ip) }))
    }

    static func rejection(_ url: String, _ rules: ImportURLRules = ImportURLRules()) async -> ImportURLRejection? {
        do {
            _ = try await filter(rules).check(url)
            return nil
        } catch {
            return error
        }
    }

    @Test(
        "other schemes get Glance's message listing the allowed ones",
        arguments: [
            "swift://cloud.foo/images/x", "cinder://volume-id", "ftp://example.com/x", "gopher://example.com/",
            "mailto:admin@example.com", "example.com/x", "//example.com/x", "", "1http://example.com/",
        ]
    )
    func otherScheme(url: String) async {
        let rejection = await Self.rejection(url)
        #expect(rejection?.apiMessage == Self.schemeMessage)
        #expect(rejection?.kind == .scheme)
        #expect(rejection?.isSchemeRejection == true)
    }

    @Test(
        "file URLs get Glance's message whatever the case",
        arguments: [
            "file:///etc/passwd", "FILE:///x", "File://localhost/etc/passwd", "filesystem:///var/lib/glance",
            "file:relative",
        ]
    )
    func file(url: String) async {
        let rejection = await Self.rejection(url, ImportURLRules(allowedSchemes: ["http", "https", "file"]))
        #expect(rejection?.apiMessage == Self.fileMessage)
        #expect(rejection?.kind == .fileScheme)
    }

    @Test("the scheme message lists the configured schemes as a Python list")
    func configuredSchemes() async {
        let rejection = await Self.rejection("http://example.com/", ImportURLRules(allowedSchemes: ["https"]))
        #expect(
            rejection?.apiMessage
                == "The given uri is not valid. Please specify a valid uri from the following list of supported uri "
                + "['https']"
        )
    }

    @Test(
        "public hosts pass, the scheme compared case-insensitively, with the addresses that were checked",
        arguments: [
            ("http://example.com/a.img", ["203.0.113.1"]), ("HTTP://Example.COM/x", ["203.0.113.1"]),
            ("https://example.com/x", ["203.0.113.1"]), ("http://example.com:80/x", ["203.0.113.1"]),
            ("https://example.com:80/x", ["203.0.113.1"]), ("http://example.com./x", ["203.0.113.1"]),
            ("http://203.0.113.7/x", ["203.0.113.7"]), ("http://[2001:db8::1]/x", ["2001:db8::1"]),
            ("http://images.example.org/x", ["198.51.100.7", "2001:db8::7"]),
            ("http://twice.example/x", ["203.0.113.5", "198.51.100.5"]),
        ]
    )
    func accepted(url: String, addresses: [String]) async throws {
        let checked = try await Self.filter().check(url)
        #expect(checked.addresses == addresses.map(Self.ip))
        #expect(checked.url.original == url)
    }

    @Test("a URL is split into scheme, host as written, effective port and request target")
    func parts() throws {
        let url = try Self.filter().parse("HTTP://Example.COM:443/a/b?c=d#frag")
        #expect(url.scheme == "http" && url.host == "Example.COM" && url.normalizedHost == "example.com")
        #expect(url.port == 443 && url.hasExplicitPort && url.requestTarget == "/a/b?c=d" && url.hostKind == .name)
        let v6 = try Self.filter().parse("https://[2001:DB8::1]")
        #expect(v6.host == "2001:DB8::1" && v6.hostKind == .ip(Self.ip("2001:db8::1")) && v6.port == 443)
        #expect(v6.requestTarget == "/" && !v6.hasExplicitPort)
        #expect(try Self.filter().parse("http://example.com?x=1").requestTarget == "/?x=1")
    }

    @Test("parse checks the form without resolving or looking at address ranges")
    func parseOnly() throws {
        #expect(try Self.filter().parse("http://nowhere.example/x").host == "nowhere.example")
        #expect(try Self.filter().parse("http://127.0.0.1/x").hostKind == .ip(Self.ip("127.0.0.1")))
    }

    @Test(
        "numeric hosts other than a dotted quad are ambiguous and refused",
        arguments: [
            "http://2130706433/", "http://0x7f.1/", "http://127.1/", "http://017700000001/", "http://0x7f000001/",
            "http://127.0.0.1./", "http://127.000.0.1/", "http://0177.0.0.1/", "http://1.2.3.4.5/",
            "http://0x7f.0x0.0x0.0x1/", "http://127.0.0.01/", "http://0X7F.1/",
        ]
    )
    func numeric(url: String) async {
        let rejection = await Self.rejection(url, ImportURLRules(allowPrivateNetworks: true))
        #expect(rejection?.reason.contains("is a numeric form other than a dotted-quad IPv4 address") == true)
        #expect(rejection?.apiMessage.hasPrefix(Self.prefix + "host '") == true)
    }

    @Test(
        "malformed URLs are refused saying what is wrong",
        arguments: [
            ("http://user:pass@example.com/", "user name or password before '@'"),
            ("http://user@example.com/", "user name or password"), ("http://example.com@127.0.0.1/", "before '@'"),
            ("http:///x", "empty host"), ("http://", "empty host"), ("http:example.com", "has no host"),
            ("http://exa mple.com/", "a space"), ("http://example.com\\@127.0.0.1/", "a backslash"),
            ("http://example.com/\u{0}", "a control character"), ("http://example.com/a\tb", "a control character"),
            ("http://bücher.example/", "internationalised domain names are not supported"),
            ("http://example.com/bücher", "non-ASCII"), ("http://example.com:0/", "from 1 to 65535"),
            ("http://example.com:65536/", "from 1 to 65535"), ("http://example.com:8o/", "from 1 to 65535"),
            ("http://example.com:/", "empty port"), ("http://[::1/", "no closing ']'"),
            ("http://[fe80::1%25eth0]/", "zone identifiers"), ("http://[127.0.0.1]/", "not a valid IPv6 address"),
            ("http://%31%32%37.0.0.1/", "characters a host name cannot have"), ("http://a..b/", "label"),
            ("http://[::1]x/", "after the IPv6 address"), ("http://::1/", "characters a host name cannot have"),
        ]
    )
    func malformed(url: String, fragment: String) async {
        let rejection = await Self.rejection(url)
        #expect(rejection?.kind == .filtered)
        #expect(rejection?.reason.contains(fragment) == true, "\(rejection?.reason ?? "accepted")")
        #expect(rejection?.apiMessage.hasPrefix(Self.prefix) == true)
    }

    @Test("credentials are not echoed in the message")
    func credentialsHidden() async {
        #expect(await Self.rejection("http://user:s3cret@example.com/")?.apiMessage.contains("s3cret") == false)
    }

    @Test("the effective port must be allowed; an empty list allows any")
    func ports() async throws {
        #expect(
            await Self.rejection("http://example.com:8080/")?.apiMessage
                == Self.prefix + "port 8080 is not allowed; allowed ports: 80, 443"
        )
        #expect(
            await Self.rejection("http://example.com/", ImportURLRules(allowedPorts: [8443]))?.reason
                == "port 80 is not allowed; allowed ports: 8443"
        )
        _ = try await Self.filter(ImportURLRules(allowedPorts: [])).check("http://example.com:8080/")
    }

    @Test(
        "IP literals in private or reserved ranges are refused, naming the range",
        arguments: [
            ("http://127.0.0.1:80/internal", "127.0.0.1", "127.0.0.0/8", nil), ("http://[::1]/", "::1", "::1/128", nil),
            ("http://[::]/", "::", "::/128", nil), ("http://0.0.0.0/", "0.0.0.0", "0.0.0.0/8", nil),
            ("http://10.0.0.5/", "10.0.0.5", "10.0.0.0/8", nil), ("http://[fe80::1]/", "fe80::1", "fe80::/10", nil),
            ("http://169.254.169.254/latest/meta-data", "169.254.169.254", "169.254.0.0/16", nil),
            ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1", "127.0.0.0/8", "127.0.0.1"),
            ("http://[::ffff:7f00:1]/", "::ffff:127.0.0.1", "127.0.0.0/8", "127.0.0.1"),
            ("http://[64:ff9b::a9fe:a9fe]/", "64:ff9b::a9fe:a9fe", "169.254.0.0/16", "169.254.169.254"),
        ] as [(String, String, String, String?)]
    )
    func privateLiteral(url: String, address: String, range: String, embedded: String?) async {
        let through = embedded.map { " through its embedded IPv4 address \($0)" } ?? ""
        #expect(
            await Self.rejection(url)?.apiMessage
                == Self.prefix + "address \(address) is in a private or reserved range (\(range)\(through))"
        )
    }

    @Test(
        "every address a name resolves to must be public",
        arguments: [
            ("internal.example", "10.0.0.5", "10.0.0.0/8"), ("rebind.test", "10.0.0.1", "10.0.0.0/8"),
            ("mixed.example", "192.168.1.20", "192.168.0.0/16"), ("localhost", "127.0.0.1", "127.0.0.0/8"),
            ("metadata.example", "169.254.169.254", "169.254.0.0/16"),
        ]
    )
    func privateName(host: String, address: String, range: String) async {
        #expect(
            await Self.rejection("http://\(host)/x")?.reason
                == "address \(address) of host '\(host)' is in a private or reserved range (\(range))"
        )
    }

    @Test("a name that does not resolve is refused")
    func unresolvable() async {
        let rejection = await Self.rejection("http://Nowhere.example/x")
        #expect(rejection?.kind == .unresolvable)
        #expect(rejection?.apiMessage == Self.prefix + "host 'Nowhere.example' does not resolve")
        let failing = ImportURLFilter(rules: ImportURLRules(), resolver: FailingResolver())
        await #expect(
            throws: ImportURLRejection(kind: .unresolvable, reason: "host 'a.example' could not be resolved: boom")
        ) {
            try await failing.check("http://a.example/")
        }
    }

    @Test("allowPrivateNetworks lets private addresses through but not the other rules")
    func allowPrivate() async throws {
        let rules = ImportURLRules(allowPrivateNetworks: true)
        for url in ["http://127.0.0.1/", "http://internal.example/", "http://[::1]/", "http://mixed.example/"] {
            _ = try await Self.filter(rules).check(url)
        }
        #expect(await Self.rejection("http://127.1/", rules) != nil)
        #expect(await Self.rejection("http://127.0.0.1:8080/", rules) != nil)
        #expect(await Self.rejection("http://nowhere.example/", rules)?.kind == .unresolvable)
    }

    @Test("allowedHosts exempts the host as written: 127.0.0.1 but not localhost or its mapped form")
    func allowedHosts() async throws {
        let rules = ImportURLRules(allowedPorts: [80], allowedHosts: ["127.0.0.1", "INTERNAL.example.", "[::1]"])
        #expect(try await Self.filter(rules).check("http://127.0.0.1:80/internal").addresses == [Self.ip("127.0.0.1")])
        #expect(try await Self.filter(rules).check("http://internal.example/").addresses == [Self.ip("10.0.0.5")])
        _ = try await Self.filter(rules).check("http://[0:0::1]/")
        #expect(
            await Self.rejection("http://localhost/", rules)?.reason
                == "address 127.0.0.1 of host 'localhost' is in a private or reserved range (127.0.0.0/8)"
        )
        #expect(await Self.rejection("http://[::ffff:127.0.0.1]/", rules) != nil)
        let unresolvable = ImportURLRules(allowedHosts: ["nowhere.example"])
        #expect(await Self.rejection("http://nowhere.example/", unresolvable)?.kind == .unresolvable)
    }

    @Test("deniedHosts wins over allowedHosts and allowPrivateNetworks, by name and by address")
    func deniedHosts() async {
        let glance = ImportURLRules(allowedPorts: [80], deniedHosts: ["127.0.0.1"])
        let message = await Self.rejection("http://127.0.0.1:80/internal", glance)?.apiMessage
        #expect(message == Self.prefix + "host '127.0.0.1' is denied")
        #expect(message?.contains("does not pass filtering") == true)
        let both = ImportURLRules(allowedHosts: ["127.0.0.1"], deniedHosts: ["127.0.0.1"], allowPrivateNetworks: true)
        #expect(await Self.rejection("http://127.0.0.1/", both)?.reason == "host '127.0.0.1' is denied")
        #expect(
            await Self.rejection("http://[::ffff:127.0.0.1]/", both)?.reason == "address ::ffff:127.0.0.1 is denied"
        )
        for entry in ["::1", "[::1]", "0::1"] {
            let rules = ImportURLRules(deniedHosts: [entry], allowPrivateNetworks: true)
            #expect(await Self.rejection("http://[::1]/", rules)?.reason == "host '::1' is denied")
        }
        let name = ImportURLRules(allowedHosts: ["example.com"], deniedHosts: ["Example.COM."])
        #expect(await Self.rejection("http://example.com/", name)?.reason == "host 'example.com' is denied")
        let address = ImportURLRules(allowedHosts: ["example.com"], deniedHosts: ["203.0.113.1"])
        #expect(
            await Self.rejection("http://example.com/", address)?.reason
                == "address 203.0.113.1 of host 'example.com' is denied"
        )
    }
}

/// A resolver whose lookups fail (as when no DNS server answers).
private struct FailingResolver: HostResolver {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "boom" }
    }

    func resolve(host: String) async throws -> [IPAddress] { throw Failure() }
}
