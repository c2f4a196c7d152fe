import SkyliftDomain
import Testing

/// The rules every store applies, decided in the domain without a database (issue 11): idempotent replay, quota,
/// cancel outcomes, claim order and lost workers.
@Suite struct TaskRulesTests {
    static let start = Timestamp(seconds: 1_800_000_000)

    static func task(owner: String = "p1", status: TaskStatus = .pending, at now: Timestamp = start) -> ImageTask {
        var task = ImageTask.new(
            type: .import,
            owner: owner,
            input: RawJSON("{}"),
            imageID: nil,
            userID: "u",
            requestID: nil,
            now: now
        )
        task.status = status
        if status == .processing { task.steps[0].state = .running }
        return task
    }

    @Test("a live key replays the same body, refuses another, and an expired key is free")
    func idempotency() throws {
        let key = CreateOptions.Idempotency(key: "k1", body: #"{"a":1}"#)
        let stored = Self.task()
        #expect(try key.decide(stored: stored, storedBody: #"{"a":1}"#, now: Self.start) == .replay(stored))
        #expect(throws: SkyliftError.idempotencyMismatch(key: "k1", taskID: stored.id)) {
            try key.decide(stored: stored, storedBody: #"{"a":2}"#, now: Self.start)
        }
        var expired = Self.task(status: .success)
        expired.expiresAt = Self.start.adding(seconds: 5)
        let later = Self.start.adding(seconds: 5)
        #expect(try key.decide(stored: expired, storedBody: #"{"a":2}"#, now: later) == .freeExpiredKey(expired.id))
    }

    @Test("the quota refuses at the limit and counts nothing without one")
    func quota() throws {
        let options = CreateOptions(maxActiveTasks: 2, now: Self.start)
        try options.checkQuota(owner: "p1", active: 1)
        #expect(throws: SkyliftError.quotaExceeded(project: "p1", active: 2, limit: 2)) {
            try options.checkQuota(owner: "p1", active: 2)
        }
        try CreateOptions(now: Self.start).checkQuota(owner: "p1", active: 1_000_000)
    }

    @Test("cancel: pending fails now, processing is flagged once, canceled stays, other ends conflict")
    func cancel() throws {
        let now = Self.start.adding(seconds: 3)
        let pending = Self.task()
        guard
            case .failNow(let failed) = try CancelDecision.decide(
                for: pending,
                requestedBy: nil,
                user: "u1",
                now: now,
                timeToLive: 60
            )
        else {
            Issue.record("a pending task was not failed at once")
            return
        }
        #expect(failed.status == .failure)
        #expect(failed.failure == TaskFailure.canceled(by: "u1"))
        #expect(failed.message == "Canceled by user u1")
        #expect(failed.expiresAt == now.adding(seconds: 60))
        let processing = Self.task(status: .processing)
        #expect(
            try CancelDecision.decide(for: processing, requestedBy: nil, user: "u2", now: now, timeToLive: 60)
                == .flagForWorker(user: "u2")
        )
        #expect(
            try CancelDecision.decide(for: processing, requestedBy: "u2", user: "u3", now: now, timeToLive: 60)
                == .alreadyCanceled
        )
        #expect(
            try CancelDecision.decide(for: failed, requestedBy: nil, user: "u3", now: now, timeToLive: 60)
                == .alreadyCanceled
        )
        let done = Self.task(status: .success)
        #expect(throws: SkyliftError.taskAlreadyEnded(done.id, status: .success)) {
            try CancelDecision.decide(for: done, requestedBy: nil, user: "u", now: now, timeToLive: 60)
        }
    }

    @Test("owners take turns: never served first, then served longest ago, then the oldest task")
    func ownerOrder() {
        let a = ClaimPolicy.OwnerQueue(owner: "a", turn: 3, oldest: Self.start)
        let b = ClaimPolicy.OwnerQueue(owner: "b", turn: 0, oldest: Self.start.adding(seconds: 9))
        let c = ClaimPolicy.OwnerQueue(owner: "c", turn: 0, oldest: Self.start.adding(seconds: 1))
        #expect(ClaimPolicy.nextOwner([a, b, c]) == "c")
        #expect(ClaimPolicy.nextOwner([a, b]) == "b")
        #expect(ClaimPolicy.nextOwner([a]) == "a")
        #expect(ClaimPolicy.nextOwner([]) == nil)
        #expect(ClaimPolicy.ownersInTurn([a, b, c]) == ["c", "b", "a"])
    }

    @Test("a candidate is claimed, ends canceled after a dead worker's cancel, or ends worker_lost")
    func claimDecision() throws {
        let terms = ClaimTerms(leaseSeconds: 15, maxAttempts: 3, timeToLive: 60)
        let now = Self.start.adding(seconds: 30)
        let task = Self.task(status: .processing)
        #expect(try ClaimPolicy.decide(task, attempts: 2, cancelRequestedBy: nil, now: now, terms: terms) == .claim)
        guard
            case .end(let lost) = try ClaimPolicy.decide(
                task,
                attempts: 3,
                cancelRequestedBy: nil,
                now: now,
                terms: terms
            )
        else {
            Issue.record("a task out of attempts was claimed")
            return
        }
        #expect(lost.failure?.code == "worker_lost")
        #expect(lost.failure?.step == "download")
        #expect(lost.message == "The task's worker stopped responding 3 times; it was given up (worker.maxAttempts)")
        guard
            case .end(let canceled) = try ClaimPolicy.decide(
                task,
                attempts: 1,
                cancelRequestedBy: "u9",
                now: now,
                terms: terms
            )
        else {
            Issue.record("a task whose cancel was asked for was claimed")
            return
        }
        #expect(canceled.failure?.code == "canceled")
        #expect(canceled.message == "Canceled by user u9")
    }
}
