import Foundation
import Storage
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The database URL for PostgreSQL tests (`CHANJIAO_TEST_POSTGRES_URL`; `.ci/run` starts a server
/// and sets it), and the same in a fresh schema (`db`). Outside CI a missing URL skips the test with
/// a printed reason; under `CI=true` it fails.
func testPostgresURLInFreshSchema() throws -> (db: String, url: String, schema: String) {
    let url = ProcessInfo.processInfo.environment["CHANJIAO_TEST_POSTGRES_URL"] ?? ""
    if url.isEmpty {
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("CHANJIAO_TEST_POSTGRES_URL is not set, and CI=true requires the PostgreSQL tests")
            throw CancellationError()
        }
        let reason = "PostgreSQL tests skipped: CHANJIAO_TEST_POSTGRES_URL is not set"
        FileHandle.standardError.write(Data((reason + "\n").utf8))
        try Test.cancel(Comment(rawValue: reason))
    }
    let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    return (url + (url.contains("?") ? "&" : "?") + "schema=" + schema, url, schema)
}

/// Receipts acknowledged with a 201: id → seq. An id acknowledged again with the same seq is a
/// replay; with another seq, a duplicate (the id was stored twice).
actor Receipts {
    private(set) var seqs: [String: Int64] = [:]
    private(set) var duplicates = 0
    private(set) var replays = 0
    func add(_ id: String, seq: Int64) {
        if let known = seqs[id] {
            if known == seq { replays += 1 } else { duplicates += 1 }
        }
        seqs[id] = seq
    }
    var count: Int { seqs.count }
}

@Suite("Two server processes on one PostgreSQL", .serialized)
struct PostgresServerTests {
    @Test(
        "both accept submissions at once: no receipt lost or duplicated; SIGKILL of one loses nothing acknowledged; each plans the other's")
    func twoProcesses() async throws {
        let (db, url, schema) = try testPostgresURLInFreshSchema()
        // The processes are gone when `twoProcesses(db:)` returns; then the schema is dropped.
        do {
            try await twoProcesses(db: db)
        } catch {
            try? await PostgresRepository.dropSchema(schema, url: url)
            throw error
        }
        try await PostgresRepository.dropSchema(schema, url: url)
    }

    func twoProcesses(db: String) async throws {
        let admin = try ServerProcess.run(["token", "issue", "--name", "admin", "--role", "admin", "--db", db])
        #expect(admin.hasPrefix("cjt_"))
        let a = try ServerProcess(db: db)
        let b = try ServerProcess(db: db)
        defer { b.kill9() }
        let bases = [a, b].map { URL(string: "http://127.0.0.1:\($0.port)")! }

        let receipts = Receipts()
        let fromA = Receipts()
        let stop = Flag()
        let killedA = Flag()
        let senders = Task {
            await withTaskGroup(of: Void.self) { group in
                for worker in 0..<6 {
                    let server = worker % 2
                    group.addTask {
                        var i = 0
                        while i < 5_000, !stop.isSet {
                            let id = "P-\(worker)-\(i)"
                            let body = Fixture.demand(id: id, submitter: "任何协会", roles: 2)
                            guard
                                let (status, data) = await send(
                                    bases[server].appendingPathComponent("v1/demand"), method: "POST", token: admin, body: body)
                            else {
                                // No answer: A after its SIGKILL is gone for good; before it (or B), a
                                // slow machine's 30 s request timeout: the same id again (it may have
                                // been stored; then the receipt is the stored one).
                                if server == 0 && killedA.isSet { return }
                                try? await Task.sleep(for: .milliseconds(200))
                                continue
                            }
                            i += 1
                            guard status == 201, let seq = receiptSeq(data) else { continue }
                            await receipts.add(id, seq: seq)
                            if server == 0 { await fromA.add(id, seq: seq) }
                            // Every 10th id is sent again to B: the stored receipt (a replay), or a
                            // duplicate if the other process stored it a second time.
                            if i % 10 == 0,
                                let (again, data) = await send(
                                    bases[1].appendingPathComponent("v1/demand"), method: "POST", token: admin, body: body),
                                again == 201, let seq = receiptSeq(data)
                            {
                                await receipts.add(id, seq: seq)
                            }
                        }
                    }
                }
            }
        }
        // Both accept; then A is killed with requests in flight; B goes on a little.
        let clock = ContinuousClock()
        let started = clock.now
        var deadline = clock.now + .seconds(300)  // a loaded 2-core machine starts slowly
        while await fromA.count < 40, clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        killedA.set()
        a.kill9()
        let atKill = await receipts.count
        deadline = clock.now + .seconds(60)
        while await receipts.count < atKill + 40, clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        stop.set()
        await senders.value
        let stoppedAt = clock.now
        let acked = await receipts.seqs
        let ackedByA = await fromA.seqs
        #expect(await receipts.duplicates == 0)
        #expect(await receipts.replays > 0)
        #expect(ackedByA.count >= 10)
        #expect(acked.count > ackedByA.count)
        // Receipts' seqs are unique across the two processes.
        #expect(Set(acked.values).count == acked.count)

        // B lists every acknowledged submission, with the seq its receipt named, each once.
        let listing = try #require(
            await send(URL(string: "http://127.0.0.1:\(b.port)/v1/submissions?limit=10000")!, method: "GET", token: admin))
        #expect(listing.0 == 200)
        let rows = try #require(try JSONSerialization.jsonObject(with: listing.1) as? [[String: Any]])
        var stored: [String: Int64] = [:]
        var repeated = 0
        for row in rows {
            guard let id = row["id"] as? String, let seq = (row["seq"] as? NSNumber)?.int64Value else { continue }
            if stored[id] != nil { repeated += 1 }
            stored[id] = seq
        }
        #expect(repeated == 0)
        let lost = acked.filter { stored[$0.key] != $0.value }
        #expect(lost.isEmpty, "acknowledged but not stored as acknowledged: \(lost.prefix(5))")

