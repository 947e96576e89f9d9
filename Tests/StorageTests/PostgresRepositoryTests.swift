import Foundation
import Storage
import Testing

@Suite("PostgreSQL repository: URLs, and writers in two connection pools")
struct PostgresRepositoryTests {
    @Test("a URL that is not postgres:// or names no user is refused with a message; the password is never shown")
    func badURLs() async throws {
        for url in ["mysql://u@127.0.0.1/db", "postgres://127.0.0.1/db", "postgres://u@127.0.0.1/db?sslmode=sometimes"] {
            await #expect(throws: StorageError.self, "\(url)") { _ = try await PostgresRepository.open(url: url) }
        }
        // Nothing listens on port 1: the connection fails, and the message hides the password.
        do {
            _ = try await PostgresRepository.open(url: "postgres://u:s3cr3t@127.0.0.1:1/db", connectWait: .seconds(3))
            Issue.record("expected a connection failure")
        } catch let e as StorageError {
            #expect(!e.description.contains("s3cr3t"))
            #expect(e.description.contains("127.0.0.1:1/db"))
        }
    }

    @Test("two connection pools (as two processes) submit at once: every seq unique, and a reader never sees a seq before a smaller one")
    func twoWriters() async throws {
        let url = try requirePostgresURL()
        let schema = freshSchema()
        let a = try await PostgresRepository.open(url: url, schema: schema, connectWait: .seconds(300))
        let b = try await PostgresRepository.open(url: url, schema: schema, connectWait: .seconds(300))
        let reader = try await PostgresRepository.open(url: url, schema: schema, connectWait: .seconds(300))
        let opened = Opened()
        for r in [a, b, reader] { opened.add(r) }
        defer { Task { await dropSchema(schema, url: url, opened: opened) } }

        let perWriter = 150
        let writers = Task {
            try await withThrowingTaskGroup(of: [Int64].self) { group in
                for (name, repo) in [("a", a), ("b", b)] {
                    for worker in 0..<4 {
                        group.addTask {
                            var seqs: [Int64] = []
                            for i in stride(from: worker, to: perWriter, by: 4) {
                                let r = SubmissionRecord(
                                    kind: .demand, key: "\(name)-\(i)", owner: "body", tokenName: name, body: Data("<\(name)\(i)/>".utf8))
                                guard case .created(let row) = try await repo.submit(r) else { continue }
                                seqs.append(try #require(row.seq))
                            }
                            return seqs
                        }
                    }
                }
                var all: [Int64] = []
                for try await s in group { all += s }
                return all
            }
        }
        // While they write: whatever seq the reader sees as the latest, every smaller one is there
        // (a seq drawn but committed after a larger one would show as a hole here).
        var checks = 0
        var holes = 0
        while true {
            let latest = try await reader.latestSeq()
            let rows = try await reader.submissions(after: 0, limit: 10_000)
            let seen = Set(rows.compactMap(\.seq).filter { $0 <= latest })
            if seen.count != Int(latest) { holes += 1 }
            checks += 1
            if latest >= Int64(2 * perWriter) { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        let seqs = try await writers.value
        #expect(seqs.count == 2 * perWriter)
        #expect(Set(seqs).count == seqs.count, "a seq was handed out twice")
        #expect(Set(seqs) == Set(1...Int64(2 * perWriter)))
        #expect(holes == 0, "\(holes) of \(checks) reads saw a seq before a smaller one was visible")
        let stored = try await reader.submissions(after: 0, limit: 10_000)
        #expect(stored.count == 2 * perWriter)
        #expect(Set(stored.map(\.key)).count == 2 * perWriter)

        // The same demand sent through both pools at once: one row.
        let same = try await withThrowingTaskGroup(of: Int64?.self) { group in
            for i in 0..<10 {
                let repo = i % 2 == 0 ? a : b
                group.addTask {
                    try await repo.submit(SubmissionRecord(kind: .demand, key: "same", owner: "x", tokenName: "t", body: Data("<s/>".utf8)))
                        .record.seq
                }
            }
            var out = Set<Int64?>()
            for try await s in group { out.insert(s) }
            return out
        }
        #expect(same.count == 1)
    }
}
