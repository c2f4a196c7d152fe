import Logging
import PostgresNIO

/// The PostgreSQL schema, as an ordered list of migrations, applied under an advisory lock so that several
/// processes starting at once apply each migration once.
enum PostgresMigrations {
    /// The advisory lock key every migrating process takes (`skylift` in ASCII).
    static let lockKey: Int64 = 0x736B_796C_6966_74

    /// Every column a list may be sorted by, apart from `created_at` and `id` (the tie-breakers).
    static let sortColumns = ["updated_at", "expires_at", "status", "type", "owner"]

    /// The migrations by name, in order. Timestamps are microseconds since 1970 (`expires_at` is 0 while unset,
    /// so it sorts lowest and keyset comparisons never meet NULL), as in the SQLite store.
    static let migrations: [(name: String, statements: [String])] = [
        ("v1-tasks", tasksTable + taskIndexes),
        ("v1-images", imagesTable),
        ("v1-queue", queue),
        ("v2-image-import", imageImport),
    ]

    static let tasksTable = [
        """
        CREATE TABLE tasks (
            id TEXT COLLATE "C" PRIMARY KEY,
            type TEXT COLLATE "C" NOT NULL,
            status TEXT COLLATE "C" NOT NULL,
            owner TEXT COLLATE "C" NOT NULL,
            input TEXT NOT NULL,
            result TEXT,
            message TEXT NOT NULL DEFAULT '',
            image_id TEXT,
            source_image_id TEXT,
            user_id TEXT,
            request_id TEXT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL DEFAULT 0,
            progress BIGINT NOT NULL DEFAULT 0,
            steps TEXT NOT NULL DEFAULT '[]',
            warnings TEXT NOT NULL DEFAULT '[]',
            error TEXT,
            version BIGINT NOT NULL DEFAULT 1,
            attempts BIGINT NOT NULL DEFAULT 0,
            lease_owner TEXT,
            lease_expires_at BIGINT NOT NULL DEFAULT 0,
            lease_epoch BIGINT NOT NULL DEFAULT 0,
            idempotency_key TEXT,
            idempotency_body TEXT,
            cancel_requested_by TEXT
        )
        """
    ]

    /// One index per ordering, for all-projects lists and for one project's lists: every page is a seek. The
    /// sortable text columns use the `C` collation: ordered by bytes, as SQLite orders them, whatever the
    /// database's locale.
    static var taskIndexes: [String] {
        var statements = [
            "CREATE INDEX tasks_created ON tasks (created_at, id)",
            "CREATE INDEX tasks_owner_id ON tasks (owner, id)",
            "CREATE INDEX tasks_image ON tasks (image_id) WHERE image_id IS NOT NULL",
            "CREATE INDEX tasks_source_image ON tasks (source_image_id) WHERE source_image_id IS NOT NULL",
            """
            CREATE UNIQUE INDEX tasks_idempotency ON tasks (owner, idempotency_key)
            WHERE idempotency_key IS NOT NULL
            """,
            "CREATE INDEX tasks_expiry ON tasks (expires_at) WHERE expires_at > 0",
        ]
        for column in sortColumns {
            statements.append("CREATE INDEX tasks_\(column) ON tasks (\(column), created_at, id)")
            if column != "owner" {
                statements.append("CREATE INDEX tasks_owner_\(column) ON tasks (owner, \(column), created_at, id)")
            }
        }
        return statements
    }

    static let imagesTable = [
        """
        CREATE TABLE images (
            id TEXT COLLATE "C" PRIMARY KEY,
            name TEXT,
            status TEXT NOT NULL,
            disk_format TEXT NOT NULL,
            container_format TEXT NOT NULL,
            size BIGINT NOT NULL,
            virtual_size BIGINT,
            checksum TEXT,
            os_hash_algo TEXT,
            os_hash_value TEXT,
            owner TEXT COLLATE "C" NOT NULL,
            properties TEXT NOT NULL DEFAULT '{}',
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX images_created ON images (created_at, id)",
        "CREATE INDEX images_owner_created ON images (owner, created_at, id)",
    ]

    /// §16: an image created to import into is `queued` without data (no size) and may have no formats yet; images
    /// carry Glance's min_disk, min_ram, tags and os_hidden.
    static let imageImport = [
        """
        ALTER TABLE images ALTER COLUMN disk_format DROP NOT NULL, ALTER COLUMN container_format DROP NOT NULL,
            ALTER COLUMN size DROP NOT NULL, ADD COLUMN min_disk BIGINT NOT NULL DEFAULT 0,
            ADD COLUMN min_ram BIGINT NOT NULL DEFAULT 0, ADD COLUMN tags TEXT NOT NULL DEFAULT '[]',
            ADD COLUMN os_hidden BOOLEAN NOT NULL DEFAULT FALSE
        """,
        // openstacksdk looks an image up by name before each create: a seek in the list's order.
        "CREATE INDEX images_name ON images (name, created_at, id)",
        "CREATE INDEX images_owner_name ON images (owner, name, created_at, id)",
        // Hidden images are listed only when asked for, and few: their own partial indexes.
        "CREATE INDEX images_hidden ON images (created_at, id) WHERE os_hidden",
        "CREATE INDEX images_owner_hidden ON images (owner, created_at, id) WHERE os_hidden",
    ]

    /// Claims (§11.2): only unfinished tasks are candidates, so the queue index stays as small as the queue;
    /// round-robin across owners keeps each owner's last turn, numbered by a sequence.
    static let queue = [
        """
        CREATE INDEX tasks_queue ON tasks (owner, created_at, id)
        WHERE status IN ('pending', 'processing')
        """,
        "CREATE TABLE owner_turns (owner TEXT PRIMARY KEY, turn BIGINT NOT NULL)",
        "CREATE SEQUENCE owner_turn_seq",
    ]

    /// Applies every migration not yet applied, each in its own transaction, under the advisory lock.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withConnection { connection in
            _ = try await connection.query("SELECT pg_advisory_lock(\(lockKey))", logger: logger)
            do {
                try await applyPending(connection, logger: logger)
                _ = try await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
                throw error
            }
        }
    }

    /// The migrations applied so far, in order.
    static func applied(_ connection: PostgresConnection, logger: Logger) async throws -> Set<String> {
        _ = try await connection.query(
            "CREATE TABLE IF NOT EXISTS skylift_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)",
            logger: logger
        )
        var names: Set<String> = []
        for try await name in try await connection.query("SELECT name FROM skylift_migrations", logger: logger)
            .decode(String.self)
        {
            names.insert(name)
        }
        return names
    }

    private static func applyPending(_ connection: PostgresConnection, logger: Logger) async throws {
        let done = try await applied(connection, logger: logger)
        for migration in migrations where !done.contains(migration.name) {
            try await connection.withTransaction(logger: logger) { transaction in
                for statement in migration.statements {
                    _ = try await transaction.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                _ = try await transaction.query(
                    "INSERT INTO skylift_migrations (name, applied_at) VALUES (\(migration.name), now())",
                    logger: logger
                )
            }
        }
    }
}