        // B plans everything stored (its own later submissions asked it for recomputes), A's too.
        let highestFromA = ackedByA.values.max() ?? 0
        let highestStored = stored.values.max() ?? 0
        deadline = clock.now + .seconds(240)
        var revision: Int64 = -1
        while clock.now < deadline {
            if let (status, _, headers) = await get(URL(string: "http://127.0.0.1:\(b.port)/v1/plan")!), status == 200,
                let r = headers["Chanjiao-Plan-Revision"].flatMap({ Int64($0) })
            {
                revision = r
                if r >= highestStored { break }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        let planWait = clock.now - stoppedAt
        #expect(revision >= highestFromA, "B's log:\n\(b.log)")
        #expect(revision >= highestStored)
        print(
            "two processes: \(acked.count) acknowledged (\(ackedByA.count) by the killed one), \(rows.count) stored, "
                + "B planned revision \(revision); sending took \(stoppedAt - started), B's plan of it \(planWait) more"
        )

        // A restarted sees everything too.
        let again = try ServerProcess(db: db)
        defer { again.kill9() }
        let relisted = try #require(
            await send(URL(string: "http://127.0.0.1:\(again.port)/v1/submissions?limit=10000")!, method: "GET", token: admin))
        let rows2 = try #require(try JSONSerialization.jsonObject(with: relisted.1) as? [[String: Any]])
        #expect(rows2.count == rows.count)

        // Submissions to the restarted process only: B is told of none, so only its polling of the
        // store's latest seq brings its plan to them.
        var highestFromAgain: Int64 = 0
        for n in 0..<3 {
            let r = await send(
                URL(string: "http://127.0.0.1:\(again.port)/v1/demand")!, method: "POST", token: admin,
                body: Fixture.demand(id: "P-again-\(n)", submitter: "任何协会"))
            #expect(r?.0 == 201)
            highestFromAgain = max(highestFromAgain, r.flatMap { receiptSeq($0.1) } ?? 0)
        }
        #expect(highestFromAgain > revision)
        deadline = clock.now + .seconds(240)
        var polled: Int64 = -1
        while clock.now < deadline {
            if let (status, _, headers) = await get(URL(string: "http://127.0.0.1:\(b.port)/v1/plan")!), status == 200,
                let r = headers["Chanjiao-Plan-Revision"].flatMap({ Int64($0) })
            {
                polled = r
                if r >= highestFromAgain { break }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(polled >= highestFromAgain, "B did not plan what only the restarted process accepted")
    }
}

/// The `seq` of a JSON receipt.
func receiptSeq(_ data: Data) -> Int64? {
    ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any]).flatMap { ($0["seq"] as? NSNumber)?.int64Value }
}

/// A GET with its status, body and the plan's revision and ETag headers; nil when the connection failed.
func get(_ url: URL) async -> (Int, Data, [String: String])? {
    var request = URLRequest(url: url)
    request.timeoutInterval = 30
    guard let (data, response) = try? await URLSession.shared.data(for: request), let http = response as? HTTPURLResponse
    else { return nil }
    var headers: [String: String] = [:]
    for name in ["Chanjiao-Plan-Revision", "ETag"] { headers[name] = http.value(forHTTPHeaderField: name) }
    return (http.statusCode, data, headers)
}

/// A flag set once, read by many tasks.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
