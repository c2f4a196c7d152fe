import HTTPTypes

/// A caller of the API in tests: the identity headers keystonemiddleware would set.
public struct TestIdentity: Sendable {
    public var project: String
    public var user: String
    public var roles: [String]

    public init(project: String, user: String, roles: [String]) {
        self.project = project
        self.user = user
        self.roles = roles
    }

    /// An admin of `project` (roles `admin,member,reader`, as the transcripts' alice).
    public static func admin(_ project: String = Projects.a, user: String = "alice") -> TestIdentity {
        TestIdentity(project: project, user: user, roles: ["admin", "member", "reader"])
    }

    /// A member of `project` (roles `member,reader`).
    public static func member(_ project: String = Projects.b, user: String = "bob") -> TestIdentity {
        TestIdentity(project: project, user: user, roles: ["member", "reader"])
    }

    /// A reader of `project`.
    public static func reader(_ project: String = Projects.b, user: String = "rita") -> TestIdentity {
        TestIdentity(project: project, user: user, roles: ["reader"])
    }

    /// The headers, plus `Accept: application/json`.
    public var headers: HTTPFields {
        var fields = HTTPFields()
        fields[HTTPField.Name("X-Identity-Status")!] = "Confirmed"
        fields[HTTPField.Name("X-Project-Id")!] = project
        fields[HTTPField.Name("X-User-Id")!] = user
        fields[HTTPField.Name("X-Roles")!] = roles.joined(separator: ",")
        fields[.accept] = "application/json"
        return fields
    }
}

/// The project ids the Glance transcripts use.
public enum Projects {
    public static let a = String(repeating: "a", count: 32)
    public static let b = String(repeating: "b", count: 32)
    public static let c = String(repeating: "c", count: 32)
}
