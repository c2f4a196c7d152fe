import Synchronization

/// A cancel asked for one running task, in this process (the API's `cancel` hook) or seen by the keeper in the
/// store (another process's API): fired once, with the user who asked first.
final class CancelSignal: Sendable {
    private struct State {
        var user: String?
        var waiter: CheckedContinuation<String?, Never>?
        var ended = false
    }

    private let state = Mutex(State())

    /// Asks the run to stop; the first user is kept.
    func fire(by user: String) {
        let waiter = state.withLock { state -> CheckedContinuation<String?, Never>? in
            guard state.user == nil else { return nil }
            state.user = user
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: user)
    }

    /// The user who asked, once someone does; nil when the waiting task is canceled first.
    func wait() async -> String? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> String?? in
                    if let user = state.user { return .some(user) }
                    if state.ended { return .some(nil) }
                    state.waiter = continuation
                    return .none
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<String?, Never>? in
                state.ended = true
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: nil)
        }
    }
}
