import GRDB
import SkyliftDomain

/// A keyset (seek) page of images in Glance's default order: `(created_at, id) < (marker's)`, newest first.
///
/// The `images_created` and `images_owner_created` indexes serve the order directly: no OFFSET, no sort. The
/// filters of §16 are tests on the rows the seek reads.
struct SQLiteImageListQuery {
    let text: String
    let arguments: StatementArguments

    /// - Parameter marker: the marker image's `created_at` and `id`, when the page continues a list.
    init(query: ImageListQuery, visibility: Visibility, marker: (createdAt: Int64, id: String)?) {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if case .owner(let project) = visibility {
            clauses.append("owner = ?")
            arguments += [project]
        }
        let filters = query.filters
        for (column, value) in [
            ("name", filters.name), ("status", filters.status), ("disk_format", filters.diskFormat),
            ("container_format", filters.containerFormat),
        ] {
            if let value { SQLiteListQuery.equals(column, value, clauses: &clauses, arguments: &arguments) }
        }
        for tag in filters.tags {
            if tag.utf8.contains(0) {
                clauses.append("0")
            } else {
                clauses.append("EXISTS (SELECT 1 FROM json_each(images.tags) WHERE json_each.value = ?)")
                arguments += [tag]
            }
        }
        clauses.append(filters.hidden ? "os_hidden = 1" : "os_hidden = 0")
        if filters.matchesNothing { clauses.append("0") }
        if let marker {
            clauses.append("(created_at, id) < (?, ?)")
            arguments += [marker.createdAt, marker.id]
        }
        let filter = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ") + " "
        arguments += [query.limit]
        self.text = "SELECT * FROM images \(filter)ORDER BY created_at DESC, id DESC LIMIT ?"
        self.arguments = arguments
    }

    /// The row of image `id` (these columns) if it is visible.
    static func visibleRow(_ db: Database, id: String, columns: String, visibility: Visibility) throws -> Row? {
        switch visibility {
        case .all:
            try Row.fetchOne(db, sql: "SELECT \(columns) FROM images WHERE id = ?", arguments: [id])
        case .owner(let project):
            try Row.fetchOne(
                db,
                sql: "SELECT \(columns) FROM images WHERE id = ? AND owner = ?",
                arguments: [id, project]
            )
        }
    }
}
