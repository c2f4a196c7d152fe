extension PolicyEngine {
    /// Which tasks `principal`'s reads may return: every project's when `get_tasks_all_projects`
    /// allows it, else only the caller's project's.
    public func taskListVisibility(for principal: Principal) -> Visibility {
        isAllowed(.getTasksAllProjects, principal: principal) ? .all : .owner(principal.projectID)
    }

    /// Which images `principal`'s reads may return: every project's for admins (`context_is_admin`),
    /// else only the caller's project's.
    public func imageListVisibility(for principal: Principal) -> Visibility {
        isAdmin(principal) ? .all : .owner(principal.projectID)
    }

    /// Glance's 403 message for a denied `action`: `You are not authorized to complete <rule> action.`
    public func denialMessage(_ action: PolicyAction) -> String {
        "You are not authorized to complete \(action.rawValue) action."
    }
}
