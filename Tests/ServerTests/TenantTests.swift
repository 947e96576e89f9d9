import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Storage
import Testing

/// A repository whose writes fail while `failing` is set (the rest goes to the SQLite one); it
/// counts the planner's reads of the latest `seq` and the plan revisions saved.
final class FailingWrites: Repository, @unchecked Sendable {
    let inner: SQLiteRepository
    private let lock = NSLock()
    private var _failing = false
    private var _latestSeqReads = 0
    private var _savedRevisions: [Int64] = []
    var failing: Bool {
        get { lock.withLock { _failing } }
        set { lock.withLock { _failing = newValue } }
    }
    /// How many times `latestSeq()` was called.
    var latestSeqReads: Int { lock.withLock { _latestSeqReads } }
    /// The revision of every `savePlan`, in order.
    var savedRevisions: [Int64] { lock.withLock { _savedRevisions } }
    init(_ inner: SQLiteRepository) { self.inner = inner }

    struct DiskFull: Error, CustomStringConvertible {
        var description: String { "SQLite error 13: database or disk is full - while executing `INSERT INTO submission`" }
    }

    func submit(_ submission: SubmissionRecord, quota: Quota?) async throws -> SubmissionOutcome {
        if failing { throw DiskFull() }
        return try await inner.submit(submission, quota: quota)
    }
    func withdraw(kind: SubmissionKind, owner: String, key: String, tokenName: String, at: Date) async throws -> WithdrawOutcome {
        if failing { throw DiskFull() }
        return try await inner.withdraw(kind: kind, owner: owner, key: key, tokenName: tokenName, at: at)
    }
    func submissions(after: Int64, limit: Int, owner: String?) async throws -> [SubmissionRecord] {
        if failing { throw DiskFull() }
        return try await inner.submissions(after: after, limit: limit, owner: owner)
    }
    func submission(seq: Int64) async throws -> SubmissionRecord? {
        if failing { throw DiskFull() }
        return try await inner.submission(seq: seq)
    }
    func demandRevised(after: Int64, through: Int64) async throws -> Bool {
        try await inner.demandRevised(after: after, through: through)
    }
    func planInputs(through: Int64) async throws -> [SubmissionRecord] { try await inner.planInputs(through: through) }
    func planInputs(demandAfter: Int64, through: Int64) async throws -> [SubmissionRecord] {
        try await inner.planInputs(demandAfter: demandAfter, through: through)
    }
    func latestSeq() async throws -> Int64 {
        lock.withLock { _latestSeqReads += 1 }
        return try await inner.latestSeq()
    }
    func insertToken(_ token: TokenRecord) async throws -> TokenRecord { try await inner.insertToken(token) }
    func token(secretSHA256: String) async throws -> TokenRecord? { try await inner.token(secretSHA256: secretSHA256) }
    func tokens() async throws -> [TokenRecord] { try await inner.tokens() }
    func revokeToken(name: String) async throws -> Bool { try await inner.revokeToken(name: name) }
    func savePlan(_ plan: PlanRecord) async throws {
        lock.withLock { _savedRevisions.append(plan.revision) }
        try await inner.savePlan(plan)
    }
    func latestPlan() async throws -> PlanRecord? { try await inner.latestPlan() }
}

extension TestResponse {
    var object: [String: Any] { ((try? json()) as? [String: Any]) ?? [:] }
}

@Suite("Tenants are isolated; demand is replaced and withdrawn; quotas")
struct TenantTests {
    static func post(_ client: any TestClientProtocol, _ token: String, _ body: String, key: String? = nil, college: String? = nil)
        async throws -> TestResponse
    {
        let h = Fixture.headers(token: token, idempotencyKey: key)
        let uri = college.map { "/v1/colleges/\($0)/programs" } ?? "/v1/demand"
        return try await client.execute(uri: uri, method: .post, headers: h, body: Fixture.buffer(body))
    }

