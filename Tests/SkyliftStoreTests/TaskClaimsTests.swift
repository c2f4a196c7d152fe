import SkyliftDomain
import SkyliftStore
import Testing

/// Claims, leases and fencing (contract §7.3, §11.2, §11.3), for every backend.
@Suite struct TaskClaimsTests {
    let terms = ClaimTerms(leaseSeconds: 15, maxAttempts: 3, timeToLive: 3600)

    @Test("a claim moves the oldest pending task to processing under a lease", arguments: StoreBackend.allCases)
    func claim(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = TaskFactory()
        let first = factory.make(owner: "p1")
        let second = factory.make(owner: "p1")
        try await store.create(second)
        try await store.create(first)
        let now = factory.clock.adding(seconds: 1)
        let claimed = try #require(try await store.claimNext(worker: "w1", now: now, terms: terms))
        #expect(claimed.task.id == first.id)
        #expect(claimed.task.status == .processing)
        #expect(claimed.task.updatedAt == now)
        #expect(claimed.task.version == first.version + 1)
        #expect(claimed.attempt == 1)
        #expect(claimed.lease == TaskLease(taskID: first.id, worker: "w1", epoch: 1))
        #expect(claimed.earlierRun == nil)
        let next = try await store.claimNext(worker: "w1", now: now, terms: terms)
        #expect(next?.task.id == second.id)
        #expect(try await store.claimNext(worker: "w1", now: now, terms: terms) == nil)
    }

    @Test("final and expired-looking tasks are never claimed", arguments: StoreBackend.allCases)
    func onlyPending(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = TaskFactory()
        try await store.create(
            factory.make(owner: "p1", status: .success, expiresAt: factory.clock.adding(seconds: 99))
        )
        try await store.create(
            factory.make(owner: "p1", status: .failure, expiresAt: factory.clock.adding(seconds: 99))
        )
        #expect(try await store.claimNext(worker: "w", now: factory.clock, terms: terms) == nil)
    }

