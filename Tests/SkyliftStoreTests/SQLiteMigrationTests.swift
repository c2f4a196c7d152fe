import Foundation
import GRDB
import SkyliftDomain
import Testing

@testable import SkyliftStore

/// Upgrades of a database written by an older Skylift.
@Suite struct SQLiteMigrationTests {
    @Test("v2-task-source-image fills source_image_id from the input of convert tasks stored by v1")
    func sourceImageBackfill() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skylift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("skylift.sqlite").path
        let image = "2a7c3d1e-9b4f-4c52-8e61-0f3b5a9d7c11"
        let v1 = try DatabaseQueue(path: path)
        try SQLiteMigrations.migrator.migrate(v1, upTo: "v1-images")
        try await v1.write { db in
            let rows = [
                ("convert", #"{"image_id": "\#(image.uppercased())", "disk_format": "raw"}"#),
                ("import", #"{"image_id": "\#(image)"}"#),
                ("convert", "not json"),
                ("convert", #"{"image_id": 7}"#),
            ]
            for (index, (type, input)) in rows.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO tasks (id, type, status, owner, input, created_at, updated_at)
                        VALUES (?, ?, 'pending', 'p1', ?, ?, ?)
                        """,
                    arguments: [TaskID().rawValue, type, input, index, index]
                )
            }
        }
        try v1.close()
        let store = try SQLiteTaskStore(location: .file(path))
        #expect(try store.isMigrated())
        let found = try await store.tasks(forImage: image, visibility: .all, now: Timestamp(seconds: 0))
        #expect(found.map(\.type) == [.convert])
        #expect(found.first?.sourceImageID == image)
    }
}
