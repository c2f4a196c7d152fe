import SkyliftDomain
import Testing

@Suite struct TaskStatusTests {
    /// Glance's table: pending → processing | failure, processing → success | failure, finals go nowhere.
    static let allowed: Set<[TaskStatus]> = [
        [.pending, .processing], [.pending, .failure], [.processing, .success], [.processing, .failure],
    ]

    @Test("the transition table allows exactly Glance's four transitions", arguments: TaskStatus.allCases)
    func table(from: TaskStatus) {
        for to in TaskStatus.allCases {
            #expect(from.canTransition(to: to) == Self.allowed.contains([from, to]), "\(from) → \(to)")
        }
    }

    @Test("an illegal transition throws invalidTransition naming both statuses")
    func illegal() {
        #expect(throws: SkyliftError.invalidTransition(from: .pending, to: .success)) {
            try TaskStatus.pending.transition(to: .success)
        }
        #expect(
            SkyliftError.invalidTransition(from: .success, to: .failure).description
                == "Status transition from success to failure is not allowed"
        )
    }

    @Test("entering a final status sets expires_at = now + time to live, and updated_at = now")
    func expiry() throws {
        let start = Timestamp(seconds: 1_800_000_000)
        let task = ImageTask.new(
            type: .import,
            owner: "p",
            input: RawJSON("{}"),
            imageID: nil,
            userID: "u",
            requestID: nil,
            now: start
        )
        #expect(task.expiresAt == nil)
        let processing = try task.transitioned(to: .processing, at: start.adding(seconds: 1), timeToLive: 3600)
        #expect(processing.expiresAt == nil)
        let done = try processing.transitioned(to: .success, at: start.adding(seconds: 2), timeToLive: 3600)
        #expect(done.updatedAt == start.adding(seconds: 2))
        #expect(done.expiresAt == start.adding(seconds: 3602))
        #expect(done.progress == 100)
        let instant = try processing.transitioned(to: .failure, at: start.adding(seconds: 5), timeToLive: 0)
        #expect(instant.expiresAt == start.adding(seconds: 5))
        #expect(instant.isExpired(at: start.adding(seconds: 5)))
        #expect(!done.isExpired(at: start.adding(seconds: 3601)))
    }

    @Test("a new task is pending with message \"\", no result, no expiry, its type's steps and a version 7 id")
    func newTask() {
        let now = Timestamp(seconds: 1_800_000_000)
        let task = ImageTask.new(
            type: .import,
            owner: "p",
            input: RawJSON("{}"),
            imageID: nil,
            userID: nil,
            requestID: "r",
            now: now
        )
        #expect(task.status == .pending)
        #expect(task.message == "")
        #expect(task.result == nil)
        #expect(task.createdAt == now && task.updatedAt == now)
        #expect(task.steps.map(\.name) == ["download", "inspect", "convert", "store"])
        #expect(task.steps.allSatisfy { $0.state == .pending })
        #expect(task.id.rawValue.hasPrefix("01a3185c-5000-7"))  // 1_800_000_000_000 ms, then the version
    }
}