    @Test("one college's Idempotency-Key does not block another's; another body's demand id neither blocks nor replaces")
    func isolation() async throws {
        try await Fixture.withApp { client, tokens, repo in
            let a = try await Self.post(client, tokens.college, Fixture.programs(), key: "2026-spring", college: "CQS01")
            #expect(a.status == .created)
            let b = try await Self.post(
                client, tokens.otherCollege, Fixture.programs(college: "CQS02"), key: "2026-spring", college: "CQS02")
            #expect(b.status == .created, "\(b.text)")
            #expect(b.headers[HTTPFields.Element.Name("Idempotent-Replayed")!] == nil)
            #expect(b.object["owner"] as? String == "CQS02")

            // "Evil Corp" (another industry token) takes the id first; the real owner still gets it.
            let squat = try await Self.post(
                client, tokens.otherIndustry, Fixture.demand(id: "CQ-c33618-auto-nev", submitter: "别的协会", roles: 1))
            #expect(squat.status == .created)
            let real = try await Self.post(client, tokens.industry, Fixture.demand(id: "CQ-c33618-auto-nev"))
            #expect(real.status == .created, "\(real.text)")
            #expect(real.object["revision"] as? Int == 1)
            #expect(real.object["owner"] as? String == Fixture.body)
            // The squatter sending again replaces only its own.
            let again = try await Self.post(
                client, tokens.otherIndustry, Fixture.demand(id: "CQ-c33618-auto-nev", submitter: "别的协会", roles: 3))
            #expect(again.status == .created)
            #expect(again.object["revision"] as? Int == 2)
            let inputs = try await repo.planInputs(through: 10)
            #expect(inputs.filter { $0.kind == .demand }.map(\.owner).sorted() == ["别的协会", Fixture.body].sorted())
            #expect(inputs.filter { $0.owner == Fixture.body }.map(\.revision) == [1])
        }
    }

    @Test("an owner replaces its demand and withdraws it; the plan follows; the audit keeps who, when and which revision")
    func replaceAndWithdraw() async throws {
        try await Fixture.withApp { client, tokens, _ in
            _ = try await waitForPlan(client, revision: 0)
            let first = try await Self.post(client, tokens.industry, Fixture.demand(id: "T-R1", roles: 1))
            #expect(first.status == .created)
            _ = try await waitForPlan(client, revision: 1)
            var page = try await client.execute(uri: "/clusters/\(Fixture.cluster)", method: .get)
            #expect(page.text.contains("T-R1/R1"))
            #expect(!page.text.contains("T-R1/R3"))

            let replaced = try await Self.post(client, tokens.industry, Fixture.demand(id: "T-R1", roles: 3))
            #expect(replaced.status == .created)
            #expect(replaced.object["revision"] as? Int == 2)
            _ = try await waitForPlan(client, revision: 2)
            page = try await client.execute(uri: "/clusters/\(Fixture.cluster)", method: .get)
            #expect(page.text.contains("T-R1/R3"))
            // The plan's inputs hold the second revision only.
            let plan = try await client.execute(uri: "/v1/plan", method: .get)
            #expect(plan.text.contains("\"demand-2.xml\""))
            #expect(!plan.text.contains("\"demand-1.xml\""))

            // Another body cannot withdraw it (its own T-R1 does not exist); a college token may not.
            let notTheirs = try await client.execute(
                uri: "/v1/demand/T-R1", method: .delete, headers: Fixture.headers(token: tokens.otherIndustry))
            #expect(notTheirs.status == .notFound)
            let college = try await client.execute(
                uri: "/v1/demand/T-R1", method: .delete, headers: Fixture.headers(token: tokens.college))
            #expect(college.status == .forbidden)

            let gone = try await client.execute(
                uri: "/v1/demand/T-R1", method: .delete, headers: Fixture.headers(token: tokens.industry))
            #expect(gone.status == .ok, "\(gone.text)")
            #expect(gone.object["revision"] as? Int == 3)
            #expect(gone.object["withdrawn"] as? Bool == true)
            _ = try await waitForPlan(client, revision: 3)
            page = try await client.execute(uri: "/clusters/\(Fixture.cluster)", method: .get)
            #expect(!page.text.contains("T-R1/"))
            let twice = try await client.execute(
                uri: "/v1/demand/T-R1", method: .delete, headers: Fixture.headers(token: tokens.industry))
            #expect(twice.status == .notFound)

            let audit = try await client.execute(uri: "/v1/submissions", method: .get, headers: Fixture.headers(token: tokens.industry))
            let rows = try #require(try audit.json() as? [[String: Any]])
            #expect(rows.map { $0["revision"] as? Int } == [1, 2, 3])
            #expect(rows.map { $0["withdrawn"] as? Bool } == [false, false, true])
            #expect(rows.allSatisfy { $0["token"] as? String == "industry" && $0["receivedAt"] is String })
        }
    }

