import Foundation
import GRDB
import SkyliftDomain
import SkyliftTesting
import Testing

@testable import SkyliftStore

/// Upgrades of a database written by an older Skylift.
@Suite struct SQLiteMigrationTests {
    @Test("v2-task-source-image fills source_image_id from the input of convert tasks stored by v1")
    func sourceImageBackfill() async throws {
        let folder = try TemporaryDirectory(prefix: "skylift-migration-")
        let path = folder.url.appendingPathComponent("skylift.sqlite").path
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

    @Test("v4-image-import keeps every image row and its indexes, with Glance's new fields at their defaults")
    func imageImportColumns() async throws {
        let folder = try TemporaryDirectory(prefix: "skylift-migration-")
        let path = folder.url.appendingPathComponent("skylift.sqlite").path
        let v3 = try DatabaseQueue(path: path)
        try SQLiteMigrations.migrator.migrate(v3, upTo: "v3-lifecycle")
        let id = TaskID().rawValue
        try await v3.write { db in
            try db.execute(
                sql: """
                    INSERT INTO images (id, name, status, disk_format, container_format, size, virtual_size, checksum,
                        os_hash_algo, os_hash_value, owner, properties, created_at, updated_at)
                    VALUES (?, 'old', 'active', 'qcow2', 'bare', 42, 1024, 'c', 'sha512', 'h', 'p1',
                        '{"os_distro":"cirros"}', 5, 6)
                    """,
                arguments: [id]
            )
        }
        try v3.close()
        let store = try SQLiteTaskStore(location: .file(path))
        #expect(try store.isMigrated())
        let image = try #require(try await store.image(id: id, visibility: .owner("p1")))
        #expect(
            image
                == ImageRecord(
                    id: id,
                    name: "old",
                    status: .active,
                    diskFormat: "qcow2",
                    containerFormat: "bare",
                    size: 42,
                    virtualSize: 1024,
                    checksum: "c",
                    osHashAlgo: "sha512",
                    osHashValue: "h",
                    owner: "p1",
                    properties: ["os_distro": "cirros"],
                    createdAt: Timestamp(microseconds: 5),
                    updatedAt: Timestamp(microseconds: 6)
                )
        )
        let indexes = try await store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'images'")
        }
        #expect(Set(indexes).isSuperset(of: ["images_created", "images_owner_created"]))
    }
}
