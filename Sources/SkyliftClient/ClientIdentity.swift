/// Who the client says it is: a token (`X-Auth-Token`) or the identity headers of `auth.mode: headers` (§3.1).
public enum ClientIdentity: Sendable, Equatable {
    /// Nothing is sent; the server answers 401 unless it needs no identity.
    case none
    /// `X-Auth-Token: <token>` (token and keystone modes).
    case token(String)
    /// `X-Identity-Status: Confirmed`, `X-Project-Id`, and `X-User-Id` and `X-Roles` when given.
    case headers(project: String, user: String?, roles: [String])

    /// The request headers that carry this identity.
    public var headers: [(String, String)] {
        switch self {
        case .none:
            return []
        case .token(let token):
            return [("X-Auth-Token", token)]
        case .headers(let project, let user, let roles):
            var headers = [("X-Identity-Status", "Confirmed"), ("X-Project-Id", project)]
            if let user { headers.append(("X-User-Id", user)) }
            if !roles.isEmpty { headers.append(("X-Roles", roles.joined(separator: ","))) }
            return headers
        }
    }

    /// A token when one is given, else the identity headers when a project is given, else nothing.
    public init(token: String?, project: String?, user: String?, roles: String?) {
        if let token, !token.isEmpty {
            self = .token(token)
        } else if let project, !project.isEmpty {
            let roleList = (roles ?? "").split(separator: ",").map { String($0).trimmingWhitespace }.filter {
                !$0.isEmpty
            }
            self = .headers(project: project, user: user.flatMap { $0.isEmpty ? nil : $0 }, roles: roleList)
        } else {
            self = .none
        }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingWhitespace: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
