/// Skylift's built-in rules, used for every rule that the policy file does not define.
///
/// `etc/policy.yaml` writes the same values out; a test keeps the two equal.
public enum PolicyDefaults {
    /// `context_is_admin` (no route of its own): who is an admin, seeing and acting on every project.
    public static let contextIsAdmin = PolicyDefault(
        name: "context_is_admin",
        checkString: "role:admin",
        operations: [],
        summary: "Who is an admin: admins see and act on the tasks and images of every project."
    )

    /// `tasks_api_access` for `POST /v2/tasks`, `GET /v2/tasks`, `GET /v2/tasks/{task_id}` and its extensions.
    public static let tasksAPIAccess = PolicyDefault(
        name: "tasks_api_access",
        checkString: "role:admin or role:member or role:reader",
        operations: [
            "POST /v2/tasks", "GET /v2/tasks", "GET /v2/tasks/{task_id}", "POST /v2/tasks/{task_id}/cancel",
        ],
        summary: "Who may use the tasks API at all; checked first on every tasks call, without a target."
    )

    /// `add_task` for `POST /v2/tasks`: readers cannot create (differs from Glance, which never enforced it).
    public static let addTask = PolicyDefault(
        name: "add_task",
        checkString: "role:admin or role:member",
        operations: ["POST /v2/tasks"],
        summary: "Who may create a task; the task is owned by the caller's project."
    )

    /// `get_task` for `GET /v2/tasks/{task_id}` (also `?wait=N`), checked against that task.
    public static let getTask = PolicyDefault(
        name: "get_task",
        checkString: "rule:context_is_admin or project_id:%(project_id)s",
        operations: ["GET /v2/tasks/{task_id}"],
        summary: "Who may see one task; a denial answers 404, like a missing task."
    )

    /// `get_tasks` for `GET /v2/tasks`; which tasks appear is decided by `get_tasks_all_projects`.
    public static let getTasks = PolicyDefault(
        name: "get_tasks",
        checkString: "",
        operations: ["GET /v2/tasks"],
        summary:
            "Who may list tasks; the list holds the caller's project's tasks unless get_tasks_all_projects allows all."
    )

    /// `get_tasks_all_projects` for `GET /v2/tasks` without owner scoping.
    public static let getTasksAllProjects = PolicyDefault(
        name: "get_tasks_all_projects",
        checkString: "rule:context_is_admin",
        operations: ["GET /v2/tasks"],
        summary: "Whose task list shows every project's tasks instead of only their own project's."
    )

    /// `cancel_task` for `POST /v2/tasks/{task_id}/cancel`, checked against that task.
    public static let cancelTask = PolicyDefault(
        name: "cancel_task",
        checkString: "rule:context_is_admin or project_id:%(project_id)s",
        operations: ["POST /v2/tasks/{task_id}/cancel"],
        summary: "Who may cancel a task; a denial answers 404, like a missing task."
    )

    /// `get_images` for `GET /v2/images`; admins see every project's images, others their own.
    public static let getImages = PolicyDefault(
        name: "get_images",
        checkString: "",
        operations: ["GET /v2/images"],
        summary: "Who may list images; the list holds the caller's project's images unless context_is_admin allows all."
    )

    /// `get_image` for `GET /v2/images/{image_id}` and `GET /v2/images/{image_id}/tasks`, against that image.
    public static let getImage = PolicyDefault(
        name: "get_image",
        checkString: "rule:context_is_admin or project_id:%(project_id)s",
        operations: ["GET /v2/images/{image_id}", "GET /v2/images/{image_id}/tasks"],
        summary: "Who may see one image; a denial answers 404, like a missing image."
    )

    /// `download_image` for `GET /v2/images/{image_id}/file`, checked against that image.
    public static let downloadImage = PolicyDefault(
        name: "download_image",
        checkString: "rule:context_is_admin or project_id:%(project_id)s",
        operations: ["GET /v2/images/{image_id}/file"],
        summary: "Who may download an image's data; a denial answers 404, like a missing image."
    )

    /// `delete_image` for `DELETE /v2/images/{image_id}`, checked against that image.
    public static let deleteImage = PolicyDefault(
        name: "delete_image",
        checkString: "rule:context_is_admin or project_id:%(project_id)s",
        operations: ["DELETE /v2/images/{image_id}"],
        summary: "Who may delete an image and its file; a denial answers 404, like a missing image."
    )

    /// `add_image` for `POST /v2/images` (contract §16): members and admins create images in their own project.
    public static let addImage = PolicyDefault(
        name: "add_image",
        checkString: "role:admin or role:member",
        operations: ["POST /v2/images"],
        summary: "Who may create an image record (queued, to import into); readers may not."
    )

    /// `import_image` for `POST /v2/images/{image_id}/import` (contract §16), checked against that image.
    public static let importImage = PolicyDefault(
        name: "import_image",
        checkString: "rule:context_is_admin or (role:member and project_id:%(project_id)s)",
        operations: ["POST /v2/images/{image_id}/import"],
        summary: "Who may import data into an image; a denial answers 404, like a missing image."
    )

    /// `default` (no route): Glance's base rule, so that files written for Glance can say `rule:default`.
    public static let base = PolicyDefault(
        name: "default",
        checkString: "",
        operations: [],
        summary: "Glance's base rule, referenced by Glance-style files as rule:default; always allows."
    )

    /// Every built-in rule, in the order `etc/policy.yaml` lists them, `default` last.
    public static let all: [PolicyDefault] = [
        contextIsAdmin, tasksAPIAccess, addTask, getTask, getTasks, getTasksAllProjects, cancelTask,
        getImages, getImage, downloadImage, deleteImage, addImage, importImage, base,
    ]

    /// The built-in default of the rule named `name`, if Skylift has one.
    public static func rule(named name: String) -> PolicyDefault? {
        all.first { $0.name == name }
    }

    /// The built-in default of `action`.
    public static func rule(for action: PolicyAction) -> PolicyDefault {
        switch action {
        case .contextIsAdmin: contextIsAdmin
        case .tasksAPIAccess: tasksAPIAccess
        case .addTask: addTask
        case .getTask: getTask
        case .getTasks: getTasks
        case .getTasksAllProjects: getTasksAllProjects
        case .cancelTask: cancelTask
        case .getImages: getImages
        case .getImage: getImage
        case .downloadImage: downloadImage
        case .deleteImage: deleteImage
        case .addImage: addImage
        case .importImage: importImage
        }
    }
}
