/// An import URL that passed every rule, with the addresses that were checked.
///
/// The connection must go to one of `addresses`; looking the name up again would let DNS rebinding switch it.
public struct CheckedImportURL: Sendable, Hashable {
    /// The parsed URL.
    public let url: ImportURL
    /// The IP literal, or every address the name resolved to, in resolver order; never empty.
    public let addresses: [IPAddress]

    /// A checked URL (only `ImportURLFilter.check` should make one outside tests).
    public init(url: ImportURL, addresses: [IPAddress]) {
        self.url = url
        self.addresses = addresses
    }
}
