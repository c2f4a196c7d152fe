import GRDB
import SkyliftDomain

extension SQLiteTaskStore {
    public func images(_ query: ImageListQuery, visibility: Visibility) async throws -> [ImageRecord] {
        try await writer.read { db in
            var marker: (createdAt: Int64, id: String)?
            if let id = query.marker {
                guard
                    let row = try SQLiteImageListQuery.visibleRow(
                        db,
                        id: id,
                        columns: "created_at, id",
                        visibility: visibility
                    )
                else { throw SkyliftError.imageMarkerNotFound(id) }
                marker = (row["created_at"], row["id"])
            }
            let sql = SQLiteImageListQuery(query: query, visibility: visibility, marker: marker)
            return try Row.fetchAll(db, sql: sql.text, arguments: sql.arguments).map(ImageRecord.init(sqliteRow:))
        }
    }

    /// The query plan SQLite chooses for an image list page, one line per step (for docs and tests).
    public func explainImageList(_ query: ImageListQuery, visibility: Visibility) throws -> [String] {
        let sql = SQLiteImageListQuery(
            query: query,
            visibility: visibility,
            marker: query.marker.map { (0, $0) }
        )
        return try writer.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql.text, arguments: sql.arguments)
                .map { row in row["detail"] as String }
        }
    }
}
