import Synchronization

/// In-process notice that a task changed (§10.3): the store calls `notify` after every committed write of a task,
/// and a waiting request subscribes before it reads, then suspends (holding no database connection and no
/// thread) until a notice or its deadline.
public final class TaskChangeFeed: Sendable {
    private struct Waiter {
        var fired = false
        var continuation: CheckedContinuation<Void, Never>?
    }

    private struct State {
        var next: UInt64 = 0
        var waiters: [TaskID: [UInt64: Waiter]] = [:]
    }

    /// A registration for one task's next change.
    public struct Subscription: Sendable {
        fileprivate let id: TaskID
        fileprivate let token: UInt64
    }

    private let state = Mutex(State())

    public init() {}

    /// How many subscriptions are open (for tests and metrics).
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

    /// Registers for the next change of `id`; call before reading the task so no change falls in between.
    public func subscribe(_ id: TaskID) -> Subscription {
        state.withLock { state in
            state.next += 1
            state.waiters[id, default: [:]][state.next] = Waiter()
            return Subscription(id: id, token: state.next)
        }
    }

    /// Waits until `subscription`'s task changes (true; at once if it already did) or `timeout` passes (false),
    /// then ends the subscription.
    public func wait(_ subscription: Subscription, upTo timeout: Duration) async -> Bool {
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

    /// Ends a subscription that will not be waited on.
    public func cancel(_ subscription: Subscription) {
        end(subscription)
    }

    private func suspend(_ subscription: Subscription) async -> Bool {
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
    private func end(_ subscription: Subscription) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            let waiter = state.waiters[subscription.id]?.removeValue(forKey: subscription.token)
            if state.waiters[subscription.id]?.isEmpty == true { state.waiters[subscription.id] = nil }
            return waiter?.continuation
        }
        continuation?.resume()
    }
}
