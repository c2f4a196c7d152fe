import SkyliftDomain
import SkyliftStore
import SkyliftTesting
import Testing

/// Every list shape of §4.2 and the images list is a keyset seek on PostgreSQL: an index scan in the list's order,
/// never a sequential scan or a sort (issue 11), on tables large enough that the planner means it.
@Suite("PostgreSQL list query plans")
struct PostgresQueryPlanTests {
    /// A migrated store over 20,000 tasks and 20,000 images of 50 owners, analysed.
    private static func seededStore() async throws -> PostgresTaskStore {
        let url = try await TestPostgres.freshDatabaseURL()
        let store = try await PostgresTaskStore.connect(url: url, migrate: true)
        try await TestPostgres.execute(
            [
                """
                INSERT INTO tasks (id, type, status, owner, input, created_at, updated_at, expires_at)
                SELECT md5(n::text), CASE WHEN n % 5 = 0 THEN 'convert' ELSE 'import' END,
                    (ARRAY['pending', 'processing', 'success', 'failure'])[n % 4 + 1], 'p' || (n % 50), '{}',
                    n * 1000, n * 1000 + n % 7, CASE WHEN n % 4 >= 2 THEN 9000000000000000 + n ELSE 0 END
                FROM generate_series(1, 20000) AS n
                """,
                """
                INSERT INTO images (id, status, disk_format, container_format, size, owner, created_at, updated_at)
                SELECT md5(n::text), 'active', 'raw', 'bare', 1, 'p' || (n % 50), n * 1000, n * 1000
                FROM generate_series(1, 20000) AS n
                """,
                "ANALYZE",
            ],
            url: url
        )
        return store
    }

    /// Whether a plan is an index seek with no sort and no sequential scan.
    private static func isSeek(_ plan: [String]) -> Bool {
        plan.contains { $0.contains("Index Scan") || $0.contains("Index Only Scan") }
            && !plan.contains { $0.contains("Sort") || $0.contains("Seq Scan") }
    }

    @Test("every sort key, direction and visibility, with a marker, is an index seek")
    func sortKeys() async throws {
        let store = try await Self.seededStore()
        let now = Timestamp(seconds: 1_800_000_000)
        for key in ListQuery.SortKey.allCases {
            for visibility in [Visibility.all, .owner("p7")] {
                for direction in [ListQuery.SortDirection.asc, .desc] {
                    for marker in [nil, TaskID()] {
                        let query = ListQuery(sortKey: key, sortDirection: direction, marker: marker, limit: 25)
                        let plan = try await store.explainList(query, visibility: visibility, now: now)
                        #expect(
                            Self.isSeek(plan),
                            "\(key) \(direction) \(visibility): \(plan.joined(separator: " | "))"
                        )
                    }
                }
            }
        }
    }

    @Test("filters by status, type, owner and id keep the seek")
    func filters() async throws {
        let store = try await Self.seededStore()
        let now = Timestamp(seconds: 1_800_000_000)
        let filters: [ListQuery.Filters] = [
            .init(status: .pending), .init(type: .convert), .init(owner: "p3"), .init(id: "x"),
            .init(status: .success, type: .import),
        ]
        for filter in filters {
            for visibility in [Visibility.all, .owner("p7")] {
                let query = ListQuery(filters: filter, marker: TaskID(), limit: 25)
                let plan = try await store.explainList(query, visibility: visibility, now: now)
                #expect(Self.isSeek(plan), "\(filter) \(visibility): \(plan.joined(separator: " | "))")
            }
        }
    }

    @Test("the images list is an index seek for all projects and for one, with each §16 filter")
    func images() async throws {
        let store = try await Self.seededStore()
        for visibility in [Visibility.all, .owner("p7")] {
            // Status, formats and tags are tests on the rows of a seek, or of a scan when the planner expects
            // few matches; the name lookup and the hidden list have indexes of their own.
            let filters: [ImageListQuery.Filters] = [.init(), .init(name: "x"), .init(hidden: true)]
            for marker in [nil, "m"] {
                for filter in filters {
                    let plan = try await store.explainImageList(
                        ImageListQuery(marker: marker, limit: 25, filters: filter),
                        visibility: visibility
                    )
                    #expect(Self.isSeek(plan), "\(visibility) \(filter): \(plan.joined(separator: " | "))")
                }
            }
        }
    }

    /// A purge backlog: 1,000,000 expired tasks of 50 projects next to 20,000 live tasks of project `live`, analysed.
    /// The planner, taking owner and expiry as independent, once estimated `live`'s unexpired tasks at 2 % of
    /// their number and read all 20,000 through a bitmap and a sort (8.9 ms a page, found by
    /// scripts/bench-purge-postgres.sh).
    private static func backlogStore() async throws -> PostgresTaskStore {
        let url = try await TestPostgres.freshDatabaseURL()
        let store = try await PostgresTaskStore.connect(url: url, migrate: true)
        try await TestPostgres.execute(
            [
                """
                INSERT INTO tasks (id, type, status, owner, input, created_at, updated_at, expires_at)
                SELECT md5('e' || n), 'import', 'success', 'p' || (n % 50), '{}', n, n, 1000000 + n
                FROM generate_series(1, 1000000) AS n
                """,
                """
                INSERT INTO tasks (id, type, status, owner, input, created_at, updated_at, expires_at)
                SELECT md5('l' || n), 'import', 'pending', 'live', '{}', 2000000000000000 + n, 2000000000000000 + n, 0
                FROM generate_series(1, 20000) AS n
                """,
                "ANALYZE",
            ],
            url: url
        )
        return store
    }

    @Test("a live project among a backlog of expired tasks still seeks, in every order and with every filter")
    func expiredBacklog() async throws {
        let store = try await Self.backlogStore()
        defer { store.shutdown() }
        let now = Timestamp(seconds: 1_800_000_000)
        for key in ListQuery.SortKey.allCases {
            for direction in [ListQuery.SortDirection.asc, .desc] {
                for visibility in [Visibility.all, .owner("live")] {
                    let query = ListQuery(sortKey: key, sortDirection: direction, limit: 25)
                    let plan = try await store.explainList(query, visibility: visibility, now: now)
                    #expect(Self.isSeek(plan), "\(key) \(direction) \(visibility): \(plan.joined(separator: " | "))")
                }
            }
        }
        for filter in [ListQuery.Filters(status: .pending), .init(owner: "live"), .init(type: .import)] {
            let plan = try await store.explainList(ListQuery(filters: filter, limit: 25), visibility: .all, now: now)
            #expect(Self.isSeek(plan), "\(filter): \(plan.joined(separator: " | "))")
        }
    }
}
