/// Why the token settings cannot be used; startup stops with this text (the caller adds the key and file).
public struct TokenSetupError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
