/// A configuration value that stops startup; the text names the key and what is wrong with it.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }

    /// `<key>: <what is wrong> (got '<value>')`.
    static func invalid(_ key: String, _ problem: String, value: String) -> ConfigurationError {
        ConfigurationError("configuration key '\(key)': \(problem) (got '\(value)')")
    }
}
