/// One `name: check string` line of a policy file, with the line it came from.
public struct PolicyEntry: Sendable, Hashable {
    /// The rule name (a ``PolicyAction`` raw value, or a helper such as `admin_or_owner`).
    public var name: String
    /// The rule in the oslo.policy language.
    public var checkString: String
    /// The 1-based line of the entry in its file, when known; errors report it.
    public var line: Int?

    /// Creates an entry.
    public init(name: String, checkString: String, line: Int? = nil) {
        self.name = name
        self.checkString = checkString
        self.line = line
    }
}
