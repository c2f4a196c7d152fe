import Foundation
import HTTPTypes
import Hummingbird
import SkyliftDomain

/// `auth.mode: headers`: trusts the identity headers keystonemiddleware sets in front of Glance.
///
/// Needs `X-Identity-Status: Confirmed` and a project (`X-Project-Id`, else `X-Tenant-Id`, else `X-Tenant`);
/// the user comes from `X-User-Id` (else `X-User`), roles from `X-Roles` (else `X-Role`), comma separated,
/// trimmed and lower-cased.
public struct HeaderIdentityResolver: IdentityResolver {
    public init() {}

    public func principal(for request: Request) -> Result<Principal, IdentityProblem> {
        let headers = request.headers
        if let name = Self.repeated(headers) {
            return .failure(IdentityProblem("The request carries more than one \(name.rawName) header."))
        }
        guard headers[.identityStatus] == "Confirmed" else {
            return .failure(
                IdentityProblem("The request has no confirmed identity: X-Identity-Status must be Confirmed.")
            )
        }
        guard let project = Self.first(headers, [.projectID, .tenantID, .tenant]) else {
            return .failure(
                IdentityProblem("The request names no project: send X-Project-Id (or X-Tenant-Id).")
            )
        }
        let user = Self.first(headers, [.userID, .user])
        for (name, value) in [("project", project), ("user", user ?? "")] where value.count > Principal.maxIDLength {
            return .failure(IdentityProblem("The \(name) id is longer than \(Principal.maxIDLength) characters."))
        }
        let roles = (headers[.roles] ?? headers[.role] ?? "")
            .split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return .success(Principal(projectID: project, userID: user, roles: Set(roles)))
    }

    /// The first of `names` that is present and not blank; nil when none is.
    private static func first(_ headers: HTTPFields, _ names: [HTTPField.Name]) -> String? {
        for name in names {
            if let value = headers[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return value }
        }
        return nil
    }

    /// The identity headers that appear more than once (an ambiguous identity is refused, not merged).
    private static func repeated(_ headers: HTTPFields) -> HTTPField.Name? {
        [.identityStatus, .projectID, .tenantID, .tenant, .userID, .user].first { headers[values: $0].count > 1 }
    }
}

extension HTTPField.Name {
    static let identityStatus = HTTPField.Name("X-Identity-Status")!
    static let projectID = HTTPField.Name("X-Project-Id")!
    static let tenantID = HTTPField.Name("X-Tenant-Id")!
    static let tenant = HTTPField.Name("X-Tenant")!
    static let userID = HTTPField.Name("X-User-Id")!
    static let user = HTTPField.Name("X-User")!
    static let roles = HTTPField.Name("X-Roles")!
    static let role = HTTPField.Name("X-Role")!
    static let requestID = HTTPField.Name("X-Openstack-Request-Id")!
}
