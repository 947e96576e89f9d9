import Foundation
import Storage
import Testing

func tempDatabase() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("chanjiao-storage-\(UUID().uuidString).sqlite").path
}

@Suite("Repositories: SQLite, and PostgreSQL when CHANJIAO_TEST_POSTGRES_URL is set")
struct SQLiteRepositoryTests {
    @Test("WAL journal and synchronous=FULL")
    func durability() throws {
        let repo = try SQLiteRepository(path: tempDatabase())
        let d = try repo.durability()
        #expect(d.journalMode == "wal")
        #expect(d.synchronous == 2)
    }

    @Test(
        "a submission is stored once per kind, owner and key; a re-send returns it; another owner's key is its own",
        arguments: Backend.allCases)
    func idempotent(backend: Backend) async throws {
        try await withRepository(backend) { repo, _ in
            let first = SubmissionRecord(kind: .demand, key: "D1", owner: "body", tokenName: "t", body: Data("<a/>".utf8))
            let a = try await repo.submit(first)
            guard case .created(let created) = a else {
                Issue.record("expected created")
                return
            }
            #expect(created.seq == 1)
            #expect(created.revision == 1)
            let replay = try await repo.submit(
                SubmissionRecord(kind: .demand, key: "D1", owner: "body", tokenName: "t", body: Data("<a/>".utf8)))
            #expect(replay == .existing(created))
            // Another owner with the same id: its own submission, which neither blocks nor replaces the first.
            let other = SubmissionRecord(kind: .demand, key: "D1", owner: "other", tokenName: "t2", body: Data("<b/>".utf8))
            guard case .created(let second) = try await repo.submit(other) else {
                Issue.record("expected created for another owner")
                return
            }
            #expect(second.seq == 2)
            #expect(second.revision == 1)
            // Same key, other kind: a different submission.
            let programs = SubmissionRecord(kind: .programs, key: "D1", owner: "C1", tokenName: "t", body: Data("<c/>".utf8))
            #expect(try await repo.submit(programs).record.seq == 3)
            #expect(try await repo.latestSeq() == 3)
            #expect(try await repo.submissions(after: 0, limit: 10).map(\.key) == ["D1", "D1", "D1"])
            #expect(try await repo.submissions(after: 1, limit: 10).map(\.seq) == [2, 3])
            #expect(try await repo.submissions(after: 0, limit: 10, owner: "other").map(\.seq) == [2])
            #expect(try await repo.submission(seq: 2)?.owner == "other")
            #expect(try await repo.submission(seq: 9) == nil)
            // A programs key reused by the same college for another body is not a new revision.
            let reuse = SubmissionRecord(kind: .programs, key: "D1", owner: "C1", tokenName: "t", body: Data("<d/>".utf8))
            #expect(try await repo.submit(reuse) == .existing(try #require(try await repo.submission(seq: 3))))
        }
    }

    @Test("an owner replaces its demand (a new revision) and withdraws it; the plan inputs follow the latest", arguments: Backend.allCases)
    func replaceAndWithdraw(backend: Backend) async throws {
        try await withRepository(backend) { repo, _ in
            func put(_ key: String, _ owner: String, _ body: String) async throws -> SubmissionOutcome {
                try await repo.submit(
                    SubmissionRecord(kind: .demand, key: key, owner: owner, tokenName: "tok-\(owner)", body: Data(body.utf8)))
            }
            _ = try await put("D1", "b1", "v1")
            _ = try await put("D1", "b2", "theirs")
            #expect(try await repo.demandRevised(after: 0, through: 2) == false)
            guard case .created(let r2) = try await put("D1", "b1", "v2") else {
                Issue.record("expected a new revision")
                return
            }
            #expect(r2.revision == 2)
            #expect(r2.seq == 3)
            #expect(try await repo.demandRevised(after: 2, through: 3))
            #expect(try await repo.planInputs(through: 3).map { String(decoding: $0.body, as: UTF8.self) } == ["theirs", "v2"])
            // Up to seq 2 the first revision was the latest.
            #expect(try await repo.planInputs(through: 2).map { String(decoding: $0.body, as: UTF8.self) } == ["v1", "theirs"])

            let at = Date(timeIntervalSince1970: 1_800_000_000)
            guard case .withdrawn(let w) = try await repo.withdraw(kind: .demand, owner: "b1", key: "D1", tokenName: "admin", at: at)
            else {
                Issue.record("expected withdrawn")
                return
            }
            #expect(w.revision == 3)
            #expect(w.withdrawn)
            #expect(w.tokenName == "admin")
            #expect(w.receivedAt == at)
            #expect(w.body.isEmpty)
            #expect(try await repo.planInputs(through: 4).map { String(decoding: $0.body, as: UTF8.self) } == ["theirs"])
            #expect(try await repo.withdraw(kind: .demand, owner: "b1", key: "D1", tokenName: "admin", at: at) == .notFound)
            #expect(try await repo.withdraw(kind: .demand, owner: "b3", key: "D1", tokenName: "admin", at: at) == .notFound)
            // The audit trail: who, when, which revision.
            let trail = try await repo.submissions(after: 0, limit: 10, owner: "b1")
            #expect(trail.map(\.revision) == [1, 2, 3])
            #expect(trail.map(\.withdrawn) == [false, false, true])
            #expect(trail.map(\.tokenName) == ["tok-b1", "tok-b1", "admin"])
            // Sent again after the withdrawal: a new revision, planned again.
            guard case .created(let back) = try await put("D1", "b1", "v2") else {
                Issue.record("expected created after withdrawal")
                return
            }
            #expect(back.revision == 4)
            #expect(try await repo.planInputs(through: 5).map { String(decoding: $0.body, as: UTF8.self) } == ["theirs", "v2"])
        }
    }

