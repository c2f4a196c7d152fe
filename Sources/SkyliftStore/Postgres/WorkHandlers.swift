import Synchronization

/// The callbacks a store calls when another process makes work claimable (`TaskClaims.onWorkAvailable`).
final class WorkHandlers: Sendable {
    private let handlers = Mutex<[@Sendable () -> Void]>([])

    /// Adds `handler`.
    func add(_ handler: @escaping @Sendable () -> Void) {
        handlers.withLock { $0.append(handler) }
    }

    /// Calls every handler.
    func call() {
        for handler in handlers.withLock({ $0 }) { handler() }
    }
}
