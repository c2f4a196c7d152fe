/// Applies the import URL rules of contract §15.2 — scheme, URL form, port, host form, denied and exempt hosts,
/// and the ranges of every resolved address — resolving a name exactly once.
public struct ImportURLFilter: Sendable {
    /// The operator's rules.
    public let rules: ImportURLRules
    /// Where names are resolved.
    public let resolver: any HostResolver

    /// A filter applying `rules`, resolving names through `resolver`.
    public init(rules: ImportURLRules, resolver: any HostResolver) {
        self.rules = rules
        self.resolver = resolver
    }

    /// The checks that need no lookup: scheme, URL form, port, host form, and a host denied as written.
    public func parse(_ text: String) throws(ImportURLRejection) -> ImportURL {
        guard let scheme = ImportURL.scheme(of: text) else { throw .scheme(allowed: rules.allowedSchemes) }
        if scheme == "file" || scheme == "filesystem" { throw .fileScheme }
        guard rules.allowedSchemes.contains(where: { $0.lowercased() == scheme }) else {
            throw .scheme(allowed: rules.allowedSchemes)
        }
        let url = try ImportURL(parsing: text)
        if !rules.allowedPorts.isEmpty && !rules.allowedPorts.contains(url.port) {
            let allowed = rules.allowedPorts.map(String.init).joined(separator: ", ")
            throw .filtered("port \(url.port) is not allowed; allowed ports: \(allowed)")
        }
        if Self.listed(url, in: rules.deniedHosts) { throw .filtered("host '\(url.host)' is denied") }
        return url
    }

    /// Every rule; a name is resolved once and every address it resolves to must pass.
    /// - Returns: the URL and the addresses that were checked: connect only to one of these, never look up again.
    public func check(_ text: String) async throws(ImportURLRejection) -> CheckedImportURL {
        let url = try parse(text)
        let addresses = try await addresses(of: url)
        let deniedAddresses = Set(rules.deniedHosts.compactMap { IPAddress(literal: $0) })
        let ofHost = url.hostKind == .name ? " of host '\(url.host)'" : ""
        for address in addresses
        where deniedAddresses.contains(address) || address.embeddedIPv4.map(deniedAddresses.contains) == true {
            throw .filtered("address \(address)\(ofHost) is denied")
        }
        guard !rules.allowPrivateNetworks, !Self.listed(url, in: rules.allowedHosts) else {
            return CheckedImportURL(url: url, addresses: addresses)
        }
        for address in addresses {
            guard let range = IPRange.forbiddenRange(containing: address) else { continue }
            var through = ""
            if !range.contains(address), let embedded = address.embeddedIPv4 {
                through = " through its embedded IPv4 address \(embedded)"
            }
            throw .filtered("address \(address)\(ofHost) is in a private or reserved range (\(range)\(through))")
        }
        return CheckedImportURL(url: url, addresses: addresses)
    }

    /// The literal's address, or the name's addresses from one lookup (unique, in resolver order).
    private func addresses(of url: ImportURL) async throws(ImportURLRejection) -> [IPAddress] {
        if case .ip(let address) = url.hostKind { return [address] }
        let resolved: [IPAddress]
        do {
            resolved = try await resolver.resolve(host: url.normalizedHost)
        } catch {
            throw .unresolvable("host '\(url.host)' could not be resolved: \(error)")
        }
        var seen = Set<IPAddress>()
        let unique = resolved.filter { seen.insert($0).inserted }
        guard !unique.isEmpty else { throw .unresolvable("host '\(url.host)' does not resolve") }
        return unique
    }

    /// Whether the URL's host as written is in `list`: names case-insensitively and without a trailing dot,
    /// IP literals as addresses (so `[::1]`, `::1` and `0:0::1` are one entry).
    private static func listed(_ url: ImportURL, in list: [String]) -> Bool {
        list.contains { entry in
            switch url.hostKind {
            case .ip(let address):
                return IPAddress(literal: entry) == address
            case .name:
                let name = entry.lowercased()
                return (name.hasSuffix(".") ? String(name.dropLast()) : name) == url.normalizedHost
            }
        }
    }
}
