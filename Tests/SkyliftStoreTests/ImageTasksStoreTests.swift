import SkyliftDomain
import SkyliftStore
import Testing

/// `tasks(forImage:)`: the tasks that produced an image or read it, scoped and expired like every task read.
@Suite struct ImageTasksStoreTests {
    static let image = "2a7c3d1e-9b4f-4c52-8e61-0f3b5a9d7c11"

    @Test(
        "producer and convert tasks are found oldest first; others, other projects' and expired ones are not",
        arguments: StoreBackend.allCases
    )
    func found(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = TaskFactory()
        var producer = factory.make(owner: "p1", status: .success, expiresAt: factory.clock.adding(seconds: 1000))
        producer.imageID = Self.image
        var convert = factory.make(owner: "p1", type: .convert)
        convert.sourceImageID = Self.image
        var foreign = factory.make(owner: "p2", type: .convert)
        foreign.sourceImageID = Self.image
        var expired = factory.make(owner: "p1", type: .convert, status: .failure, expiresAt: factory.clock)
        expired.sourceImageID = Self.image
        var unrelated = factory.make(owner: "p1", type: .convert)
        unrelated.sourceImageID = TaskID().rawValue
        for task in [producer, convert, foreign, expired, unrelated] { try await store.create(task) }
        let now = factory.clock.adding(seconds: 1)
        let own = try await store.tasks(forImage: Self.image, visibility: .owner("p1"), now: now)
        #expect(own == [producer, convert])
        let all = try await store.tasks(forImage: Self.image, visibility: .all, now: now)
        #expect(all.map(\.id) == [producer.id, convert.id, foreign.id])
        #expect(try await store.tasks(forImage: TaskID().rawValue, visibility: .all, now: now).isEmpty)
    }

    @Test("the lookup reads the two partial indexes, never the owner's whole task list")
    func queryPlan() throws {
        let store = try SQLiteTaskStore(location: .memory)
        for visibility in [Visibility.all, .owner("p1")] {
            let plan = try store.explainTasks(forImage: Self.image, visibility: visibility, now: Timestamp(seconds: 0))
            let text = plan.joined(separator: "; ")
            #expect(plan.contains { $0.contains("USING INDEX tasks_image") }, "\(text)")
            #expect(plan.contains { $0.contains("USING INDEX tasks_source_image") }, "\(text)")
            #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(text)")
        }
    }
}
