import Synchronization

/// Notice that a task changed (§10.3), as a waiting request sees it: it subscribes before it reads the task, then
/// suspends (holding no database connection and no thread) until the task changes or its deadline passes.
///
/// Each store implements it: the SQLite store tells a `LocalTaskChangeFeed` after every write it commits; a store
/// shared by several processes also tells it what the other processes changed.
public protocol TaskChangeFeed: Sendable {
    /// Registers for the next change of `id`; call before reading the task so no change falls in between.
    func subscribe(_ id: TaskID) -> TaskChangeSubscription

    /// Waits until `subscription`'s task changes (true; at once if it already did) or `timeout` passes (false),
    /// then ends the subscription.
    func wait(_ subscription: TaskChangeSubscription, upTo timeout: Duration) async -> Bool

    /// Ends a subscription that will not be waited on.
    func cancel(_ subscription: TaskChangeSubscription)

    /// How many subscriptions are open (for tests and metrics).
    var waiterCount: Int { get }
}

/// A registration for one task's next change.
public struct TaskChangeSubscription: Sendable, Hashable {
    /// The task.
    public let id: TaskID
    /// Tells registrations for the same task apart.
    public let token: UInt64

    public init(id: TaskID, token: UInt64) {
        self.id = id
        self.token = token
    }
}

/// The in-process feed: `notify` wakes every subscription to a task at once.
public final class LocalTaskChangeFeed: TaskChangeFeed {
    private struct Waiter {
        var fired = false
        var continuation: CheckedContinuation<Void, Never>?
    }

    private struct State {
        var next: UInt64 = 0
        var waiters: [TaskID: [UInt64: Waiter]] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    public var waiterCount: Int { state.withLock { $0.waiters.values.reduce(0) { $0 + $1.count } } }

    /// Wakes every subscription to `id`.
    public func notify(_ id: TaskID) {
        let continuations = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard var waiters = state.waiters[id] else { return [] }
            var ready: [CheckedContinuation<Void, Never>] = []
            for token in waiters.keys {
                waiters[token]?.fired = true
                if let continuation = waiters[token]?.continuation { ready.append(continuation) }
                waiters[token]?.continuation = nil
            }
            state.waiters[id] = waiters
            return ready
        }
        for continuation in continuations { continuation.resume() }
    }

    public func subscribe(_ id: TaskID) -> TaskChangeSubscription {
        state.withLock { state in
            state.next += 1
            state.waiters[id, default: [:]][state.next] = Waiter()
            return TaskChangeSubscription(id: id, token: state.next)
        }
    }

    public func wait(_ subscription: TaskChangeSubscription, upTo timeout: Duration) async -> Bool {
        let changed = await withTaskGroup(of: Bool.self) { group in
            group.addTask { await self.suspend(subscription) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            self.end(subscription)
            group.cancelAll()
            return first
        }
        return changed
    }

    public func cancel(_ subscription: TaskChangeSubscription) {
        end(subscription)
    }

    private func suspend(_ subscription: TaskChangeSubscription) async -> Bool {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool in
                guard let waiter = state.waiters[subscription.id]?[subscription.token] else { return true }
                if waiter.fired { return true }
                state.waiters[subscription.id]?[subscription.token]?.continuation = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
        return state.withLock { $0.waiters[subscription.id]?[subscription.token]?.fired ?? false }
    }

    /// Removes the subscription, resuming its waiter if it is suspended.
    private func end(_ subscription: TaskChangeSubscription) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            let waiter = state.waiters[subscription.id]?.removeValue(forKey: subscription.token)
            if state.waiters[subscription.id]?.isEmpty == true { state.waiters[subscription.id] = nil }
            return waiter?.continuation
        }
        continuation?.resume()
    }
}
