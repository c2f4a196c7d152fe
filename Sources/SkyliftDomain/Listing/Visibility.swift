/// Which tasks or images a read may return, produced by the policy engine and required by every store read.
public enum Visibility: Sendable, Hashable {
    /// Only the named project's.
    case owner(String)
    /// Every project's.
    case all
}