    @Test(
        "a college's programs: each upload is the next revision, the plan takes the latest, a withdrawal drops them",
        arguments: Backend.allCases)
    func programsRevisions(backend: Backend) async throws {
        try await withRepository(backend) { repo, _ in
            func upload(_ key: String, _ owner: String, _ body: String) async throws -> SubmissionOutcome {
                try await repo.submit(
                    SubmissionRecord(kind: .programs, key: key, owner: owner, tokenName: "tok-\(owner)", body: Data(body.utf8)))
            }
            #expect(try await upload("k1", "C1", "a").record.revision == 1)
            #expect(try await upload("k1", "C2", "theirs").record.revision == 1)
            // Another key, another body: the college's next revision, which replaces the first in the plan.
            guard case .created(let second) = try await upload("k2", "C1", "b") else {
                Issue.record("expected a new revision")
                return
            }
            #expect(second.revision == 2)
            #expect(try await repo.planInputs(through: 3).map { String(decoding: $0.body, as: UTF8.self) } == ["theirs", "b"])
            // A retry of the first upload (its key and body) is that upload's receipt, not a third revision.
            #expect(try await upload("k1", "C1", "a").record.seq == 1)

            let at = Date(timeIntervalSince1970: 1_800_000_000)
            guard case .withdrawn(let w) = try await repo.withdraw(kind: .programs, owner: "C1", key: "w1", tokenName: "tok-C1", at: at)
            else {
                Issue.record("expected withdrawn")
                return
            }
            #expect(w.revision == 3)
            #expect(w.withdrawn && w.body.isEmpty && w.receivedAt == at && w.tokenName == "tok-C1")
            #expect(try await repo.planInputs(through: 4).map { String(decoding: $0.body, as: UTF8.self) } == ["theirs"])
            #expect(try await repo.withdraw(kind: .programs, owner: "C1", key: "w2", tokenName: "tok-C1", at: at) == .notFound)
            #expect(try await repo.withdraw(kind: .programs, owner: "C9", key: "w3", tokenName: "tok-C9", at: at) == .notFound)
            // Uploaded again: revision 4, planned again.
            #expect(try await upload("k3", "C1", "c").record.revision == 4)
            #expect(try await repo.planInputs(through: 5).map { String(decoding: $0.body, as: UTF8.self) } == ["theirs", "c"])
            let trail = try await repo.submissions(after: 0, limit: 10, owner: "C1")
            #expect(trail.map(\.revision) == [1, 2, 3, 4])
            #expect(trail.map(\.withdrawn) == [false, false, true, false])
        }
    }

