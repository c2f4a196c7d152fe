import SkyliftDomain
import SkyliftExecutors
import Testing

/// The system resolver against names that need no network: `localhost`, literals and RFC 6761 `.invalid`.
@Suite struct SystemHostResolverTests {
    let resolver = SystemHostResolver()

    @Test("localhost resolves to loopback addresses only")
    func localhost() async throws {
        let addresses = try await resolver.resolve(host: "localhost")
        #expect(!addresses.isEmpty)
        for address in addresses {
            #expect(IPRange("127.0.0.0/8")!.contains(address) || address == IPAddress(ipv6: "::1"), "\(address)")
        }
    }

    @Test(
        "an IP literal resolves to itself",
        arguments: [("127.0.0.1", "127.0.0.1"), ("203.0.113.7", "203.0.113.7"), ("::1", "::1"), ("0:0::1", "::1")]
    )
    func literal(text: String, address: String) async throws {
        #expect(try await resolver.resolve(host: text) == [IPAddress(literal: address)!])
    }

    @Test(
        "names under .invalid resolve to nothing, without a lookup",
        arguments: ["skylift-test.invalid", "a.b.INVALID", "invalid", "x.invalid.", ""]
    )
    func invalid(name: String) async throws {
        #expect(try await resolver.resolve(host: name).isEmpty)
    }

    @Test("the filter refuses localhost through the system resolver, and an .invalid name as unresolvable")
    func filter() async {
        let filter = ImportURLFilter(rules: ImportURLRules(), resolver: resolver)
        await #expect(throws: ImportURLRejection.self) { try await filter.check("http://localhost/x") }
        do {
            _ = try await filter.check("http://skylift-test.invalid/x")
            Issue.record("an .invalid name was accepted")
        } catch {
            #expect(error.kind == .unresolvable)
            #expect(error.apiMessage.hasSuffix("host 'skylift-test.invalid' does not resolve"))
        }
    }

    @Test("lookups run concurrently off the cooperative pool and agree")
    func concurrent() async throws {
        let results = try await withThrowingTaskGroup(of: [IPAddress].self) { group in
            for _ in 0..<16 { group.addTask { try await resolver.resolve(host: "127.0.0.1") } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 16 && results.allSatisfy { $0 == [IPAddress(dottedQuad: "127.0.0.1")!] })
    }
}
