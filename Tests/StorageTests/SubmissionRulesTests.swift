import Foundation
import Testing

@testable import Storage

@Suite("The submission rules both repositories apply, and their batches")
struct SubmissionRulesTests {
    static func row(
        _ kind: SubmissionKind = .demand, key: String = "D1", body: String = "a", revision: Int64 = 1, withdrawn: Bool = false
    ) -> SubmissionRecord {
        var r = SubmissionRecord(
            kind: kind, key: key, owner: "b", tokenName: "t", body: Data(body.utf8), revision: revision, withdrawn: withdrawn)
        r.seq = 7
        return r
    }

    @Test("a re-send gets the latest row back when the body is the same, or always for programs; never a withdrawn one")
    func replayed() {
        let latest = Self.row(body: "a", revision: 2)
        #expect(SubmissionRules.replayed(Self.row(body: "a"), latest: nil) == nil)
        #expect(SubmissionRules.replayed(Self.row(body: "a"), latest: latest) == latest)
        // Another body of a demand is its next revision, not a replay.
        #expect(SubmissionRules.replayed(Self.row(body: "b"), latest: latest) == nil)
        // A programs key reused for another body gets the stored row (the server answers 409).
        let programs = Self.row(.programs, key: "K", body: "a")
        #expect(SubmissionRules.replayed(Self.row(.programs, key: "K", body: "b"), latest: programs) == programs)
        // After a withdrawal the same body is stored again.
        let withdrawn = Self.row(body: "", revision: 3, withdrawn: true)
        #expect(SubmissionRules.replayed(Self.row(body: ""), latest: withdrawn) == nil)
        #expect(SubmissionRules.replayed(Self.row(.programs, key: "K"), latest: Self.row(.programs, key: "K", withdrawn: true)) == nil)
    }

    @Test("revisions: 1 for the first row, one more after each")
    func revision() {
        #expect(SubmissionRules.revision(after: nil) == 1)
        #expect(SubmissionRules.revision(after: Self.row(revision: 1)) == 2)
        #expect(SubmissionRules.revision(after: Self.row(revision: 41, withdrawn: true)) == 42)
    }

    @Test("a withdrawal is the next revision with an empty body, by the withdrawing token; nothing to withdraw is nil")
    func withdrawal() throws {
        let at = Date(timeIntervalSince1970: 1_700_000_000.1234)
        #expect(SubmissionRules.withdrawal(of: nil, kind: .demand, owner: "b", key: "D1", tokenName: "u", at: at) == nil)
        #expect(
            SubmissionRules.withdrawal(of: Self.row(withdrawn: true), kind: .demand, owner: "b", key: "D1", tokenName: "u", at: at) == nil)
        let w = try #require(
            SubmissionRules.withdrawal(of: Self.row(revision: 4), kind: .programs, owner: "c", key: "W", tokenName: "u", at: at))
        #expect(w.seq == nil)
        #expect(w.revision == 5)
        #expect(w.withdrawn)
        #expect(w.body.isEmpty)
        #expect(w.bodySHA256 == SHA256.hex(Data()))
        #expect(w.kind == .programs)
        #expect(w.owner == "c")
        #expect(w.key == "W")
        #expect(w.tokenName == "u")
        #expect(w.receivedAtMillis == 1_700_000_000_123)
        #expect(SubmissionRules.millis(at) == 1_700_000_000_123)
    }

    @Test(
        "the hourly quota: room below the limit; at it, Retry-After is the seconds (rounded up, at least 1) until the oldest leaves the hour"
    )
    func hourly() throws {
        let now: Int64 = 10_000_000
        try SubmissionRules.checkHourly(perHour: 3, count: 2, oldestMillis: now - 10, nowMillis: now)
        func wait(count: Int64 = 3, oldest: Int64?) -> Int? {
            do {
                try SubmissionRules.checkHourly(perHour: 3, count: count, oldestMillis: oldest, nowMillis: now)
                return nil
            } catch {
                #expect(error.quota == "submissions-per-hour")
                #expect(error.limit == 3)
                return error.retryAfterSeconds
            }
        }
        #expect(wait(oldest: now - 1_000) == 3599)
        #expect(wait(oldest: now - 1) == 3600)
        #expect(wait(oldest: now - 3_599_500) == 1)
        #expect(wait(oldest: now - 3_599_999) == 1)
        #expect(wait(oldest: now - 3_600_000) == 1)
        #expect(wait(oldest: nil) == 3600)
        #expect(wait(count: 4, oldest: now - 1_800_000) == 1800)
    }

    @Test("the bytes quota: up to the limit exactly; past it, Retry-After is an hour")
    func bytes() throws {
        try SubmissionRules.checkBytes(maxBytes: 100, used: 60, adding: 40)
        #expect(throws: QuotaExceeded(quota: "stored-bytes", limit: 100, retryAfterSeconds: 3600)) {
            try SubmissionRules.checkBytes(maxBytes: 100, used: 60, adding: 41)
        }
    }

    @Test("a batch goes on past a submission that fails: it alone is rolled back, the others are stored", arguments: Backend.allCases)
    func batchSurvivesAFailure(backend: Backend) async throws {
        try await withRepository(backend) { repo, _ in
            let write: GroupCommit.Write
            switch repo {
            case let r as SQLiteRepository: write = r.committer.write
            case let r as PostgresRepository: write = r.committer.write
            default: throw CancellationError()
            }
            let first = SubmissionRecord(kind: .demand, key: "A", owner: "b", tokenName: "t", body: Data("a".utf8))
            // The table refuses an empty key (a CHECK constraint): a failure inside the transaction.
            let bad = SubmissionRecord(kind: .demand, key: "", owner: "b", tokenName: "t", body: Data("x".utf8))
            let last = SubmissionRecord(kind: .demand, key: "C", owner: "b", tokenName: "t", body: Data("c".utf8))
            let over = SubmissionRecord(kind: .demand, key: "D", owner: "b", tokenName: "t", body: Data("d".utf8))
            let results = try await write(
                [(first, nil), (bad, nil), (last, nil), (over, Quota(storedBytes: 1))], Date())
            #expect(results.count == 4)
            #expect((try? results[0].get())?.record.key == "A")
            #expect((try? results[1].get()) == nil)
            #expect((try? results[2].get())?.record.key == "C")
            #expect(throws: QuotaExceeded.self) { try results[3].get() }
            let stored = try await repo.submissions(after: 0, limit: 10)
            #expect(stored.map(\.key) == ["A", "C"])
            // The failed one's bytes were not counted: the token's usage is the two stored bodies.
            let usage = try await repo.submit(
                SubmissionRecord(kind: .demand, key: "E", owner: "b", tokenName: "t", body: Data("e".utf8)),
                quota: Quota(storedBytes: 3))
            #expect(usage.record.key == "E")
        }
    }
}
