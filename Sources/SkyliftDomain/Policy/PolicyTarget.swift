/// The resource a rule is checked against: the owner of one task or image.
///
/// `project_id:%(project_id)s` compares the caller's project with ``projectID``, and
/// `user_id:%(user_id)s` compares the caller's user with ``userID``; a missing value never matches.
public struct PolicyTarget: Sendable, Hashable {
    /// The project that owns the resource.
    public var projectID: String?
    /// The user who created the resource, when known.
    public var userID: String?

    /// Creates a target from the resource's owner project and user.
    public init(projectID: String? = nil, userID: String? = nil) {
        self.projectID = projectID
        self.userID = userID
    }
}
