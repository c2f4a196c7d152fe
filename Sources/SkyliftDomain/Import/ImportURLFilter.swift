/// An import URL that passed every rule, with the addresses that were checked: connect only to one of these.
public struct CheckedImportURL: Sendable, Hashable {
    public let url: ImportURL
    public let addresses: [IPAddress]
}

/// Applies the import URL rules of contract §15.2: scheme, port, host form, denied and exempt hosts, and the
/// address ranges of every resolved address (names are resolved once, here).
public struct ImportURLFilter: Sendable {
    let rules: ImportURLRules
    let resolver: any HostResolver

    public init(rules: ImportURLRules, resolver: any HostResolver) {
        self.rules = rules
        self.resolver = resolver
    }

    /// The structural checks alone (no resolution): scheme, port and host form.
    public func parse(_ text: String) throws(ImportURLRejection) -> ImportURL {
        let url = try ImportURL(parsing: text)
        guard rules.allowedSchemes.contains(url.scheme) else {
            let list = rules.allowedSchemes.map { "'\($0)'" }.joined(separator: ", ")
            throw ImportURLRejection(
                kind: .scheme,
                reason: "The given uri is not valid. Please specify a valid uri from the following list of "
                    + "supported uri [\(list)]"
            )
        }
        if !rules.allowedPorts.isEmpty && !rules.allowedPorts.contains(url.port) {
            let allowed = rules.allowedPorts.map(String.init).joined(separator: ", ")
            throw .filtered("port \(url.port) is not allowed; allowed ports: \(allowed)")
        }
        if matches(url, rules.deniedHosts) { throw .filtered("host '\(url.host)' is denied") }
        return url
    }

    /// Every rule, resolving a name once.
    public func check(_ text: String) async throws(ImportURLRejection) -> CheckedImportURL {
        let url = try parse(text)
        let addresses: [IPAddress]
        switch url.hostKind {
        case .ip(let address):
            addresses = [address]
        case .name:
            addresses = (try? await resolver.resolve(host: url.host)) ?? []
            guard !addresses.isEmpty else { throw .filtered("host '\(url.host)' does not resolve") }
        }
        let denied = rules.deniedHosts.compactMap { IPAddress(literal: $0) }
        if let address = addresses.first(where: denied.contains) {
            throw .filtered("address \(address) of host '\(url.host)' is denied")
        }
        if !rules.allowPrivateNetworks && !matches(url, rules.allowedHosts) {
            for address in addresses {
                if let range = IPRange.forbiddenRange(containing: address) {
                    let of = url.hostKind == .name ? " of host '\(url.host)'" : ""
                    throw .filtered("address \(address)\(of) is in a private or reserved range (\(range))")
                }
            }
        }
        return CheckedImportURL(url: url, addresses: addresses)
    }

    /// Whether the URL's host, as written, is in `list` (names case-insensitively, IP literals as addresses).
    private func matches(_ url: ImportURL, _ list: [String]) -> Bool {
        list.contains { entry in
            if case .ip(let address) = url.hostKind, let listed = IPAddress(literal: entry) { return listed == address }
            var name = entry.lowercased()
            if name.hasSuffix(".") { name.removeLast() }
            return url.hostKind == .name && name == url.host
        }
    }
}