    @Test(
        "a lost lease is fenced: the old holder can no longer save, the new one can",
        arguments: StoreBackend.allCases
    )
    func fencing(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = TaskFactory()
        let task = factory.make(owner: "p1")
        try await store.create(task)
        let start = factory.clock
        let old = try #require(try await store.claimNext(worker: "w1", now: start, terms: terms))
        #expect(try await store.claimNext(worker: "w2", now: start.adding(seconds: 14), terms: terms) == nil)
        let later = start.adding(seconds: 16)
        let new = try #require(try await store.claimNext(worker: "w2", now: later, terms: terms))
        #expect(new.task.id == task.id)
        #expect(new.attempt == 2)
        #expect(new.lease.epoch == old.lease.epoch + 1)
        var progressed = new.task
        progressed.progress = 40
        #expect(try await store.saveProgress(progressed, lease: old.lease, leaseUntil: later) == .lost)
        #expect(try await store.renewLease(old.lease, until: later.adding(seconds: 60)) == .lost)
        #expect(
            try await store.saveProgress(progressed, lease: new.lease, leaseUntil: later.adding(seconds: 15)) == .held
        )
        let done = try progressed.transitioned(to: .success, at: later, timeToLive: 10)
        #expect(try await store.finish(done, lease: old.lease, image: nil) == false)
        #expect(try await store.finish(done, lease: new.lease, image: nil))
        let read = try await store.task(id: task.id, visibility: .all, now: later)
        #expect(read?.status == .success)
        #expect(read?.progress == 100)
    }

    @Test("a renewed lease is not claimed again", arguments: StoreBackend.allCases)
    func renewal(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = TaskFactory()
        try await store.create(factory.make(owner: "p1"))
        let start = factory.clock
        let claimed = try #require(try await store.claimNext(worker: "w1", now: start, terms: terms))
        #expect(try await store.renewLease(claimed.lease, until: start.adding(seconds: 30)) == .held)
        #expect(try await store.claimNext(worker: "w2", now: start.adding(seconds: 20), terms: terms) == nil)
        #expect(try await store.claimNext(worker: "w2", now: start.adding(seconds: 31), terms: terms) != nil)
    }

    @Test("after worker.maxAttempts lost leases the task fails worker_lost", arguments: StoreBackend.allCases)
    func workerLost(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = TaskFactory()
        let task = factory.make(owner: "p1")
        try await store.create(task)
        var now = factory.clock
        for attempt in 1...3 {
            let claimed = try await store.claimNext(worker: "w\(attempt)", now: now, terms: terms)
            #expect(claimed?.attempt == attempt)
            #expect(claimed?.earlierRun == (attempt == 1 ? nil : .leaseExpired))
            now = now.adding(seconds: 16)
        }
        let round = try await store.claimRound(worker: "w4", now: now, terms: terms)
        #expect(round.claimed == nil)
        #expect(round.ended.map(\.id) == [task.id])
        #expect(round.ended.first?.failure?.code == "worker_lost")
        let read = try #require(try await store.task(id: task.id, visibility: .all, now: now))
        #expect(read.status == .failure)
        #expect(read.failure?.code == "worker_lost")
        #expect(read.failure?.retryable == true)
        #expect(read.expiresAt == now.adding(seconds: 3600))
    }

    @Test("a released lease is claimable at once and does not count as an attempt", arguments: StoreBackend.allCases)
    func release(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = TaskFactory()
        try await store.create(factory.make(owner: "p1"))
        let now = factory.clock
        let claimed = try #require(try await store.claimNext(worker: "w1", now: now, terms: terms))
        try await store.releaseLease(claimed.lease)
        let again = try #require(try await store.claimNext(worker: "w2", now: now, terms: terms))
        #expect(again.attempt == 1)
        #expect(again.lease.epoch == claimed.lease.epoch + 1)
        #expect(again.earlierRun == .givenBack)
    }

    @Test("owners take turns across claims", arguments: StoreBackend.allCases)
    func roundRobin(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = TaskFactory()
        for _ in 0..<3 { try await store.create(factory.make(owner: "a")) }
        for _ in 0..<2 { try await store.create(factory.make(owner: "b")) }
        try await store.create(factory.make(owner: "c"))
        var owners: [String] = []
        while let claimed = try await store.claimNext(worker: "w", now: factory.clock, terms: terms) {
            owners.append(claimed.task.owner)
        }
        #expect(owners == ["a", "b", "c", "a", "b", "a"])
    }

    @Test(
        "a success saves the image record in the same transaction; a taken image id saves nothing",
        arguments: StoreBackend.allCases
    )
    func finishWithImage(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = TaskFactory()
        try await store.create(factory.make(owner: "p1"))
        try await store.create(factory.make(owner: "p1"))
        let now = factory.clock
        let image = ImageRecord(
            id: "2a7c3d1e-9b4f-4c52-8e61-0f3b5a9d7c11",
            name: "n",
            status: .active,
            diskFormat: "raw",
            containerFormat: "bare",
            size: 1,
            virtualSize: 1,
            checksum: nil,
            osHashAlgo: nil,
            osHashValue: nil,
            owner: "p1",
            createdAt: now,
            updatedAt: now
        )
        let first = try #require(try await store.claimNext(worker: "w", now: now, terms: terms))
        #expect(
            try await store.finish(
                try first.task.transitioned(to: .success, at: now, timeToLive: 60),
                lease: first.lease,
                image: image
            )
        )
        #expect(try await store.image(id: image.id, visibility: .owner("p1")) == image)
        let second = try #require(try await store.claimNext(worker: "w", now: now, terms: terms))
        let done = try second.task.transitioned(to: .success, at: now, timeToLive: 60)
        await #expect(throws: SkyliftError.self) { try await store.finish(done, lease: second.lease, image: image) }
        #expect(try await store.task(id: second.task.id, visibility: .all, now: now)?.status == .processing)
    }
}
