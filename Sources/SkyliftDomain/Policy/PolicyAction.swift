/// A rule that Skylift checks, named as in Glance's policy files; the raw value is the rule name.
public enum PolicyAction: String, Sendable, Hashable, CaseIterable {
    /// `context_is_admin`: whether the caller is an admin (sees and acts on every project).
    case contextIsAdmin = "context_is_admin"
    /// `tasks_api_access`: any call under `/v2/tasks`.
    case tasksAPIAccess = "tasks_api_access"
    /// `add_task`: `POST /v2/tasks`.
    case addTask = "add_task"
    /// `get_task`: `GET /v2/tasks/{task_id}`, its wait and events, against that task.
    case getTask = "get_task"
    /// `get_tasks`: `GET /v2/tasks`.
    case getTasks = "get_tasks"
    /// `get_tasks_all_projects`: listing tasks without scoping them to the caller's project.
    case getTasksAllProjects = "get_tasks_all_projects"
    /// `cancel_task`: `POST /v2/tasks/{task_id}/cancel`, against that task.
    case cancelTask = "cancel_task"
    /// `get_images`: `GET /v2/images`.
    case getImages = "get_images"
    /// `get_image`: `GET /v2/images/{image_id}` (and its tasks), against that image.
    case getImage = "get_image"
    /// `download_image`: `GET /v2/images/{image_id}/file`, against that image.
    case downloadImage = "download_image"
    /// `delete_image`: `DELETE /v2/images/{image_id}`, against that image.
    case deleteImage = "delete_image"
    /// `add_image`: `POST /v2/images` (contract §16).
    case addImage = "add_image"
    /// `import_image`: `POST /v2/images/{image_id}/import`, against that image (contract §16).
    case importImage = "import_image"

    /// Whether the rule is checked against one task or image.
    ///
    /// A denial of such a rule answers 404, like a missing resource, so existence never leaks;
    /// a denial of any other rule answers 403.
    public var checksTarget: Bool {
        switch self {
        case .getTask, .cancelTask, .getImage, .downloadImage, .deleteImage, .importImage:
            true
        case .contextIsAdmin, .tasksAPIAccess, .addTask, .getTasks, .getTasksAllProjects, .getImages, .addImage:
            false
        }
    }

    /// The rule's name in a policy file.
    public var ruleName: String { rawValue }
}
