import Storage
import Synchronization

/// Tokens found in the store lately, by the SHA-256 of their secret, so that a client sending many
/// requests with one token is not looked up in SQLite for every one (a read on GRDB's queue and
/// back, ~3 % of the server's CPU under the load test). Only tokens that were found are kept, for
/// `lifetime`: a token revoked in the store stops working within that time, and a secret that is
/// not a token is looked up every time (it cannot fill the cache).
final class TokenCache: Sendable {
    /// How long a token found in the store is trusted without a new look-up.
    let lifetime: Duration
    /// Most tokens kept; past it the cache starts empty again.
    let capacity: Int
    private let entries = Mutex<[String: (token: TokenRecord, until: ContinuousClock.Instant)]>([:])

    init(lifetime: Duration = .seconds(1), capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The token with secret hash `key`, if it was found less than `lifetime` ago.
    func token(_ key: String) -> TokenRecord? {
        let now = ContinuousClock.now
        return entries.withLock { e in
            guard let hit = e[key] else { return nil }
            if hit.until > now { return hit.token }
            e[key] = nil
            return nil
        }
    }

    /// Remembers `token`, just found in the store under `key`.
    func remember(_ token: TokenRecord, as key: String) {
        let until = ContinuousClock.now + lifetime
        entries.withLock { e in
            if e.count >= capacity && e[key] == nil { e.removeAll(keepingCapacity: true) }
            e[key] = (token, until)
        }
    }
}