    @Test("quotas: submissions per hour and stored bytes per token; replays are free", arguments: Backend.allCases)
    func quotas(backend: Backend) async throws {
        try await withRepository(backend) { repo, _ in
            let quota = Quota(submissionsPerHour: 3, storedBytes: 1000)
            func put(_ key: String, bytes: Int, token: String = "t") async throws -> SubmissionOutcome {
                try await repo.submit(
                    SubmissionRecord(kind: .demand, key: key, owner: "b", tokenName: token, body: Data(repeating: 65, count: bytes)),
                    quota: quota)
            }
            let start = Date()
            for i in 0..<3 { _ = try await put("K\(i)", bytes: 10) }
            // A replay of a stored one is not a new submission.
            if case .created = try await put("K0", bytes: 10) { Issue.record("a replay was stored again") }
            do {
                _ = try await put("K3", bytes: 10)
                Issue.record("expected the hourly quota")
            } catch let e as QuotaExceeded {
                #expect(e.quota == "submissions-per-hour")
                // The oldest of the hour's submissions (stored after `start`) leaves the window an hour
                // after it was stored: no later than in an hour, and no sooner than an hour after
                // `start` (a loaded machine may take minutes to get here).
                let elapsed = Int(Date().timeIntervalSince(start).rounded(.up))
                #expect((1...3600).contains(e.retryAfterSeconds))
                #expect(e.retryAfterSeconds >= 3600 - elapsed - 1, "Retry-After \(e.retryAfterSeconds) after \(elapsed) s")
            }
            // Another token has its own quota; bytes are counted too.
            _ = try await put("B1", bytes: 900, token: "u")
            do {
                _ = try await put("B2", bytes: 200, token: "u")
                Issue.record("expected the bytes quota")
            } catch let e as QuotaExceeded {
                #expect(e.quota == "stored-bytes")
                #expect(e.limit == 1000)
            }
            #expect(try await repo.latestSeq() == 4)
        }
    }

    @Test("concurrent re-sends create one row", arguments: Backend.allCases)
    func concurrent(backend: Backend) async throws {
        try await withRepository(backend) { repo, _ in
            let seqs = try await withThrowingTaskGroup(of: Int64?.self) { group in
                for i in 0..<20 {
                    group.addTask {
                        let r = SubmissionRecord(
                            kind: .demand, key: "same", owner: "b", tokenName: "t\(i)", body: Data("<x/>".utf8))
                        return try await repo.submit(r).record.seq
                    }
                }
                var out = Set<Int64?>()
                for try await s in group { out.insert(s) }
                return out
            }
            #expect(seqs == [1])
            #expect(try await repo.submissions(after: 0, limit: 100).count == 1)
        }
    }

    @Test("group commit: 300 concurrent submissions, each stored once, each acknowledged after its commit", arguments: Backend.allCases)
    func groupCommit(backend: Backend) async throws {
        try await withRepository(backend) { repo, reopen in
            let outcomes = try await withThrowingTaskGroup(of: SubmissionOutcome.self) { group in
                for i in 0..<300 {
                    group.addTask {
                        try await repo.submit(
                            SubmissionRecord(
                                kind: .demand, key: "K\(i % 250)", owner: "b", tokenName: "t", body: Data("<d/>".utf8)))
                    }
                }
                var out: [SubmissionOutcome] = []
                for try await o in group { out.append(o) }
                return out
            }
            let created = outcomes.filter { if case .created = $0 { true } else { false } }
            #expect(created.count == 250)
            #expect(Set(outcomes.compactMap(\.record.seq)).count == 250)
            // What was acknowledged is stored, as another connection sees it.
            let reopened = try await reopen()
            #expect(try await reopened.submissions(after: 0, limit: 1000).count == 250)
        }
    }

    @Test("tokens: listed with their revocation, revoked by name", arguments: Backend.allCases)
    func listAndRevoke(backend: Backend) async throws {
        try await withRepository(backend) { repo, _ in
            _ = try await repo.insertToken(TokenRecord(name: "a", role: .admin, scope: nil, secretSHA256: SHA256.hex("sa")))
            _ = try await repo.insertToken(TokenRecord(name: "c", role: .college, scope: "CQS01", secretSHA256: SHA256.hex("sc")))
            #expect(try await repo.revokeToken(name: "c"))
            #expect(try await repo.revokeToken(name: "c") == false)
            #expect(try await repo.revokeToken(name: "nobody") == false)
            let all = try await repo.tokens()
            #expect(all.map(\.name) == ["a", "c"])
            #expect(all.map(\.revoked) == [false, true])
            #expect(try await repo.token(secretSHA256: SHA256.hex("sc")) == nil)
            #expect(try await repo.tokens().count == 2)
        }
    }

