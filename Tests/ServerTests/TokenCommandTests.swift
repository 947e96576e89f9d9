import Foundation
import TestSupport
import Testing

/// Runs the built `chanjiao` with `arguments`: exit status, stdout, stderr.
func runChanjiao(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
    let r = try BuiltProducts.run(
        arguments, root: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), executable: ServerProcess.binary)
    return (r.status, r.stdout, r.stderr)
}

@Suite("chanjiao token list, revoke, and checked scopes", .serialized)
struct TokenCommandTests {
    @Test("token issue refuses a college id that is not the schema's Id, and a body with control characters")
    func checkedScopes() throws {
        let db = Fixture.tempDB()
        for college in ["../../etc", "", "CQ S01", "-x", String(repeating: "a", count: 65)] {
            let r = try runChanjiao(["token", "issue", "--name", "c", "--role", "college", "--college", college, "--db", db])
            #expect(r.status != 0, "--college '\(college)' was accepted")
            #expect(!r.out.contains("cjt_"))
        }
        let bell = try runChanjiao(["token", "issue", "--name", "b", "--role", "industry", "--body", "协会\u{7}", "--db", db])
        #expect(bell.status != 0)
        let ok = try runChanjiao(["token", "issue", "--name", "c", "--role", "college", "--college", "CQS01-2.x_y", "--db", db])
        #expect(ok.status == 0)
        #expect(ok.out.hasPrefix("cjt_"))
    }

    @Test("token list shows every token without secrets; token revoke stops a running server accepting it")
    func listAndRevoke() async throws {
        let db = Fixture.tempDB()
        let secret = try ServerProcess.run([
            "token", "issue", "--name", "materials", "--role", "industry", "--body", Fixture.body, "--db", db,
        ])
        _ = try ServerProcess.run(["token", "issue", "--name", "gov", "--role", "admin", "--db", db])
        let server = try ServerProcess(db: db)
        defer { server.kill9() }
        let url = URL(string: "http://127.0.0.1:\(server.port)/v1/submissions")!
        #expect(await send(url, method: "GET", token: secret)?.0 == 200)

        let list = try runChanjiao(["token", "list", "--db", db])
        #expect(list.status == 0)
        let lines = list.out.split(separator: "\n").map(String.init)
        #expect(lines.first == "name\trole\tscope\tissued\tstate")
        #expect(lines.dropFirst().map { $0.split(separator: "\t").first.map(String.init) } == ["materials", "gov"])
        #expect(lines[1].hasSuffix("\tactive"))
        #expect(lines[1].contains("\tindustry\t\(Fixture.body)\t"))
        #expect(!list.out.contains("cjt_"))
        #expect(!list.out.contains(secret.dropFirst(4).prefix(16)))

        let revoke = try runChanjiao(["token", "revoke", "--name", "materials", "--db", db])
        #expect(revoke.status == 0)
        #expect(revoke.out.contains("revoked materials"))
        // The server's token cache keeps a token for a second.
        var status = 0
        for _ in 0..<50 {
            status = await send(url, method: "GET", token: secret)?.0 ?? 0
            if status == 401 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(status == 401)
        let listed = try runChanjiao(["token", "list", "--db", db])
        #expect(listed.out.contains("materials\tindustry"))
        #expect(listed.out.split(separator: "\n")[1].hasSuffix("\trevoked"))
        let twice = try runChanjiao(["token", "revoke", "--name", "materials", "--db", db])
        #expect(twice.status != 0)
        #expect(twice.err.contains("no active token"))
    }
}
