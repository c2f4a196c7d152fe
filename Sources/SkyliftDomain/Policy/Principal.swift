/// The caller of a request, as identity produced it: a project, maybe a user, and roles.
///
/// Roles are kept trimmed and lower-cased (Glance lower-cases `X-Roles`), so role checks compare
/// case-insensitively; empty role names are dropped.
public struct Principal: Sendable, Hashable {
    /// Longest project or user id accepted from any identity source (Glance's columns are 255 wide).
    public static let maxIDLength = 255

    /// The caller's project (tenant) id; it owns what the caller creates.
    public var projectID: String
    /// The caller's user id, when identity gave one.
    public var userID: String?
    /// The caller's roles, trimmed and lower-cased.
    public var roles: Set<String> {
        didSet { roles = Self.normalized(roles) }
    }

    /// Creates a principal, trimming and lower-casing the roles.
    public init(projectID: String, userID: String? = nil, roles: some Sequence<String>) {
        self.projectID = projectID
        self.userID = userID
        self.roles = Self.normalized(roles)
    }

    /// Whether the caller holds `role` (compared case-insensitively).
    public func hasRole(_ role: String) -> Bool {
        roles.contains(Self.normalizedRole(role))
    }

    private static func normalized(_ roles: some Sequence<String>) -> Set<String> {
        Set(roles.map(normalizedRole).filter { !$0.isEmpty })
    }

    private static func normalizedRole(_ role: String) -> String {
        let start = role.firstIndex { !$0.isWhitespace } ?? role.endIndex
        let end = role[start...].lastIndex { !$0.isWhitespace }.map { role.index(after: $0) } ?? start
        return role[start..<end].lowercased()
    }
}
