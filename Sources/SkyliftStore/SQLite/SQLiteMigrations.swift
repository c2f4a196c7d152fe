import GRDB

/// The SQLite schema, as an ordered list of migrations.
enum SQLiteMigrations {
    /// Every column a list may be sorted by, apart from `created_at` and `id` (the tie-breakers).
    static let sortColumns = ["updated_at", "expires_at", "status", "type", "owner"]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-tasks") { db in
            // expires_at is 0 while unset, so it sorts lowest and keyset comparisons never meet NULL.
            try db.execute(
                sql: """
                    CREATE TABLE tasks (
                        id TEXT PRIMARY KEY NOT NULL,
                        type TEXT NOT NULL,
                        status TEXT NOT NULL,
                        owner TEXT NOT NULL,
                        input TEXT NOT NULL,
                        result TEXT,
                        message TEXT NOT NULL DEFAULT '',
                        image_id TEXT,
                        user_id TEXT,
                        request_id TEXT,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        expires_at INTEGER NOT NULL DEFAULT 0,
                        progress INTEGER NOT NULL DEFAULT 0,
                        steps TEXT NOT NULL DEFAULT '[]',
                        warnings TEXT NOT NULL DEFAULT '[]',
                        error TEXT,
                        version INTEGER NOT NULL DEFAULT 1
                    )
                    """
            )
            // One index per ordering, for all-projects lists and for one project's lists: every page is a seek.
            try db.execute(sql: "CREATE INDEX tasks_created ON tasks (created_at, id)")
            try db.execute(sql: "CREATE INDEX tasks_owner_id ON tasks (owner, id)")
            for column in sortColumns {
                try db.execute(sql: "CREATE INDEX tasks_\(column) ON tasks (\(column), created_at, id)")
                if column != "owner" {
                    try db.execute(
                        sql: "CREATE INDEX tasks_owner_\(column) ON tasks (owner, \(column), created_at, id)"
                    )
                }
            }
            try db.execute(sql: "CREATE INDEX tasks_image ON tasks (image_id) WHERE image_id IS NOT NULL")
        }
        migrator.registerMigration("v1-images") { db in
            try db.execute(
                sql: """
                    CREATE TABLE images (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT,
                        status TEXT NOT NULL,
                        disk_format TEXT NOT NULL,
                        container_format TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        virtual_size INTEGER,
                        checksum TEXT,
                        os_hash_algo TEXT,
                        os_hash_value TEXT,
                        owner TEXT NOT NULL,
                        properties TEXT NOT NULL DEFAULT '{}',
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL
                    )
                    """
            )
            try db.execute(sql: "CREATE INDEX images_created ON images (created_at, id)")
            try db.execute(sql: "CREATE INDEX images_owner_created ON images (owner, created_at, id)")
        }
        migrator.registerMigration("v2-task-source-image") { db in
            // The image a convert task reads, so GET /v2/images/{id}/tasks finds the tasks that used an image.
            try db.execute(sql: "ALTER TABLE tasks ADD COLUMN source_image_id TEXT")
            // Convert tasks stored before this column existed name their source only in their input.
            try db.execute(
                sql: """
                    UPDATE tasks SET source_image_id = lower(json_extract(input, '$.image_id'))
                    WHERE type = 'convert'
                        AND CASE WHEN json_valid(input) THEN json_type(input, '$.image_id') = 'text' ELSE 0 END
                    """
            )
            try db.execute(
                sql: "CREATE INDEX tasks_source_image ON tasks (source_image_id) WHERE source_image_id IS NOT NULL"
            )
        }
        migrator.registerMigration("v2-worker") { db in
            // Claims (contract §11.2): attempts counted, a lease with its expiry, and a fencing epoch.
            try db.execute(sql: "ALTER TABLE tasks ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0")
            try db.execute(sql: "ALTER TABLE tasks ADD COLUMN lease_owner TEXT")
            try db.execute(sql: "ALTER TABLE tasks ADD COLUMN lease_expires_at INTEGER NOT NULL DEFAULT 0")
            try db.execute(sql: "ALTER TABLE tasks ADD COLUMN lease_epoch INTEGER NOT NULL DEFAULT 0")
            // Only unfinished tasks are candidates, so the index stays as small as the queue.
            try db.execute(
                sql: """
                    CREATE INDEX tasks_queue ON tasks (status, owner, created_at, id)
                    WHERE status IN ('pending', 'processing')
                    """
            )
            // Round-robin across owners: the turn counter of each owner's last claim.
            try db.execute(
                sql: "CREATE TABLE owner_turns (owner TEXT PRIMARY KEY NOT NULL, turn INTEGER NOT NULL) WITHOUT ROWID"
            )
        }
        migrator.registerMigration("v3-lifecycle") { db in
            // §10.4: a project's idempotency keys are unique among its stored tasks; the canonical body decides
            // between a replay and a mismatch. §10.2: who asked to cancel a processing task.
            try db.execute(sql: "ALTER TABLE tasks ADD COLUMN idempotency_key TEXT")
            try db.execute(sql: "ALTER TABLE tasks ADD COLUMN idempotency_body TEXT")
            try db.execute(sql: "ALTER TABLE tasks ADD COLUMN cancel_requested_by TEXT")
            try db.execute(
                sql: """
                    CREATE UNIQUE INDEX tasks_idempotency ON tasks (owner, idempotency_key)
                    WHERE idempotency_key IS NOT NULL
                    """
            )
        }
        migrator.registerMigration("v4-image-import") { db in
            // §16: an image created to import into is `queued` without data (no size) and may have no formats
            // yet; images carry Glance's min_disk, min_ram, tags and os_hidden. SQLite cannot drop NOT NULL in
            // place, so the table is rebuilt with its rows and indexes.
            try db.execute(
                sql: """
                    CREATE TABLE images_v4 (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT,
                        status TEXT NOT NULL,
                        disk_format TEXT,
                        container_format TEXT,
                        size INTEGER,
                        virtual_size INTEGER,
                        checksum TEXT,
                        os_hash_algo TEXT,
                        os_hash_value TEXT,
                        owner TEXT NOT NULL,
                        properties TEXT NOT NULL DEFAULT '{}',
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        min_disk INTEGER NOT NULL DEFAULT 0,
                        min_ram INTEGER NOT NULL DEFAULT 0,
                        tags TEXT NOT NULL DEFAULT '[]',
                        os_hidden INTEGER NOT NULL DEFAULT 0
                    )
                    """
            )
            try db.execute(
                sql: """
                    INSERT INTO images_v4 (id, name, status, disk_format, container_format, size, virtual_size,
                        checksum, os_hash_algo, os_hash_value, owner, properties, created_at, updated_at)
                    SELECT id, name, status, disk_format, container_format, size, virtual_size, checksum,
                        os_hash_algo, os_hash_value, owner, properties, created_at, updated_at
                    FROM images
                    """
            )
            try db.execute(sql: "DROP TABLE images")
            try db.execute(sql: "ALTER TABLE images_v4 RENAME TO images")
            try db.execute(sql: "CREATE INDEX images_created ON images (created_at, id)")
            try db.execute(sql: "CREATE INDEX images_owner_created ON images (owner, created_at, id)")
            // openstacksdk looks an image up by name before each create: a seek in the list's order.
            try db.execute(sql: "CREATE INDEX images_name ON images (name, created_at, id)")
            try db.execute(sql: "CREATE INDEX images_owner_name ON images (owner, name, created_at, id)")
        }
        return migrator
    }
}
