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

    /// Starts `chanjiao serve --port 0` and waits for its "listening on HOST:PORT" line.
    init(db: String) throws {
        process.executableURL = Self.binary
        process.arguments = ["serve", "--db", db, "--port", "0", "--catalogs", Fixture.catalogs, "--replan-delay-ms", "50"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
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
                            guard let (status, _) = await send(
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

/// Ids that got a 201.
actor Acknowledged {
    private(set) var ids = Set<String>()
    var count: Int { ids.count }
    func add(_ id: String) { ids.insert(id) }
}
