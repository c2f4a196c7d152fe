import SkyliftDomain
import SkyliftStore
import Testing

/// Every sort key and direction, paged with markers, must equal sorting the whole set in memory.
@Suite struct TaskStoreListingTests {
    static let cases: [(StoreBackend, ListQuery.SortKey, ListQuery.SortDirection)] = StoreBackend.allCases.flatMap {
        backend in
        ListQuery.SortKey.allCases.flatMap { key in [(backend, key, .asc), (backend, key, .desc)] }
    }

    @Test("keyset pages walk the whole list in the reference order", arguments: cases)
    func paging(backend: StoreBackend, key: ListQuery.SortKey, direction: ListQuery.SortDirection) async throws {
        let store = try await backend.makeStore()
        let tasks = try await seed(store)
        let now = Timestamp(seconds: 1_800_000_000)
        for visibility in [Visibility.all, .owner("p2")] {
            let visible = tasks.filter { visibility == .all || $0.owner == "p2" }
            let expected = reference(visible, key: key, direction: direction).map(\.id)
            var seen: [TaskID] = []
            var marker: TaskID?
            repeat {
                let page = try await store.list(
                    ListQuery(sortKey: key, sortDirection: direction, marker: marker, limit: 4),
                    visibility: visibility,
                    now: now
                )
                seen += page.map(\.id)
                marker = page.count == 4 ? page.last?.id : nil
            } while marker != nil
            #expect(seen == expected, "\(key) \(direction) \(visibility)")
        }
    }

    @Test("filters combine with AND and with visibility", arguments: StoreBackend.allCases)
    func filters(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        let tasks = try await seed(store)
        let now = Timestamp(seconds: 1_800_000_000)
        var query = ListQuery(limit: 100)
        query.filters = .init(status: .failure, type: .convert)
        let found = try await store.list(query, visibility: .all, now: now)
        #expect(Set(found.map(\.id)) == Set(tasks.filter { $0.status == .failure && $0.type == .convert }.map(\.id)))
        query.filters = .init(owner: "p1")
        #expect(try await store.list(query, visibility: .owner("p2"), now: now).isEmpty)
        query.filters = .init(id: tasks[3].id.rawValue)
        #expect(try await store.list(query, visibility: .all, now: now).map(\.id) == [tasks[3].id])
        // A value holding NUL matches nothing (SQLite would compare only up to it; PostgreSQL refuses it).
        query.filters = .init(owner: "p1\u{0}")
        #expect(try await store.list(query, visibility: .all, now: now).isEmpty)
        query.filters = .init(id: tasks[3].id.rawValue + "\u{0}x")
        #expect(try await store.list(query, visibility: .all, now: now).isEmpty)
    }

    @Test("the list query plan seeks an index: no full scan, no temporary sort", arguments: ListQuery.SortKey.allCases)
    func queryPlans(key: ListQuery.SortKey) throws {
        let store = try SQLiteTaskStore(location: .memory)
        for visibility in [Visibility.all, .owner("p1")] {
            for direction in [ListQuery.SortDirection.asc, .desc] {
                let query = ListQuery(sortKey: key, sortDirection: direction, marker: TaskID(), limit: 25)
                let plan = try store.explainList(query, visibility: visibility, now: Timestamp(seconds: 0))
                let text = plan.joined(separator: "; ")
                #expect(plan.contains { $0.contains("USING INDEX") || $0.contains("USING PRIMARY KEY") }, "\(text)")
                #expect(!plan.contains { $0.hasPrefix("SCAN tasks") && !$0.contains("INDEX") }, "\(text)")
                #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(text)")
            }
        }
    }

    /// 30 tasks over three owners, with repeated statuses, types and expiry values (ties exercise tie-breaking).
    private func seed(_ store: any TaskStore) async throws -> [ImageTask] {
        var factory = TaskFactory(clock: Timestamp(seconds: 1_700_000_000))
        let statuses: [TaskStatus] = [.pending, .processing, .success, .failure]
        var tasks: [ImageTask] = []
        for index in 0..<30 {
            let status = statuses[index % 4]
            let expires = status.isFinal ? Timestamp(seconds: 1_900_000_000 + Int64(index % 3)) : nil
            var task = factory.make(
                owner: "p\(index % 3)",
                type: index % 5 == 0 ? .convert : .import,
                status: status,
                expiresAt: expires
            )
            task.updatedAt = Timestamp(seconds: 1_750_000_000 + Int64(index % 7))
            if index % 6 == 0 { task.createdAt = tasks.last?.createdAt ?? task.createdAt }
            try await store.create(task)
            tasks.append(task)
        }
        return tasks
    }

    private func reference(
        _ tasks: [ImageTask],
        key: ListQuery.SortKey,
        direction: ListQuery.SortDirection
    ) -> [ImageTask] {
        let keys = ListQuery(sortKey: key, limit: 1).orderingKeys
        let sorted = tasks.sorted { lhs, rhs in
            for key in keys {
                let (l, r) = (value(lhs, key), value(rhs, key))
                if l != r { return l < r }
            }
            return false
        }
        return direction == .asc ? sorted : sorted.reversed()
    }

    private func value(_ task: ImageTask, _ key: ListQuery.SortKey) -> String {
        func padded(_ value: Int64) -> String {
            let digits = String(value)
            return String(repeating: "0", count: 20 - digits.count) + digits
        }
        switch key {
        case .createdAt: return padded(task.createdAt.microseconds)
        case .updatedAt: return padded(task.updatedAt.microseconds)
        case .expiresAt: return padded(task.expiresAt?.microseconds ?? 0)
        case .status: return task.status.rawValue
        case .type: return task.type.rawValue
        case .owner: return task.owner
        case .id: return task.id.rawValue
        }
    }
}
