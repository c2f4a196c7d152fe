/// The average rate of one step's bytes since the client first saw that step running.
struct RateMeter: Sendable {
    private var step: String?
    private var first: (at: ContinuousClock.Instant, bytes: Int64)?

    /// Records `bytes` done of `step` at `now`; the rate in bytes per second once half a second has passed
    /// and bytes moved, else nil.
    mutating func observe(step name: String, bytes: Int64, at now: ContinuousClock.Instant) -> Double? {
        guard name == step, let first else {
            step = name
            first = (now, bytes)
            return nil
        }
        let elapsed = now - first.at
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        guard seconds >= 0.5, bytes > first.bytes else { return nil }
        return Double(bytes - first.bytes) / seconds
    }
}
