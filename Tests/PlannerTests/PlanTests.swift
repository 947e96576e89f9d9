import Catalog
import Foundation
import TestSupport
import Testing

@testable import Planner

/// A hand-computed instance: two colleges, four majors, three programs, two roles.
enum HandInstance {
    static let majors = HandCatalog.majors([HandCatalog.numericalControl, HandCatalog.machining, HandCatalog.nursing])
    static let occupations = HandCatalog.occupations(["6-18-01-01", "2-05-08-01"])
    static let colleges = HandCatalog.colleges(
        [
            HandCatalog.college(
                "c1", "示例一", district: "渝北区",
                [
                    HandCatalog.program("460103", enrolment: 100, employment: "0.95", capacity: 130),
                    HandCatalog.program("520201", enrolment: 50, employment: "0.9", capacity: 60),
                ]),
            HandCatalog.college(
                "c2", "示例二", district: "沙坪坝区", [HandCatalog.program("460103", enrolment: 80, employment: "0.5", capacity: 100)]),
        ], illustrative: true)
    static let demand = """
        <demand xmlns="urn:chanjiao:demand:1" id="d1" submitter="示例协会" cluster="X" period="2025" district="渝北区">
          <role id="r1" name="数控操作" occupation="6-18-01-01" level="technician" headcount="200" educationLevel="higher">
            <skill>数控编程</skill>
            <skill>数控机床操作</skill>
          </role>
          <role id="r2" name="护理" occupation="2-05-08-01" level="technician" headcount="35" educationLevel="higher">
            <skill>基础护理</skill>
            <skill weight="2">静脉输液</skill>
          </role>
        </demand>
        """

    static func load() throws -> CatalogSet {
        try World.clean(
            "chanjiao-hand", [("majors.xml", majors), ("occupations.xml", occupations), ("colleges.xml", colleges), ("demand.xml", demand)])
    }
}

@Suite("The plan on a hand-computed instance")
struct PlanTests {
    @Test("flows, cards, enrolments, gaps, openings and consortia match the hand computation")
    func handInstance() throws {
        let set = try HandInstance.load()
        let plan = try Planner(policy: Policy()).plan(set)
        // Allocation: all 180 数控 graduates go to r1 (200 wanted), 35 of 50 nurses to r2.
        let flows = plan.flows.map { "\(set.programs[Int($0.program)].id)>\(set.roles[Int($0.role)].id):\($0.count)" }
        #expect(flows == ["c1/460103>r1:100", "c1/520201>r2:35", "c2/460103>r1:80"])
        #expect(plan.unmet == [20, 0])
        #expect(plan.idle == [0, 15, 0])
        // The same-district edge scores higher than the other-district one (geo 1.0 vs 0.9).
        let s1 = plan.flows[0].score
        let s2 = plan.flows[2].score
        #expect(abs(s2 / s1 - 0.9) < 1e-5)
        let a = plan.programs
        // c1/460103: used fully, r1 still short by 20 → green; its share of the 20 (by available
        // graduates 100 : 80) is 11, so 100 → 111, inside the +20 % bound (120).
        #expect(a[0].card == .green && a[0].adjustment == .expand)
        #expect(a[0].utilisation == 1 && a[0].demandShare == 11 && a[0].suggestedEnrolment == 111)
        #expect(a[0].lowerBound == 80 && a[0].upperBound == 120)
        // c1/520201: 35/50 = 0.7 → yellow, keep 50, gap 静脉输液.
        #expect(a[1].card == .yellow && a[1].adjustment == .keep && a[1].suggestedEnrolment == 50)
        #expect(a[1].utilisation == 0.7)
        #expect(a[1].gaps.map { set.terms[$0] } == ["静脉输液"])
        // c2/460103: employment 0.5 < 0.7 asks for ⌈0.2 × 80⌉ = 16 fewer, but all its graduates are
        // placed in a still-short role (share 9): the signals conflict, the smaller change wins (+9).
        #expect(a[2].card == .yellow && a[2].adjustment == .expand && a[2].suggestedEnrolment == 89)
        #expect(a[2].rules.first?.id == "card.red.employment" && a[2].conflict != nil)
        // r1's 20 unmet are addressed by the expansions of its full candidates, not by openings.
        #expect(plan.unservedRoles.map(\.reason) == [.allCandidatesFull])
        #expect(plan.openings.isEmpty)
        // Consortia: cluster X and 渝北区 each gather both colleges; stable agrees with optimal.
        #expect(plan.consortia.optimal.map(\.anchor) == ["X", "渝北区"])
        #expect(plan.consortia.optimal.allSatisfy { Set($0.colleges) == [0, 1] })
        #expect(plan.consortia.onlyOptimal.isEmpty && plan.consortia.onlyStable.isEmpty)
        #expect(plan.consortia.optimalWeight == plan.consortia.stableWeight)
        // Balance: cluster X demand 235, supply 215 allocated + 15 idle nurses = 230.
        #expect(plan.clusters.map(\.key) == ["X"])
        #expect(plan.clusters[0].demand == 235 && plan.clusters[0].supply == 230)
        #expect(plan.clusters[0].band == "balanced")
    }

    @Test("a policy rule over consecutive years fires with its evidence")
    func consecutiveRule() throws {
        var set = try HandInstance.load()
        set.programs[1].history = [
            ProgramYear(year: 2023, enrolment: 50, graduates: 40, employmentRate: 0.55, firstChoiceRate: .nan)
        ]
        set.programs[1].employmentRate = 0.58
        var policy = Policy()
        policy.cards.redEmploymentBelow = 0.5
        policy.rules = [
            PolicyRule(
                id: "emp-2y", action: .stop,
                trigger: .consecutive(Condition(indicator: .employmentRate, below: 0.6), years: 2), source: "test")
        ]
        let plan = try Planner(policy: policy).plan(set)
        let a = plan.programs[1]
        #expect(a.card == .red && a.adjustment == .stop)
        #expect(a.rules.contains { $0.id == "emp-2y" && $0.evidence.contains("55%、58%") })
        // Without the history the rule cannot fire: one year is not two running.
        set.programs[1].history = []
        let plain = try Planner(policy: policy).plan(set)
        #expect(!plain.programs[1].rules.contains { $0.id == "emp-2y" })
    }

    @Test("occupation levels: a -00 code stands for its 小类")
    func occupationLevels() {
        let l = OccupationLevels(code: "5-02-01-00")
        #expect(l.unit == nil && l.minor == "5-02-01" && l.middle == "5-02")
        let u = OccupationLevels(code: "6-18-01-01")
        #expect(u.unit == "6-18-01-01" && u.minor == "6-18-01")
    }

    @Test("Chinese bigrams and Latin words")
    func features() {
        #expect(Vectorizer.plainFeatureKeys(of: "PLC编程与调试").map(\.text) == ["plc", "编程", "程与", "与调", "调试"])
        // With the shipped synonyms, PLC also brings 可编程控制器 and 电气控制 (Catalogs/text/synonyms.tsv).
        #expect(Array(Vectorizer.features(of: "PLC编程与调试").prefix(6)) == ["plc", "编程", "程与", "与调", "调试", "可编"])
        #expect(Vectorizer.features(of: "车") == ["车"])
    }
}
