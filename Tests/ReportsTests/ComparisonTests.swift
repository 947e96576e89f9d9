import Foundation
import Testing

@testable import Planner
@testable import Reports

@Suite("Two plans side by side")
struct ComparisonTests {
    /// A minimal plan.json: programs (id, card, enrolment, suggestion), clusters, optimal consortia.
    static func plan(
        policy: String, programs: [(String, String, Int, Int)], clusters: [(String, Int)], consortia: [(String, [String])],
        lastYear: [(String, Int)]? = nil
    ) -> [UInt8] {
        let ps = programs.map { p in
            "{\"program\": \"\(p.0)\", \"college\": \"c\", \"major\": \"460103\", \"majorName\": \"数控技术\", \"card\": \"\(p.1)\", \"adjustment\": \"\(p.3 > p.2 ? "expand" : p.3 < p.2 ? "shrink" : "keep")\", \"enrolment\": \(p.2), \"suggestedEnrolment\": \(p.3)}"
        }.joined(separator: ",")
        let cs = clusters.map { "{\"key\": \"\($0.0)\", \"name\": \"集群\($0.0)\", \"unfilled\": \($0.1)}" }.joined(separator: ",")
        let os = consortia.map { c in
            "{\"kind\": \"cluster\", \"anchor\": \"\(c.0)\", \"name\": \"联合体\(c.0)\", \"colleges\": ["
                + c.1.map { "\"\($0)\"" }.joined(separator: ",") + "]}"
        }.joined(separator: ",")
        var pipeline = ""
        if let lastYear {
            let ls = lastYear.map { "{\"key\": \"\($0.0)\", \"unfilled\": \($0.1)}" }.joined(separator: ",")
            pipeline = ", \"pipeline\": {\"years\": [{\"offset\": 4, \"year\": 2030, \"clusters\": [\(ls)]}]}"
        }
        return Array(
            "{\"policy\": {\"id\": \"\(policy)\", \"name\": \"\(policy)\"}, \"programs\": [\(ps)], \"clusters\": [\(cs)], \"consortia\": {\"optimal\": [\(os)]}\(pipeline)}"
                .utf8)
    }

    @Test("cards that flip, enrolment differences, cluster gaps and consortium members are found and counted")
    func differences() throws {
        let a = Self.plan(
            policy: "A", programs: [("p1", "green", 100, 120), ("p2", "yellow", 50, 50), ("p3", "red", 80, 64), ("only", "red", 10, 8)],
            clusters: [("X", 30), ("Y", 0)], consortia: [("X", ["c1", "c2"]), ("Y", ["c3"])], lastYear: [("X", 50), ("Y", 5)])
        let b = Self.plan(
            policy: "B", programs: [("p1", "green", 100, 110), ("p2", "green", 50, 60), ("p3", "red", 80, 64)],
            clusters: [("X", 20), ("Z", 7)], consortia: [("X", ["c1", "c4"])])
        let c = try ScenarioComparison(a: a, nameA: "a", b: b, nameB: "b")
        #expect(c.flips.map(\.program) == ["p2"])
        #expect(c.flips[0].card == ("yellow", "green"))
        // p1 differs by 10, p2 by 10: ties keep A's order; p3 is the same.
        #expect(c.enrolment.map(\.program) == ["p1", "p2"])
        #expect(c.totals.expandA == 20 && c.totals.cutA == 18 && c.totals.expandB == 20 && c.totals.cutB == 16)
        #expect(c.cardCounts.a == [1, 1, 2] && c.cardCounts.b == [2, 0, 1])
        #expect(c.unmatchedPrograms == 1)
        #expect(c.clusters.map(\.key) == ["X", "Y", "Z"])
        #expect(c.clusters[0].unfilled == (30, 20) && c.clusters[1].unfilled == (0, nil) && c.clusters[2].unfilled == (nil, 7))
        #expect(c.clusters[0].unfilledLast == (50, nil) && c.lastYear.a == "2030年" && c.lastYear.b == nil)
        #expect(c.consortia.count == 2)
        #expect(c.consortia[0].anchor == "X" && c.consortia[0].onlyA == ["c2"] && c.consortia[0].onlyB == ["c4"])
        #expect(c.consortia[1].anchor == "Y" && c.consortia[1].exists == (true, false))
        let csv = String(decoding: c.csv(), as: UTF8.self)
        #expect(csv.contains("card,p2,数控技术（460103）,yellow,green"))
        #expect(csv.contains("clusterUnfilled,Z,集群Z,,7"))
        let json = String(decoding: c.json(), as: UTF8.self)
        #expect(json.contains("\"programsInOnePlanOnly\": 1"))
        let page = String(decoding: PlanReport.comparisonPage(c), as: UTF8.self)
        #expect(page.contains("牌色不同的专业点 1 个") && page.contains("A 2030年缺口"))
    }

