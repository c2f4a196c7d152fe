import Crypto
import SkyliftDomain
import Synchronization

/// Tokens verified recently, by the SHA-256 of the whole token (signature included): a token seen again is not
/// parsed and checked again. Bounded, and an entry is never used at or past its token's `exp`.
final class VerifiedTokenCache: Sendable {
    private struct State {
        var entries: [SHA256Digest: VerifiedToken] = [:]
    }

    /// Most entries held; when full, expired entries go, and if none had expired, all of them.
    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The cached verification of the token with `digest`, if it is still before its `exp`.
    func principal(for digest: SHA256Digest, now: Timestamp) -> Principal? {
        state.withLock { state in
            guard let entry = state.entries[digest] else { return nil }
            guard now < entry.expiresAt else {
                state.entries[digest] = nil
                return nil
            }
            return entry.principal
        }
    }

    /// Remembers a verified token.
    func insert(_ token: VerifiedToken, for digest: SHA256Digest, now: Timestamp) {
        guard capacity > 0 else { return }
        state.withLock { state in
            if state.entries.count >= capacity {
                state.entries = state.entries.filter { now < $0.value.expiresAt }
                if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            }
            state.entries[digest] = token
        }
    }

    /// How many tokens are held (for tests).
    var count: Int { state.withLock { $0.entries.count } }
}
