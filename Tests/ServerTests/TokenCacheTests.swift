import Foundation
import Storage
import Testing

@testable import Server

/// Tokens found in the store are trusted for the cache's lifetime, then looked up again.
@Suite("Token cache")
struct TokenCacheTests {
    static func token(_ name: String) -> TokenRecord {
        TokenRecord(name: name, role: .industry, scope: "body", secretSHA256: name)
    }

    @Test("a token is kept for its lifetime, then forgotten")
    func expiry() async throws {
        let cache = TokenCache(lifetime: .milliseconds(200))
        #expect(cache.token("a") == nil)
        cache.remember(Self.token("a"), as: "a")
        #expect(cache.token("a")?.name == "a")
        #expect(cache.token("b") == nil)
        try await Task.sleep(for: .milliseconds(300))
        #expect(cache.token("a") == nil)
    }

    @Test("past its capacity the cache starts again, keeping the newest")
    func capacity() {
        let cache = TokenCache(lifetime: .seconds(60), capacity: 3)
        for n in ["a", "b", "c"] { cache.remember(Self.token(n), as: n) }
        #expect(cache.token("a") != nil && cache.token("c") != nil)
        cache.remember(Self.token("d"), as: "d")
        #expect(cache.token("a") == nil)
        #expect(cache.token("d")?.name == "d")
        // Remembering a key already held never empties the cache.
        cache.remember(Self.token("d"), as: "d")
        #expect(cache.token("d") != nil)
    }
}
