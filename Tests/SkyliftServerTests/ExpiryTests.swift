import Foundation
import HTTPTypes
import HummingbirdTesting
import JSONSchema
import Logging
import SkyliftAPI
import SkyliftDomain
import SkyliftExecutors
import SkyliftServer
import SkyliftStore
import SkyliftTesting
import Testing

/// Expiry (contract §9): finished tasks vanish from every read the instant `expires_at` passes, the reaper deletes
/// them in batches, and `skylift purge` does one pass. Time moves by an injected clock, never by sleeping.
@Suite struct ExpiryTests {
    /// `count` tasks of project B that finished at the clock's now with `ttl` seconds to live.
    private func finished(_ store: any TaskDatabase, clock: ManualWallClock, count: Int, ttl: Double) async throws {
        for _ in 0..<count {
            let task = ImageTask.new(
                type: .import,
                owner: Projects.b,
                input: RawJSON("{}"),
                imageID: nil,
                userID: "bob",
                requestID: nil,
                now: clock.now()
            )
            let done = try task.transitioned(to: .failure, at: clock.now(), timeToLive: ttl)
            try await store.create(done)
        }
    }

    @Test("expired tasks vanish from show and list at expires_at; the reaper then deletes them in batches")
    func reaper() async throws {
        let service = try await TestService()
        try await finished(service.store, clock: service.clock, count: 7, ttl: 60)
        try await finished(service.store, clock: service.clock, count: 2, ttl: 3600)
        try await service.test { client in
            let before = try await client.send(.get, "/v2/tasks", as: .member(Projects.b))
            guard case .array(let listed)? = before["tasks"] else {
                Issue.record("no list")
                return
            }
            #expect(listed.count == 9)
            service.clock.advance(seconds: 61)
            let after = try await client.send(.get, "/v2/tasks", as: .member(Projects.b))
            guard case .array(let remaining)? = after["tasks"] else {
                Issue.record("no list")
                return
            }
            #expect(remaining.count == 2)
        }
        var logger = Logger(label: "reaper")
        logger.logLevel = .critical
        let reaper = ExpiryReaper(
            store: service.store,
            clock: service.clock,
            interval: .seconds(60),
            batchSize: 3,
            logger: logger
        )
        #expect(try await service.store.purgeExpired(now: service.clock.now(), limit: 3) == 3)
        #expect(try await reaper.purge() == 4)
        #expect(try await reaper.purge() == 0)
        let left = try await service.store.list(ListQuery(limit: 100), visibility: .all, now: Timestamp(seconds: 0))
        #expect(left.count == 2)
    }

    @Test("a timeToLive of 0 makes a task vanish as it ends")
    func zeroTimeToLive() async throws {
        let service = try await TestService(configuration: APIConfiguration(taskTimeToLive: 0))
        try await service.test { client in
            let created = try await client.send(.post, "/v2/tasks", as: .member(Projects.b), body: Bodies.importTask())
            guard case .string(let id)? = created["id"] else {
                Issue.record("no id")
                return
            }
            let canceled = try await client.send(.post, "/v2/tasks/\(id)/cancel", as: .member(Projects.b))
            #expect(canceled.status == .accepted)
            #expect(try await client.send(.get, "/v2/tasks/\(id)", as: .member(Projects.b)).status == .notFound)
        }
    }

    @Test("skylift purge deletes what expired, in batches of expiry.batchSize, and says how many")
    func purgeCommand() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("purge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = WorkerHarness.configuration(directory: directory)
        configuration.expiryBatchSize = 2
        let clock = ManualWallClock()
        do {
            let store = try await Skylift.openStore(configuration)
            try await finished(store, clock: clock, count: 5, ttl: 10)
        }
        #expect(try await Skylift.purge(configuration: configuration, clock: clock) == 0)
        clock.advance(seconds: 11)
        #expect(try await Skylift.purge(configuration: configuration, clock: clock) == 5)
        #expect(try await Skylift.purge(configuration: configuration, clock: clock) == 0)
    }
}
