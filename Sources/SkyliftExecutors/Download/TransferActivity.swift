import Synchronization

/// When a transfer last made progress and how long it may go without any; the watchdog that enforces it.
///
/// Before the response head the allowance is `connectTimeout + stallTimeout` (connecting, then the source's first
/// answer); once the body streams, it is `stallTimeout` between chunks.
final class TransferActivity: Sendable {
    private struct State {
        var last: ContinuousClock.Instant
        var allowance: Duration
        var failure: DownloadFailure
    }

    private let state: Mutex<State>
    private let limits: DownloadLimits

    /// An activity record for a transfer under `limits`.
    init(limits: DownloadLimits) {
        self.limits = limits
        state = Mutex(
            State(last: .now, allowance: limits.stallTimeout, failure: .transport("Download failed: no data"))
        )
    }

    /// A request to `host` was started: the head must arrive within the connect plus stall allowance.
    func requestStarted(host: String) {
        let allowance = limits.connectTimeout + limits.stallTimeout
        let failure = DownloadFailure.transport(
            "Download failed: \(host) did not answer within \(Self.seconds(allowance)) s "
                + "(import.connectTimeout + import.stallTimeout)"
        )
        state.withLock { $0 = State(last: .now, allowance: allowance, failure: failure) }
    }

    /// The response head from `host` arrived: from now on the stall timeout applies.
    func bodyStarted(host: String) {
        let failure = DownloadFailure.transport(
            "Download failed: \(host) sent no data for \(Self.seconds(limits.stallTimeout)) s (import.stallTimeout)"
        )
        state.withLock { $0 = State(last: .now, allowance: limits.stallTimeout, failure: failure) }
    }

    /// Bytes arrived.
    func touch() {
        let now = ContinuousClock.now
        state.withLock { $0.last = now }
    }

    /// Returns only by throwing: the stall failure when the allowance runs out, or `CancellationError`.
    func watch() async throws {
        let tick = min(Duration.milliseconds(100), limits.stallTimeout / 4)
        while true {
            try await Task.sleep(for: tick)
            let now = ContinuousClock.now
            if let failure = state.withLock({ now - $0.last > $0.allowance ? $0.failure : nil }) {
                throw failure
            }
        }
    }

    /// Whole seconds of `duration`, or a decimal when under ten seconds and fractional.
    private static func seconds(_ duration: Duration) -> String {
        let (whole, atto) = duration.components
        guard atto != 0 else { return String(whole) }
        let value = Double(whole) + Double(atto) / 1e18
        return String((value * 10).rounded() / 10)
    }
}
