import Synchronization

/// Wakes an idle worker at once: the API calls `wake()` after storing a task, a finished run calls it to free a
/// slot, and `wait(upTo:)` also returns after its timeout (the fallback for tasks created by other processes).
final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var closed = false
        var waiter: (id: UInt64, continuation: CheckedContinuation<Void, Never>)?
        var nextID: UInt64 = 0
        var expired: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Wakes the waiter, or the next wait when nobody waits now.
    func wake() {
        let waiter = state.withLock { state in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil as CheckedContinuation<Void, Never>?
            }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume()
    }

    /// Wakes the waiter and makes every later wait return at once (shutdown).
    func close() {
        state.withLock { $0.closed = true }
        wake()
    }

    /// Whether `close()` was called.
    var isClosed: Bool { state.withLock { $0.closed } }

    /// Returns on a wake (possibly one that came before the call), on `close()`, or after `duration`.
    func wait(upTo duration: Duration) async {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.suspend(id) }
            group.addTask { try? await Task.sleep(for: duration) }
            await group.next()
            group.cancelAll()
            self.expire(id)
        }
    }

    private func suspend(_ id: UInt64) async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                if state.pending || state.closed || state.expired >= id {
                    state.pending = false
                    return true
                }
                state.waiter = (id, continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Ends wait `id`: resumes its waiter, or makes it return at once if it has not suspended yet.
    private func expire(_ id: UInt64) {
        let waiter = state.withLock { state in
            state.expired = max(state.expired, id)
            guard let waiter = state.waiter, waiter.id == id else { return nil as CheckedContinuation<Void, Never>? }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume()
    }
}
