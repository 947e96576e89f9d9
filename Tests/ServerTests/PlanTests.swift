import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Storage
import Testing

/// Polls `GET /v1/plan` until its revision reaches `revision` (the planner runs at nice 10, so on a
/// machine busy with other work a plan can take minutes).
func waitForPlan(_ client: any TestClientProtocol, revision: Int, seconds: Double = 300) async throws -> TestResponse {
    let deadline = Date().addingTimeInterval(seconds)
    while true {
        let r = try await client.execute(uri: "/v1/plan", method: .get)
        if r.status == .ok, let rev = r.headers[HTTPFields.Element.Name("Chanjiao-Plan-Revision")!].flatMap(Int.init), rev >= revision {
            return r
        }
        if Date() > deadline { return r }
        try await Task.sleep(for: .milliseconds(50))
    }
}

/// Waits until `done` holds, or `seconds` pass.
func eventually(seconds: Double = 300, _ done: () -> Bool) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while !done(), Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
}

@Suite("GET /v1/plan and the pages")
struct PlanTests {
    @Test(
        "a SQLite server does not poll the store: serve picks no polling for a file, and the planner reads the latest seq only when asked")
    func noPollingForSQLite() async throws {
        #expect(ServerConfiguration.peerPollInterval(for: try SQLiteRepository(path: Fixture.tempDB())) == nil)
        #expect(ServerConfiguration(catalogDirectory: Fixture.catalogs).peerPollInterval == nil)
        let holder = Holder()
        try await Fixture.withApp(wrap: holder.wrap) { client, _, _ in
            let counting = try #require(holder.value)
            _ = try await waitForPlan(client, revision: 0)
            try await eventually { counting.savedRevisions == [0] }
            let reads = counting.latestSeqReads
            try await Task.sleep(for: .milliseconds(1500))
            #expect(counting.latestSeqReads == reads)
        }
    }

    @Test(
        "with polling on, a submission is planned once (a poll during the replan delay asks for nothing more), and a row stored behind the server's back is planned"
    )
    func pollingPlansOnce() async throws {
        let holder = Holder()
        try await Fixture.withApp(
            replanDelay: .milliseconds(300), peerPollInterval: .milliseconds(20),
            wrap: holder.wrap
        ) { client, tokens, repo in
            let counting = try #require(holder.value)
            _ = try await waitForPlan(client, revision: 0)
            try await eventually { counting.savedRevisions == [0] }
            let r = try await client.execute(
                uri: "/v1/demand", method: .post, headers: Fixture.headers(token: tokens.industry),
                body: Fixture.buffer(Fixture.demand(id: "T-PO1")))
            #expect(r.status == .created)
            _ = try await waitForPlan(client, revision: 1)
            try await eventually { counting.savedRevisions.last == 1 }
            // Polls every 20 ms ran during the 300 ms delay and after: none asks for seq 1 again.
            try await Task.sleep(for: .milliseconds(700))
            #expect(counting.savedRevisions == [0, 1])
            #expect(counting.latestSeqReads > 10)

            // Stored as another process would (the server is not told): only a poll can plan it.
            let other = SubmissionRecord(
                kind: .demand, key: "T-PO2", owner: Fixture.body, tokenName: "industry", body: Data(Fixture.demand(id: "T-PO2").utf8))
            _ = try await repo.submit(other)
            let plan = try await waitForPlan(client, revision: 2)
            #expect(plan.headers[HTTPFields.Element.Name("Chanjiao-Plan-Revision")!] == "2")
            try await eventually { counting.savedRevisions.last == 2 }
            try await Task.sleep(for: .milliseconds(700))
            #expect(counting.savedRevisions == [0, 1, 2])
        }
    }