    @Test("plan inputs: all demand, and the latest programs per college", arguments: Backend.allCases)
    func planInputs(backend: Backend) async throws {
        try await withRepository(backend) { repo, _ in
            func put(_ kind: SubmissionKind, _ key: String, _ owner: String) async throws {
                _ = try await repo.submit(
                    SubmissionRecord(kind: kind, key: key, owner: owner, tokenName: "t", body: Data(key.utf8)))
            }
            try await put(.demand, "D1", "b1")
            try await put(.programs, "P1", "C1")
            try await put(.programs, "P2", "C2")
            try await put(.demand, "D2", "b2")
            try await put(.programs, "P3", "C1")
            #expect(try await repo.planInputs(through: 5).map(\.key) == ["D1", "P2", "D2", "P3"])
            #expect(try await repo.planInputs(through: 4).map(\.key) == ["D1", "P1", "P2", "D2"])
            // Only the demand after a seq (the planner's increment); programs as before.
            #expect(try await repo.planInputs(demandAfter: 1, through: 5).map(\.key) == ["P2", "D2", "P3"])
            #expect(try await repo.planInputs(demandAfter: 4, through: 5).map(\.key) == ["P2", "P3"])
            #expect(try await repo.planInputs(demandAfter: 0, through: 4).map(\.key) == ["D1", "P1", "P2", "D2"])
        }
    }

    @Test("tokens: found by hash, names unique, revoked ones ignored", arguments: Backend.allCases)
    func tokens(backend: Backend) async throws {
        try await withRepository(backend) { repo, _ in
            let secret = TokenRecord.newSecret()
            #expect(secret.hasPrefix("cjt_") && secret.count == 68)
            let hash = SHA256.hex(secret)
            let t = try await repo.insertToken(TokenRecord(name: "a", role: .industry, scope: "Body", secretSHA256: hash))
            #expect(t.id != nil)
            #expect(try await repo.token(secretSHA256: hash)?.scope == "Body")
            #expect(try await repo.token(secretSHA256: SHA256.hex("nope")) == nil)
            await #expect(throws: (any Error).self) {
                _ = try await repo.insertToken(
                    TokenRecord(name: "a", role: .admin, scope: nil, secretSHA256: SHA256.hex("other")))
            }
            // The schema refuses an admin with a scope, and a scoped role without one.
            await #expect(throws: (any Error).self) {
                _ = try await repo.insertToken(
                    TokenRecord(name: "b", role: .college, scope: nil, secretSHA256: SHA256.hex("x")))
            }
            let revoked = TokenRecord(name: "c", role: .admin, scope: nil, secretSHA256: SHA256.hex("r"), revoked: true)
            _ = try await repo.insertToken(revoked)
            #expect(try await repo.token(secretSHA256: SHA256.hex("r")) == nil)
        }
    }

    @Test("the plan is replaced, and survives reopening", arguments: Backend.allCases)
    func plan(backend: Backend) async throws {
        try await withRepository(backend) { repo, reopen in
            #expect(try await repo.latestPlan() == nil)
            try await repo.savePlan(PlanRecord(revision: 1, json: Data("{}".utf8)))
            try await repo.savePlan(PlanRecord(revision: 3, json: Data("{\"a\":1}".utf8)))
            let reopened = try await reopen()
            let p = try await reopened.latestPlan()
            #expect(p?.revision == 3)
            #expect(p.map { String(decoding: $0.json, as: UTF8.self) } == "{\"a\":1}")
        }
    }

    @Test("the stored plan never goes back: a lower revision is ignored, the same one not rewritten", arguments: Backend.allCases)
    func planKeepsHighest(backend: Backend) async throws {
        try await withRepository(backend) { repo, _ in
            try await repo.savePlan(PlanRecord(revision: 3, json: Data("three".utf8)))
            try await repo.savePlan(PlanRecord(revision: 2, json: Data("two".utf8)))
            #expect(try await repo.latestPlan()?.revision == 3)
            try await repo.savePlan(PlanRecord(revision: 3, json: Data("three again".utf8)))
            let p = try await repo.latestPlan()
            #expect(p?.revision == 3)
            #expect(p.map { String(decoding: $0.json, as: UTF8.self) } == "three")
            try await repo.savePlan(PlanRecord(revision: 4, json: Data("four".utf8)))
            #expect(try await repo.latestPlan()?.revision == 4)
        }
    }
}
