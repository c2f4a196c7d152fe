import SkyliftDomain
import SkyliftStore
import SkyliftTesting

/// The stores the conformance suite runs against; every backend must pass the same tests.
enum StoreBackend: String, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    var description: String { rawValue }

    /// A fresh, empty, migrated store of this backend.
    func makeStore() async throws -> any TaskStore & ImageStore & TaskClaims {
        switch self {
        case .sqlite: try SQLiteTaskStore(location: .memory)
        case .postgres: try await TestPostgres.freshStore()
        }
    }
}

/// Builds tasks with distinct, increasing timestamps.
struct TaskFactory {
    var clock = Timestamp(seconds: 1_800_000_000)

    mutating func make(
        owner: String,
        type: TaskType = .import,
        status: TaskStatus = .pending,
        expiresAt: Timestamp? = nil
    ) -> ImageTask {
        clock = clock.adding(seconds: 1)
        var task = ImageTask.new(
            type: type,
            owner: owner,
            input: RawJSON(#"{"n":1}"#),
            imageID: nil,
            userID: "u-\(owner)",
            requestID: "req-1",
            now: clock
        )
        task.status = status
        task.expiresAt = expiresAt
        return task
    }
}