    @Test("the plan is recomputed after accepted submissions; pages render from it")
    func planAndPages() async throws {
        try await Fixture.withApp { client, tokens, _ in
            // Catalogs only, at first.
            let first = try await waitForPlan(client, revision: 0)
            #expect(first.status == .ok)
            #expect(first.headers[.contentType]?.hasPrefix("application/json") == true)

            let d = try await client.execute(
                uri: "/v1/demand", method: .post, headers: Fixture.headers(token: tokens.industry),
                body: Fixture.buffer(Fixture.demand(id: "T-PL1")))
            #expect(d.status == .created)
            let p = try await client.execute(
                uri: "/v1/colleges/CQS01/programs", method: .post, headers: Fixture.headers(token: tokens.college),
                body: Fixture.buffer(Fixture.programs()))
            #expect(p.status == .created)

            let plan = try await waitForPlan(client, revision: 2)
            #expect(plan.status == .ok)
            #expect(plan.headers[HTTPFields.Element.Name("Chanjiao-Plan-Revision")!] == "2")
            let json = try #require(try plan.json() as? [String: Any])
            #expect(json["allocation"] != nil)
            #expect(json["programs"] != nil)
            #expect(plan.text.contains("CQS01"))
            // inputs.files names the files, never the server's directories.
            #expect(plan.text.contains("\"majors.xml\""))
            #expect(!plan.text.contains(Fixture.catalogs))
            #expect(!plan.text.contains(Fixture.root.path))

            let college = try await client.execute(uri: "/colleges/CQS01", method: .get)
            #expect(college.status == .ok)
            #expect(college.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(college.text.hasPrefix("<!DOCTYPE html>"))
            let missing = try await client.execute(uri: "/colleges/NOPE", method: .get)
            #expect(missing.status == .notFound)

            let cluster = try await client.execute(uri: "/clusters/\(Fixture.cluster)", method: .get)
            #expect(cluster.status == .ok)
            #expect(cluster.text.contains("T-PL1/R1"))
            #expect(cluster.text.contains("镁冶炼工"))
            #expect(cluster.text.contains("Balance"))
            let noCluster = try await client.execute(uri: "/clusters/%3Cscript%3E", method: .get)
            #expect(noCluster.status == .notFound)
            #expect(!noCluster.text.contains("<script>"))
        }
    }

    @Test("a cluster page escapes what submitters wrote")
    func escaping() async throws {
        try await Fixture.withApp { client, tokens, _ in
            let evil = Fixture.demand(id: "T-E1", submitter: "A &lt;i&gt;B&lt;/i&gt;")
            let r = try await client.execute(
                uri: "/v1/demand", method: .post, headers: Fixture.headers(token: tokens.admin), body: Fixture.buffer(evil))
            #expect(r.status == .created, "\(r.text)")
            _ = try await waitForPlan(client, revision: 1)
            let page = try await client.execute(uri: "/clusters/\(Fixture.cluster)", method: .get)
            #expect(page.text.contains("A &lt;i&gt;B&lt;/i&gt;"))
            #expect(!page.text.contains("<i>"))
        }
    }

    @Test("a burst of submissions: every plan served is complete, and the plan comes to include them all")
    func burst() async throws {
        try await Fixture.withApp { client, tokens, _ in
            _ = try await waitForPlan(client, revision: 0)
            let n = 8
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<n {
                    group.addTask {
                        let r = try await client.execute(
                            uri: "/v1/demand", method: .post, headers: Fixture.headers(token: tokens.industry),
                            body: Fixture.buffer(Fixture.demand(id: "T-B\(i)")))
                        #expect(r.status == .created, "\(r.text)")
                    }
                }
                group.addTask {
                    for _ in 0..<10 {
                        let r = try await client.execute(uri: "/v1/plan", method: .get)
                        #expect(r.status == .ok)
                        let json = try #require(try r.json() as? [String: Any])
                        #expect(json["allocation"] != nil)
                    }
                }
                try await group.waitForAll()
            }
            let plan = try await waitForPlan(client, revision: n)
            #expect(plan.headers[HTTPFields.Element.Name("Chanjiao-Plan-Revision")!] == "\(n)")
            let page = try await client.execute(uri: "/clusters/\(Fixture.cluster)", method: .get)
            for i in 0..<n { #expect(page.text.contains("T-B\(i)/R1")) }
        }
    }
}