    /// The fixture plan with B's differences: a card flips, a suggestion moves, a cluster's gap
    /// and a consortium's members change, and B has a horizon.
    static func planB() -> Plan {
        var b = Fixture.plan()
        b.policy.name = "默认"
        b.programs[2].card = .green
        b.programs[2].adjustment = .expand
        b.programs[2].suggestedEnrolment = 70
        b.programs[0].suggestedEnrolment = 110
        b.clusters[1].unfilled = 5
        b.consortia.optimal[0].colleges = [1]
        b.consortia.optimal.removeLast()
        b.pipeline = PipelinePlan(
            baseYear: 2026, horizon: 1, cohorts: [], baseLevels: [],
            years: [
                HorizonYear(
                    offset: 1, year: 2027, levels: [], available: 0, demand: 0, placed: 0, unplacedNoDemand: 0,
                    clusters: [HorizonCluster(key: "c-robot", name: "机器人<与>智能装备", supply: 1, demand: 9, placed: 1, unfilled: 8)],
                    totalScore: 0)
            ],
            stages: b.policy.pipeline.stages)
        return b
    }

    @Test("two plans in memory compare as their plan.json files do")
    func inMemory() throws {
        let a = Fixture.plan()
        let b = Self.planB()
        let memory = ScenarioComparison(a: a, nameA: "a.xml", b: b, nameB: "b.xml")
        let files = try ScenarioComparison(
            a: PlanReport(plan: a).planJSON(), nameA: "a.xml", b: PlanReport(plan: b).planJSON(), nameB: "b.xml")
        #expect(memory.csv() == files.csv())
        #expect(memory.json() == files.json())
        // And the comparison found what differs (so equal files are not two empty ones).
        #expect(memory.flips.map(\.program) == ["col-b/460305"])
        // Both differ by 10: A's order.
        #expect(memory.enrolment.map(\.program) == ["col-a/460301", "col-b/460305"])
        #expect(memory.lastYear.a == nil && memory.lastYear.b == "2027年")
        #expect(memory.clusters[1].unfilled == (0, 5) && memory.clusters[1].unfilledLast == (nil, 8))
        #expect(memory.consortia.map(\.anchor) == ["c-auto", "两江新区"])
        #expect(memory.labels.a == "重庆 policy（a.xml）" && memory.labels.b == "默认（b.xml）")
    }

    @Test("a plan's files carry the comparison's JSON and CSV (its page is report.html's section), the same at each call")
    func planFiles() {
        let c = ScenarioComparison(a: Fixture.plan(), nameA: "a.xml", b: Self.planB(), nameB: "b.xml")
        var r = PlanReport(plan: Fixture.plan())
        r.comparison = c
        let files = r.files()
        #expect(files.map(\.name) == PlanReport.fileNames + ["compare.json", "compare.csv"])
        #expect(files.first { $0.name == "compare.json" }?.bytes == c.json())
        #expect(files.first { $0.name == "compare.csv" }?.bytes == c.csv())
        #expect(files.first { $0.name == "report.html" }?.bytes == r.html())
        #expect(r.files().map(\.bytes) == files.map(\.bytes))
    }

    @Test("a file that is not a plan is refused with its name")
    func notAPlan() {
        #expect(throws: ComparisonError("x/plan.json: not a plan.json (no programs)")) {
            try ScenarioComparison(a: Array("[1]".utf8), nameA: "x/plan.json", b: Array("{}".utf8), nameB: "y")
        }
        let error = #expect(throws: ComparisonError.self) {
            try ScenarioComparison(a: Array("{\"programs\": []}".utf8), nameA: "a", b: Array("nonsense".utf8), nameB: "y/plan.json")
        }
        #expect(error?.description.hasPrefix("y/plan.json: not a JSON document (") == true, "\(String(describing: error))")
    }
}
