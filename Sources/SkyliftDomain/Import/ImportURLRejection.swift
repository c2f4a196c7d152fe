/// Why an import URL is refused.
public struct ImportURLRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which rule refused it: the file scheme, another scheme, or the filtering rules.
    public enum Kind: Sendable, Equatable {
        case fileScheme
        case scheme
        case filtered
    }

    public var kind: Kind
    /// One sentence naming what is wrong.
    public var reason: String

    public init(kind: Kind, reason: String) {
        self.kind = kind
        self.reason = reason
    }

    static let fileScheme = ImportURLRejection(
        kind: .fileScheme,
        reason: "File based imports are not allowed. Please use a non-local source of image data."
    )

    static func filtered(_ reason: String) -> ImportURLRejection {
        ImportURLRejection(kind: .filtered, reason: reason)
    }

    /// The text of the 400 at create: Glance's scheme messages verbatim, otherwise the filtering sentence.
    public var apiMessage: String {
        switch kind {
        case .fileScheme, .scheme: reason
        case .filtered: "URI for import task does not pass filtering: \(reason)"
        }
    }

    public var description: String { apiMessage }
}
