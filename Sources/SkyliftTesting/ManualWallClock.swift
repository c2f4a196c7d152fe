import SkyliftDomain
import Synchronization

/// A clock that moves only when told to, so expiry and ordering tests never sleep.
public final class ManualWallClock: WallClock {
    private let current: Mutex<Timestamp>
    /// How far each `now()` call moves the clock (so creates get distinct timestamps).
    private let tick: Int64

    /// Starts at `start`; each reading advances by `tickMicroseconds`.
    public init(start: Timestamp = Timestamp(seconds: 1_795_000_000), tickMicroseconds: Int64 = 0) {
        self.current = Mutex(start)
        self.tick = tickMicroseconds
    }

    public func now() -> Timestamp {
        current.withLock { value in
            let reading = value
            value.microseconds += tick
            return reading
        }
    }

    /// Moves the clock forward.
    public func advance(seconds: Double) {
        current.withLock { $0 = $0.adding(seconds: seconds) }
    }
}
