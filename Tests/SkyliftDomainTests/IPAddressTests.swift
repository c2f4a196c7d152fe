import SkyliftDomain
import Testing

@Suite struct IPAddressTests {
    @Test(
        "a dotted quad of four decimal octets without leading zeros is an IPv4 address",
        arguments: [
            ("0.0.0.0", UInt32(0)), ("127.0.0.1", 0x7F00_0001), ("255.255.255.255", 0xFFFF_FFFF),
            ("203.0.113.7", 0xCB00_7107), ("10.0.0.5", 0x0A00_0005),
        ]
    )
    func dottedQuad(text: String, value: UInt32) {
        #expect(IPAddress(dottedQuad: text) == .v4(value))
        #expect(IPAddress(dottedQuad: text)?.description == text)
    }

    @Test(
        "shorthand, octal, hex, integer and padded IPv4 forms are not dotted quads",
        arguments: [
            "127.1", "0x7f.0.0.1", "017700000001", "2130706433", "127.000.0.1", "127.0.0.01", "0127.0.0.1",
            "256.0.0.1", "1.2.3.4.5", "1.2.3.", ".1.2.3", "1..2.3", "", " 1.2.3.4", "1.2.3.4 ", "+1.2.3.4",
            "1.2.3.-4", "0x7f000001", "\u{0661}\u{0662}\u{0667}.0.0.1", "1.2.3.4/8", "::1",
        ]
    )
    func notDottedQuad(text: String) {
        #expect(IPAddress(dottedQuad: text) == nil)
    }

    @Test(
        "IPv6 text forms parse and print in RFC 5952 canonical form",
        arguments: [
            ("::", "::"), ("::1", "::1"), ("0:0:0:0:0:0:0:1", "::1"), ("2001:DB8::1", "2001:db8::1"),
            ("2001:0db8:0000:0000:0000:ff00:0042:8329", "2001:db8::ff00:42:8329"),
            ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"), ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
            ("::ffff:127.0.0.1", "::ffff:127.0.0.1"), ("::ffff:7f00:1", "::ffff:127.0.0.1"),
            ("::127.0.0.1", "::7f00:1"), ("64:ff9b::10.0.0.1", "64:ff9b::a00:1"), ("fe80::1", "fe80::1"),
            ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"), ("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"),
            ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"), ("FF02:0:0:0:0:0:0:1", "ff02::1"),
            ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),
        ]
    )
    func ipv6(text: String, canonical: String) {
        #expect(IPAddress(ipv6: text)?.description == canonical)
        #expect(IPAddress(ipv6: canonical) == IPAddress(ipv6: text))
    }

    @Test(
        "malformed IPv6 text, zone ids and brackets are refused",
        arguments: [
            "", ":", ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::1", "fe80::1%eth0",
            "fe80::1%25eth0", "[::1]", "::ffff:127.1", "::ffff:127.0.0.01", "1.2.3.4", "1.2.3.4::", ":1::", "1::2:",
            "+1::", "::-1", "::ffff:1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4", "::1 ", "\u{FF11}::1",
        ]
    )
    func notIPv6(text: String) {
        #expect(IPAddress(ipv6: text) == nil)
    }

    @Test("a literal is a dotted quad or an IPv6 address with or without brackets")
    func literal() {
        #expect(IPAddress(literal: "[::1]") == IPAddress(ipv6: "::1"))
        #expect(IPAddress(literal: "0:0::1") == IPAddress(ipv6: "::1"))
        #expect(IPAddress(literal: "192.0.2.1") == IPAddress(dottedQuad: "192.0.2.1"))
        #expect(IPAddress(literal: "[192.0.2.1]") == nil)
        #expect(IPAddress(literal: "[") == nil)
        #expect(IPAddress(literal: "example.com") == nil)
    }

    @Test(
        "IPv4-mapped, IPv4-compatible and NAT64 addresses carry an IPv4 address; others do not",
        arguments: [
            ("::ffff:10.1.2.3", "10.1.2.3"), ("::10.1.2.3", "10.1.2.3"), ("64:ff9b::a01:203", "10.1.2.3"),
            ("::", nil), ("::1", nil), ("2001:db8::a01:203", nil), ("::ffff:0:a01:203", nil), ("10.1.2.3", nil),
        ] as [(String, String?)]
    )
    func embedded(text: String, v4: String?) {
        #expect(IPAddress(literal: text)?.embeddedIPv4 == v4.flatMap { IPAddress(dottedQuad: $0) })
    }

    @Test(
        "CIDR text parses, clears host bits and refuses lengths the family cannot have",
        arguments: [
            ("10.1.2.3/8", "10.0.0.0/8"), ("fe80::1/10", "fe80::/10"), ("0.0.0.0/0", "0.0.0.0/0"),
            ("192.0.2.1", "192.0.2.1/32"), ("::1", "::1/128"), ("10.0.0.0/33", nil), ("::/129", nil),
            ("10.0.0.0/", nil), ("10.0.0.0/+8", nil), ("10.0.0.0/-1", nil), ("127.1/8", nil),
        ] as [(String, String?)]
    )
    func cidr(text: String, canonical: String?) {
        #expect(IPRange(text)?.description == canonical)
    }

    @Test(
        "the contract's forbidden ranges, through embedded IPv4 too, and their neighbours",
        arguments: [
            ("0.1.2.3", "0.0.0.0/8"), ("10.0.0.5", "10.0.0.0/8"), ("100.64.0.1", "100.64.0.0/10"),
            ("100.127.255.255", "100.64.0.0/10"), ("100.128.0.0", nil), ("127.0.0.1", "127.0.0.0/8"),
            ("169.254.169.254", "169.254.0.0/16"), ("172.16.0.1", "172.16.0.0/12"),
            ("172.31.255.255", "172.16.0.0/12"), ("172.32.0.0", nil), ("192.168.1.1", "192.168.0.0/16"),
            ("198.18.0.1", "198.18.0.0/15"), ("198.19.255.255", "198.18.0.0/15"), ("198.20.0.0", nil),
            ("224.0.0.1", "224.0.0.0/4"), ("239.255.255.255", "224.0.0.0/4"), ("240.0.0.1", "240.0.0.0/4"),
            ("255.255.255.255", "240.0.0.0/4"), ("8.8.8.8", nil), ("203.0.113.7", nil), ("198.51.100.1", nil),
            ("::", "::/128"), ("::1", "::1/128"), ("fc00::1", "fc00::/7"), ("fd12:3456::1", "fc00::/7"),
            ("fe80::1", "fe80::/10"), ("febf::1", "fe80::/10"), ("fec0::1", nil), ("ff02::1", "ff00::/8"),
            ("::ffff:127.0.0.1", "127.0.0.0/8"), ("::ffff:7f00:1", "127.0.0.0/8"),
            ("::ffff:169.254.169.254", "169.254.0.0/16"), ("::127.0.0.1", "127.0.0.0/8"), ("::2", "0.0.0.0/8"),
            ("::10.0.0.1", "10.0.0.0/8"), ("64:ff9b::10.0.0.1", "10.0.0.0/8"), ("64:ff9b::203.0.113.7", nil),
            ("::ffff:203.0.113.7", nil), ("2001:db8::1", nil), ("2606:4700::1111", nil),
        ] as [(String, String?)]
    )
    func forbidden(text: String, range: String?) throws {
        let address = try #require(IPAddress(literal: text))
        #expect(IPRange.forbiddenRange(containing: address)?.description == range)
        #expect(IPRange.isPrivateOrReserved(address) == (range != nil))
    }
}
