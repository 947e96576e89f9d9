import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// The built `chanjiao` binary, started as a child process.
final class ServerProcess: @unchecked Sendable {
    static var binary: URL { BuiltProducts.chanjiao(root: Fixture.root) }

    let process = Process()
    let port: Int
    /// Where the server's standard error (its log) goes.
    let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("chanjiao-serve-\(UUID().uuidString).log")
    /// The server's log so far (shown when a test fails).
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Starts `chanjiao serve --port 0` and waits for its "listening on HOST:PORT" line.
    init(db: String) throws {
        process.executableURL = Self.binary
        process.arguments = ["serve", "--db", db, "--port", "0", "--catalogs", Fixture.catalogs, "--replan-delay-ms", "50"]
        let out = Pipe()
        process.standardOutput = out
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: logFile)
        try process.run()
        var line = ""
        let handle = out.fileHandleForReading
        while !line.contains("\n") {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line += String(decoding: chunk, as: UTF8.self)
        }
        guard let p = line.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile)
        }
        port = p
    }

    deinit { try? FileManager.default.removeItem(at: logFile) }

    func kill9() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    static func run(_ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// One HTTP request over loopback; nil when the connection failed.
func send(_ url: URL, method: String, token: String, body: String? = nil) async -> (Int, Data)? {
    var request = URLRequest(url: url)
    request.httpMethod = method
    request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
    if let body {
        request.setValue("application/xml", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
    }
    request.timeoutInterval = 30
    guard let (data, response) = try? await URLSession.shared.data(for: request), let http = response as? HTTPURLResponse
    else { return nil }
    return (http.statusCode, data)
}

@Suite("Nothing acknowledged is lost", .serialized)
struct CrashTests {
    @Test("SIGKILL mid-stream: every submission that got a 201 is there after a restart")
    func killMidStream() async throws {
        let db = Fixture.tempDB()
        let admin = try ServerProcess.run(["token", "issue", "--name", "admin", "--role", "admin", "--db", db])
        #expect(admin.hasPrefix("cjt_"))
        let server = try ServerProcess(db: db)
        let base = URL(string: "http://127.0.0.1:\(server.port)")!
        let health = await send(base.appendingPathComponent("healthz"), method: "GET", token: admin)
        #expect(health?.0 == 200)

        let acknowledged = Acknowledged()
        let senders = Task {
            await withTaskGroup(of: Void.self) { group in
                for worker in 0..<6 {
                    group.addTask {
                        for i in 0..<10_000 {
                            let id = "K-\(worker)-\(i)"
                            let body = Fixture.demand(id: id, submitter: "任何协会", roles: 5)
                            guard
                                let (status, _) = await send(
                                    base.appendingPathComponent("v1/demand"), method: "POST", token: admin, body: body)
                            else { return }
                            if status == 201 { await acknowledged.add(id) }
                        }
                    }
                }
            }
        }
        // Let submissions flow, then kill the server while requests are in flight. The wait ends at
        // 40 acknowledgements; its deadline only matters on a starved machine (a debug server
        // beside other test processes once managed 18 in 20 s), where fewer suffice.
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(90)
        while await acknowledged.count < 40, clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        server.kill9()
        await senders.value
        let acked = await acknowledged.ids
        #expect(acked.count >= 10)

        let restarted = try ServerProcess(db: db)
        defer { restarted.kill9() }
        let url = URL(string: "http://127.0.0.1:\(restarted.port)/v1/submissions?limit=10000")!
        let listing = try #require(await send(url, method: "GET", token: admin))
        #expect(listing.0 == 200)
        let rows = try #require(try JSONSerialization.jsonObject(with: listing.1) as? [[String: Any]])
        let stored = rows.compactMap { $0["id"] as? String }
        #expect(Set(stored).count == stored.count, "no duplicate rows")
        let missing = acked.subtracting(stored)
        #expect(missing.isEmpty, "acknowledged but lost: \(missing.sorted().prefix(10))")
    }
}

extension CrashTests {
    /// `/healthz` as status and JSON; nil when the server did not answer.
    static func health(_ base: URL, token: String) async -> (Int, [String: Any])? {
        guard let (status, data) = await send(base.appendingPathComponent("healthz"), method: "GET", token: token) else {
            return nil
        }
        return (status, (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:])
    }

    /// Polls `/healthz` until the planner has dealt with `revision` (a plan of it, or a failure
    /// reported for it); nil when the server stopped answering.
    static func settled(_ base: URL, token: String, revision: Int) async throws -> (Int, [String: Any])? {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(180)
        while true {
            guard let h = await health(base, token: token) else { return nil }
            let planned = (h.1["planRevision"] as? Int ?? -1) >= revision && h.0 == 200
            let failed = (h.1["planFailedRevision"] as? Int ?? -1) >= revision
            if planned || failed || clock.now > deadline { return h }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    @Test("the crash demand of issue 16 (2,148 roles of headcount 1,000,000): the server answers, and again after a restart")
    func crashDemand() async throws {
        let db = Fixture.tempDB()
        let token = try ServerProcess.run([
            "token", "issue", "--name", "materials", "--role", "industry", "--body", Fixture.body, "--db", db,
        ])
        #expect(token.hasPrefix("cjt_"))
        let body = Fixture.demand(id: "CQ-CRASH-1", roles: 2_148, headcount: 1_000_000)
        #expect(body.utf8.count > 380_000)

        let server = try ServerProcess(db: db)
        let base = URL(string: "http://127.0.0.1:\(server.port)")!
        _ = try await Self.settled(base, token: token, revision: 0)
        let posted = try #require(await send(base.appendingPathComponent("v1/demand"), method: "POST", token: token, body: body))
        // Accepted and planned without trapping, accepted and refused by the planner's limit, or
        // refused at submission (4xx): the server must be alive in every case.
        #expect(posted.0 == 201 || (400..<500).contains(posted.0), "status \(posted.0)")
        let revision = posted.0 == 201 ? 1 : 0
        let after = try #require(await Self.settled(base, token: token, revision: revision), "the server stopped answering")
        #expect(server.process.isRunning)
        if posted.0 == 201 {
            // Either planned (200, revision 1) or a reported planning failure (503, short code).
            #expect(after.0 == 200 || (after.0 == 503 && after.1["planError"] as? String == "plan-inputs-too-large"))
        }
        let plan = try #require(await send(base.appendingPathComponent("v1/plan"), method: "GET", token: token))
        #expect(plan.0 == 200)
        server.kill9()

        // Planning runs again at start-up over the stored demand.
        let restarted = try ServerProcess(db: db)
        defer { restarted.kill9() }
        let base2 = URL(string: "http://127.0.0.1:\(restarted.port)")!
        let again = try #require(await Self.settled(base2, token: token, revision: revision), "the restarted server stopped answering")
        #expect(again.1["submissions"] as? Int == revision)
        // Let a start-up recompute that could trap run to its end, then ask again.
        try await Task.sleep(for: .seconds(1))
        #expect(restarted.process.isRunning)
        let plan2 = try #require(await send(base2.appendingPathComponent("v1/plan"), method: "GET", token: token))
        #expect(plan2.0 == 200)
        let accepted = try #require(
            await send(
                base2.appendingPathComponent("v1/demand"), method: "POST", token: token,
                body: Fixture.demand(id: "CQ-AFTER-1")))
        #expect(accepted.0 == 201)
    }
}

extension CrashTests {
    @Test("demand accumulated over 215 submissions past Int32.max posts is planned, and again after a restart")
    func accumulatedDemand() async throws {
        let db = Fixture.tempDB()
        let token = try ServerProcess.run([
            "token", "issue", "--name", "materials", "--role", "industry", "--body", Fixture.body, "--db", db,
        ])
        let server = try ServerProcess(db: db)
        let base = URL(string: "http://127.0.0.1:\(server.port)")!
        // Each file at the per-file limit: 10 roles of 1,000,000 posts; 215 files are 2,150,000,000 posts.
        let files = 215
        #expect(files * 10 * 1_000_000 > Int(Int32.max))
        for i in 0..<files {
            let r = try #require(
                await send(
                    base.appendingPathComponent("v1/demand"), method: "POST", token: token,
                    body: Fixture.demand(id: "CQ-SUM-\(i)", roles: 10, headcount: 1_000_000)),
                "the server stopped answering at submission \(i)")
            #expect(r.0 == 201, "submission \(i): \(String(decoding: r.1, as: UTF8.self))")
        }
        let after = try #require(await Self.settled(base, token: token, revision: files), "the server stopped answering")
        #expect(server.process.isRunning)
        #expect(after.0 == 200, "\(after.1)")
        #expect(after.1["planRevision"] as? Int == files)
        server.kill9()

        let restarted = try ServerProcess(db: db)
        defer { restarted.kill9() }
        let base2 = URL(string: "http://127.0.0.1:\(restarted.port)")!
        // The stored plan is served at once; the start-up recompute plans the same demand again.
        let plan = try #require(await send(base2.appendingPathComponent("v1/plan"), method: "GET", token: token))
        #expect(plan.0 == 200)
        // A page needs the recomputed plan (not the stored JSON): wait for it.
        let page = base2.appendingPathComponent("clusters/\(Fixture.cluster)")
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(180)
        var status = 0
        while clock.now < deadline {
            guard let r = await send(page, method: "GET", token: token) else { break }
            status = r.0
            if status == 200 { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(status == 200, "the start-up recompute finished")
        let again = try #require(await Self.health(base2, token: token), "the restarted server stopped answering")
        #expect(restarted.process.isRunning)
        #expect(again.0 == 200, "\(again.1)")
        #expect(again.1["planRevision"] as? Int == files)
    }
}

/// Ids that got a 201.
actor Acknowledged {
    private(set) var ids = Set<String>()
    var count: Int { ids.count }
    func add(_ id: String) { ids.insert(id) }
}