    @Test("a college replaces its programs (each upload a new revision, the plan uses the latest) and withdraws them; audited")
    func replaceAndWithdrawPrograms() async throws {
        try await Fixture.withApp { client, tokens, _ in
            let first = try await Self.post(client, tokens.college, Fixture.programs(enrolment: 105), college: Fixture.college)
            #expect(first.status == .created)
            #expect(first.object["revision"] as? Int == 1)
            let second = try await Self.post(client, tokens.college, Fixture.programs(enrolment: 90), college: Fixture.college)
            #expect(second.status == .created)
            #expect(second.object["revision"] as? Int == 2)
            _ = try await waitForPlan(client, revision: 2)
            var plan = try await client.execute(uri: "/v1/plan", method: .get)
            #expect(plan.text.contains("\"programs-2.xml\""))
            #expect(!plan.text.contains("\"programs-1.xml\""))

            // Another college, an industry body and an anonymous client cannot withdraw them.
            let uri = "/v1/colleges/\(Fixture.college)/programs"
            let other = try await client.execute(uri: uri, method: .delete, headers: Fixture.headers(token: tokens.otherCollege))
            #expect(other.status == .forbidden)
            #expect(
                other.object["error"] as? String
                    == "token 'other-college' cannot withdraw programs for college '\(Fixture.college)': it acts for 'CQS02'")
            let industry = try await client.execute(uri: uri, method: .delete, headers: Fixture.headers(token: tokens.industry))
            #expect(industry.status == .forbidden)
            #expect(industry.object["error"] as? String == "an industry token cannot withdraw programs")
            let anonymous = try await client.execute(uri: uri, method: .delete)
            #expect(anonymous.status == .unauthorized)

            let gone = try await client.execute(uri: uri, method: .delete, headers: Fixture.headers(token: tokens.college))
            #expect(gone.status == .ok, "\(gone.text)")
            #expect(gone.object["revision"] as? Int == 3)
            #expect(gone.object["withdrawn"] as? Bool == true)
            #expect(gone.headers[.location] == "/v1/submissions/3")
            _ = try await waitForPlan(client, revision: 3)
            plan = try await client.execute(uri: "/v1/plan", method: .get)
            #expect(!plan.text.contains("\"programs-"))
            let twice = try await client.execute(uri: uri, method: .delete, headers: Fixture.headers(token: tokens.college))
            #expect(twice.status == .notFound)

            // Uploaded again (a fresh upload, no key): the next revision, planned again.
            let back = try await Self.post(client, tokens.college, Fixture.programs(enrolment: 80), college: Fixture.college)
            #expect(back.object["revision"] as? Int == 4)
            _ = try await waitForPlan(client, revision: 4)
            plan = try await client.execute(uri: "/v1/plan", method: .get)
            #expect(plan.text.contains("\"programs-4.xml\""))

            let audit = try await client.execute(uri: "/v1/submissions", method: .get, headers: Fixture.headers(token: tokens.college))
            let rows = try #require(try audit.json() as? [[String: Any]])
            #expect(rows.map { $0["revision"] as? Int } == [1, 2, 3, 4])
            #expect(rows.map { $0["withdrawn"] as? Bool } == [false, false, true, false])
            #expect(rows.allSatisfy { $0["token"] as? String == "college" && $0["receivedAt"] is String })
            // An admin withdraws for a college; the audit names the admin's token.
            let byAdmin = try await client.execute(uri: uri, method: .delete, headers: Fixture.headers(token: tokens.admin))
            #expect(byAdmin.status == .ok)
            let row = try await client.execute(uri: "/v1/submissions/5", method: .get, headers: Fixture.headers(token: tokens.college))
            #expect(row.object["token"] as? String == "admin")
            #expect(row.object["revision"] as? Int == 5)
        }
    }

    @Test("GET /v1/submissions/{seq}, where the 201's Location points: the submitter's own, or an admin's")
    func readBack() async throws {
        try await Fixture.withApp { client, tokens, _ in
            let body = Fixture.demand(id: "T-G1")
            let r = try await Self.post(client, tokens.industry, body)
            let location = try #require(r.headers[.location])
            #expect(location == "/v1/submissions/1")
            let own = try await client.execute(uri: location, method: .get, headers: Fixture.headers(token: tokens.industry))
            #expect(own.status == .ok)
            #expect(own.object["id"] as? String == "T-G1")
            #expect(own.object["bytes"] as? Int == body.utf8.count)
            let xml = try await client.execute(uri: location + "/body", method: .get, headers: Fixture.headers(token: tokens.industry))
            #expect(xml.status == .ok)
            #expect(xml.text == body)
            #expect(xml.headers[.contentType]?.hasPrefix("application/xml") == true)
            let admin = try await client.execute(uri: location, method: .get, headers: Fixture.headers(token: tokens.admin))
            #expect(admin.status == .ok)
            for token in [tokens.otherIndustry, tokens.college] {
                let other = try await client.execute(uri: location, method: .get, headers: Fixture.headers(token: token))
                #expect(other.status == .notFound)
                #expect(!other.text.contains("T-G1"))
            }
            let anonymous = try await client.execute(uri: location, method: .get)
            #expect(anonymous.status == .unauthorized)
            let missing = try await client.execute(uri: "/v1/submissions/99", method: .get, headers: Fixture.headers(token: tokens.admin))
            #expect(missing.status == .notFound)
        }
    }

    @Test("quotas per token: 429 with Retry-After past the hourly count or the stored bytes; admin is not bound")
    func quotas() async throws {
        try await Fixture.withApp(quota: Quota(submissionsPerHour: 2, storedBytes: 1 << 20)) { client, tokens, repo in
            let start = Date()
            for i in 0..<2 {
                let r = try await Self.post(client, tokens.industry, Fixture.demand(id: "T-Q\(i)"))
                #expect(r.status == .created)
            }
            // A replay of a stored one is free.
            let replay = try await Self.post(client, tokens.industry, Fixture.demand(id: "T-Q0"))
            #expect(replay.status == .created)
            let over = try await Self.post(client, tokens.industry, Fixture.demand(id: "T-Q2"))
            #expect(over.status == .tooManyRequests)
            let wait = try #require(over.headers[.retryAfter].flatMap(Int.init))
            #expect((1...3600).contains(wait))
            // No sooner than an hour after the first submission, which was stored after `start`.
            let elapsed = Int(Date().timeIntervalSince(start).rounded(.up))
            #expect(wait >= 3600 - elapsed - 1, "Retry-After \(wait) after \(elapsed) s")
            #expect(over.object["quota"] as? String == "submissions-per-hour")
            // Other tokens have their own count; admin has none.
            let other = try await Self.post(client, tokens.otherIndustry, Fixture.demand(id: "T-Q2", submitter: "别的协会"))
            #expect(other.status == .created)
            for i in 0..<3 {
                let a = try await Self.post(client, tokens.admin, Fixture.demand(id: "T-A\(i)", submitter: "任何协会"))
                #expect(a.status == .created)
            }
            #expect(try await repo.latestSeq() == 6)
        }
        try await Fixture.withApp(quota: Quota(submissionsPerHour: 100, storedBytes: 3000)) { client, tokens, _ in
            let small = Fixture.demand(id: "T-B1", roles: 1)
            #expect(small.utf8.count < 1500)
            let a = try await Self.post(client, tokens.industry, small)
            #expect(a.status == .created)
            let big = try await Self.post(client, tokens.industry, Fixture.demand(id: "T-B2", roles: 10))
            #expect(big.status == .tooManyRequests)
            #expect(big.object["quota"] as? String == "stored-bytes")
            #expect(big.headers[.retryAfter] != nil)
        }
    }

    @Test(
        "a failing store: 503 write-failed (reads: database-unavailable) without the database's text, /healthz 503 until a write succeeds")
    func writeFailure() async throws {
        let holder = Holder()
        try await Fixture.withApp(wrap: holder.wrap) { client, tokens, _ in
            let failing = try #require(holder.value)
            failing.failing = true
            let r = try await Self.post(client, tokens.industry, Fixture.demand(id: "T-W1"))
            #expect(r.status == .serviceUnavailable)
            #expect(!r.text.contains("SQLite"))
            #expect(!r.text.contains("disk is full"))
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .serviceUnavailable)
            #expect(health.object["status"] as? String == "write-failed")
            #expect(!health.text.contains("SQLite"))
            // Reads of the store that fail: 503 with a short code, nothing of the database's text.
            for uri in ["/v1/submissions", "/v1/submissions/1"] {
                let read = try await client.execute(uri: uri, method: .get, headers: Fixture.headers(token: tokens.admin))
                #expect(read.status == .serviceUnavailable, "\(uri)")
                #expect(read.object["error"] as? String == "database-unavailable: retry later")
                #expect(!read.text.contains("SQLite"))
            }
            failing.failing = false
            let ok = try await Self.post(client, tokens.industry, Fixture.demand(id: "T-W1"))
            #expect(ok.status == .created)
            let healthy = try await client.execute(uri: "/healthz", method: .get)
            #expect(healthy.status == .ok)
            #expect(healthy.object["status"] as? String == "ok")
        }
    }
}

/// Hands a value built inside a closure back to the test.
final class Holder: @unchecked Sendable {
    private let lock = NSLock()
    private var _value: FailingWrites?
    var value: FailingWrites? {
        get { lock.withLock { _value } }
        set { lock.withLock { _value = newValue } }
    }

    /// Wraps the app's repository in `FailingWrites` and keeps the wrapper (`withApp`'s `wrap`).
    func wrap(_ repo: SQLiteRepository) -> any Repository {
        let f = FailingWrites(repo)
        value = f
        return f
    }
}
