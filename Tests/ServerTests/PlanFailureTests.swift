import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Polls `/healthz` until `done` holds for its status and JSON, or `seconds` pass.
func waitForHealth(
    _ client: any TestClientProtocol, seconds: Double = 300, until done: (HTTPResponse.Status, [String: Any]) -> Bool
) async throws -> (HTTPResponse.Status, [String: Any]) {
    let deadline = Date().addingTimeInterval(seconds)
    while true {
        let r = try await client.execute(uri: "/healthz", method: .get)
        let j = (try? r.json() as? [String: Any]) ?? [:]
        if done(r.status, j) || Date() > deadline { return (r.status, j) }
        try await Task.sleep(for: .milliseconds(50))
    }
}

@Suite("A planning failure does not take the server down")
struct PlanFailureTests {
    @Test("inputs past the planner's limit: /healthz says 503 planning-failed, the last good plan and its pages stay")
    func limitExceeded() async throws {
        // A limit of 100 so that two small demands pass it (the real limit is Int32.max).
        try await Fixture.withApp(maxPlannedTotal: 100) { client, tokens, _ in
            let ok = try await client.execute(
                uri: "/v1/demand", method: .post, headers: Fixture.headers(token: tokens.industry),
                body: Fixture.buffer(Fixture.demand(id: "T-F1", headcount: 30)))
            #expect(ok.status == .created)
            let good = try await waitForPlan(client, revision: 1)
            #expect(good.headers[HTTPFields.Element.Name("Chanjiao-Plan-Revision")!] == "1")
            let healthy = try await waitForHealth(client) { s, _ in s == .ok }
            #expect(healthy.0 == .ok)
            #expect(healthy.1["status"] as? String == "ok")

            // 60 + 60 more: 180 in all, past 100.
            let big = try await client.execute(
                uri: "/v1/demand", method: .post, headers: Fixture.headers(token: tokens.industry),
                body: Fixture.buffer(Fixture.demand(id: "T-F2", headcount: 60)))
            #expect(big.status == .created)
            let (status, health) = try await waitForHealth(client) { s, _ in s == .serviceUnavailable }
            #expect(status == .serviceUnavailable)
            #expect(health["status"] as? String == "planning-failed")
            #expect(health["planError"] as? String == "plan-inputs-too-large")
            #expect(health["planFailedRevision"] as? Int == 2)
            #expect(health["planRevision"] as? Int == 1)
            #expect(health["submissions"] as? Int == 2)
            // Only the short code: no planner text in public output.
            #expect(!String(describing: health).contains("limit"))

            // Still serving: the last good plan, its pages, new submissions.
            let plan = try await client.execute(uri: "/v1/plan", method: .get)
            #expect(plan.status == .ok)
            #expect(plan.headers[HTTPFields.Element.Name("Chanjiao-Plan-Revision")!] == "1")
            #expect(plan.text == good.text)
            let page = try await client.execute(uri: "/clusters/\(Fixture.cluster)", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("T-F1/R1"))
            #expect(!page.text.contains("T-F2/R1"))
            let more = try await client.execute(
                uri: "/v1/colleges/CQS01/programs", method: .post, headers: Fixture.headers(token: tokens.college),
                body: Fixture.buffer(Fixture.programs()))
            #expect(more.status == .created)
        }
    }

}
