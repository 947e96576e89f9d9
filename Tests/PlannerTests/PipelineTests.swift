import Catalog
import Foundation
import Reports
import TestSupport
import Testing

@testable import Planner

/// A world of one 中职 and one 高职专科 program whose cohort arithmetic is worked by hand in the
/// comments (and in Guides/Pipeline.md's worked example).
enum PipelineWorld {
    static let majors = HandCatalog.majors([
        HandCatalog.numericalControlCourse,
        .init(code: "660103", name: "数控技术应用", occupation: "6-18-01-02", courses: ["钳工工艺"]),
    ])
    static let occupations = HandCatalog.occupations(["6-18-01-01", "6-18-01-02"])
    /// 高职 h1: intake 80 in 2024, none given for 2025 (estimated: the nearest known year, the later
    /// on a tie, so 100), 100 this year (2026); 50 graduates this year. 中职 s1: 200 a year.
    static let colleges = """
        <colleges xmlns="urn:chanjiao:colleges:1">
          <college id="c1" name="一" district="渝北区" type="higher">
            <program id="h1" major="460103" enrolment="100" graduates="50" employmentRate="0.9" capacity="130">
              <year year="2024" enrolment="80" graduates="70"/>
              <year year="2025" graduates="75"/>
            </program>
          </college>
          <college id="c2" name="二" district="渝北区" type="secondary">
            <program id="s1" major="660103" enrolment="200" graduates="200" employmentRate="0.95" capacity="200">
              <year year="2025" enrolment="200"/>
            </program>
          </college>
        </colleges>
        """
    /// One role for the 高职 program: 60 posts this year, growing 10 % a year.
    static let demand = """
        <demand xmlns="urn:chanjiao:demand:1" id="d1" submitter="企业" cluster="X" period="2026" district="渝北区">
          <role id="r1" name="数控操作" occupation="6-18-01-01" level="technician" headcount="60" educationLevel="higher" growth="0.1">
            <skill>数控编程</skill>
          </role>
        </demand>
        """
    /// 高职: 3 years, dropout 10 %, further study 20 %; 中职: 3 years, no dropout, further study 60 %.
    static func policy(horizon: Int, bounds: String = #"expandPerYear="0.2" shrinkPerYear="0.2""#) -> String {
        """
        <policy xmlns="urn:chanjiao:policy:1" id="p">
          <cards greenUtilisation="0.9" yellowUtilisation="0.6" redEmploymentBelow="0.7"/>
          <bounds \(bounds)/>
          <pipeline horizon="\(horizon)" sensitivity="0.05">
            <stage education="secondary" years="3" dropout="0" furtherStudy="0.6" illustrative="true"/>
            <stage education="higher" years="3" dropout="0.1" furtherStudy="0.2" illustrative="true"/>
          </pipeline>
        </policy>
        """
    }

    static func plan(
        horizon: Int, colleges: String = colleges, demand: String = demand,
        bounds: String = #"expandPerYear="0.2" shrinkPerYear="0.2""#
    ) throws -> (CatalogSet, Plan) {
        let set = try World.clean(
            "chanjiao-pipeline",
            [
                ("majors.xml", majors), ("occupations.xml", occupations), ("colleges.xml", colleges), ("demand.xml", demand),
                ("policy.xml", policy(horizon: horizon, bounds: bounds)),
            ])
        return (set, try Planner(policy: set.policy).plan(set))
    }
}

@Suite("The enrolment pipeline: cohorts, further study, demand over the horizon")
struct PipelineTests {
    @Test("the policy's pipeline is read, and a file without one keeps the one-year plan")
    func policyReads() throws {
        let (set, _) = try PipelineWorld.plan(horizon: 4)
        let p = set.policy.pipeline
        #expect(p.horizon == 4 && p.sensitivity == 0.05)
        #expect(p.stage(.higher).years == 3 && p.stage(.higher).dropout == 0.1 && p.stage(.higher).furtherStudy == 0.2)
        #expect(p.stage(.bachelor).years == 4 && p.stage(.bachelor).furtherStudy == 0)
        #expect(p.stage(.secondary).illustrative)
        #expect(Policy().pipeline.horizon == 0 && Policy().pipeline.stage(.secondary).furtherStudy == 0)
    }

    @Test("cohorts by year of study, graduates, further study and labour market, worked by hand")
    func cohortsByHand() throws {
        let (set, _) = try PipelineWorld.plan(horizon: 4)
        let h1 = set.programs.first { $0.id == "h1" }!
        let c = Cohorts.cohorts(h1, stage: set.policy.pipeline.stage(.higher), base: 2026, horizon: 4)
        // Intakes 2024, 2025, 2026: 80 as given, 100 estimated (tie between 2024 and 2026: the later), 100.
        #expect(c.intakes == [80, 100, 100])
        #expect(c.estimated == 1)
        // Year 1: 100; year 2: 100 − round(100 × 0.1 × 1/3 = 3.33) = 97; year 3: 80 − round(80 × 0.1 × 2/3 = 5.33) = 75.
        #expect(c.students == [100, 97, 75])
        // Graduates 2027 from the 2024 intake: 80 − round(8) = 72; 2028–2029 from 100: 90; 2030 from
        // next year's intake held at this year's 100: 90.
        #expect(c.graduates == [72, 90, 90, 90])
        // Further study: round(72 × 0.2 = 14.4) = 14, round(90 × 0.2) = 18.
        #expect(c.furtherStudy == [14, 18, 18, 18])
        #expect(c.labourMarket == [58, 72, 72, 72])
    }

    @Test("demand compounds its growth with rounding each year")
    func projection() {
        // 60 → 66 → 72.6 → 73 → 80.3 → 80 → 88.
        #expect((0...4).map { Cohorts.projected(60, growth: 0.1, years: $0) } == [60, 66, 73, 80, 88])
        // 10 × 0.85 = 8.5 rounds half away from zero to 9; never below 0.
        #expect(Cohorts.projected(10, growth: -0.15, years: 1) == 9)
        #expect(Cohorts.projected(3, growth: -1, years: 2) == 0)
        #expect(Cohorts.projected(7, growth: .nan, years: 3) == 7)
    }

    @Test("this year's available graduates are those entering the labour market")
    func baseYearAvailable() throws {
        let (set, plan) = try PipelineWorld.plan(horizon: 0)
        let h1 = set.programs.firstIndex { $0.id == "h1" }!
        let s1 = set.programs.firstIndex { $0.id == "s1" }!
        // 50 − round(50 × 0.2) = 40; 200 − round(200 × 0.6) = 80.
        #expect(plan.available[h1] == 40)
        #expect(plan.available[s1] == 80)
        #expect(plan.accounts.available == 120)
        #expect(plan.pipeline == nil)
        // 40 placed against 60 posts: 20 unmet, all of it this program's share.
        let a = plan.programs[h1]
        #expect(a.allocated == 40 && a.demandShare == 20 && a.signalYear == 0)
        #expect(a.suggestedEnrolment == 120)
    }

    @Test("each coming year is allocated against that year's demand, and flows between levels add up")
    func horizonYears() throws {
        let (_, plan) = try PipelineWorld.plan(horizon: 4)
        let p = try #require(plan.pipeline)
        #expect(p.baseYear == 2026 && p.horizon == 4)
        #expect(p.years.map(\.year) == [2027, 2028, 2029, 2030])
        #expect(p.years.map(\.demand) == [66, 73, 80, 88])
        // 中职 s1: 200 a year, no dropout, 60 % continue: 120 to 高职, 80 to the labour market.
        let y1 = p.years[0]
        #expect(y1.levels[0].graduates == 200 && y1.levels[0].furtherStudy == 120 && y1.levels[0].labourMarket == 80)
        #expect(y1.levels[1].fromBelow == 120)
        #expect(y1.levels[1].graduates == 72 && y1.levels[1].labourMarket == 58)
        #expect(y1.available == 80 + 58)
        // The one role takes 高职 graduates only (中职 s1's major matches no role): placed = min(supply, demand).
        #expect(p.years.map(\.placed) == [58, 72, 72, 72])
        #expect(p.years.map { $0.demand - $0.placed } == [8, 1, 8, 16])
        #expect(p.years.map(\.unplacedNoDemand) == [80, 80, 80, 80])
        // Cluster rows add up: supply = placed + idle attributed; demand = placed + unfilled.
        for y in p.years {
            let x = try #require(y.clusters.first { $0.key == "X" })
            #expect(x.demand == x.placed + x.unfilled)
            #expect(x.supply + y.unplacedNoDemand == y.available)
        }
        // Students in school: 高职 [100, 97, 75]; 中职 200 in each year.
        #expect(p.cohorts[1].students == [100, 97, 75] && p.cohorts[1].estimatedIntakes == 1)
        #expect(p.cohorts[0].students == [200, 200, 200])
    }

    @Test("this year's enrolment change is sized by the gap the next intake meets when it graduates")
    func adviceAtGraduation() throws {
        let (set, plan) = try PipelineWorld.plan(horizon: 4)
        let h1 = set.programs.firstIndex { $0.id == "h1" }!
        let a = plan.programs[h1]
        // Next year's intake (2027) graduates in 2030 (offset 4): 72 placed, 88 posts, 16 unmet.
        #expect(a.signalYear == 4)
        #expect(a.card == .green)
        #expect(a.demandShare == 16 && a.shortfallOfItsRoles == 16)
        #expect(a.suggestedEnrolment == 116)
        #expect(a.rules.contains { $0.evidence.contains("2030 年毕业时") })
    }

    @Test("a cut larger than a year's cap becomes a schedule over the horizon (逐年缩减)")
    func shrinkSchedule() throws {
        // Employment 0.5 under the 0.7 line and 10 posts (no growth) for 72 graduates in 2030:
        // the cut is the larger of ⌈0.2 × 100⌉ = 20 and the 62 idle, i.e. 100 → 38; one year may
        // cut 20: 80 → 60 → 40 → 38.
        let colleges = PipelineWorld.colleges.replacingOccurrences(of: "employmentRate=\"0.9\"", with: "employmentRate=\"0.5\"")
        let demand = PipelineWorld.demand.replacingOccurrences(of: "headcount=\"60\"", with: "headcount=\"10\"")
            .replacingOccurrences(of: "growth=\"0.1\"", with: "growth=\"0\"")
        let (set, plan) = try PipelineWorld.plan(horizon: 4, colleges: colleges, demand: demand)
        let a = plan.programs[set.programs.firstIndex { $0.id == "h1" }!]
        #expect(a.card == .red && a.adjustment == .shrink)
        #expect(a.schedule == [80, 60, 40, 38], "\(a.basis)")
        #expect(a.suggestedEnrolment == 80)
        #expect(a.reason.contains("逐年缩减：80→60→40→38"))
        // The one-year plan keeps the single capped step.
        let (_, one) = try PipelineWorld.plan(horizon: 0, colleges: colleges, demand: demand)
        #expect(one.programs[set.programs.firstIndex { $0.id == "h1" }!].schedule.isEmpty)
    }

    /// The steps a planner reports, collected from its `onStep` (called on the planning thread).
    final class Steps: @unchecked Sendable {
        private let lock = NSLock()
        private var names: [String] = []
        var all: [String] { lock.withLock { names } }
        func add(_ name: String) { lock.withLock { names.append(name) } }
    }

    @Test("a second plan under equal scoring reuses the first's matching and plans exactly as afresh")
    func reuseMatching() throws {
        let (set, _) = try PipelineWorld.plan(horizon: 4)
        let (_, matching) = try Planner(policy: set.policy).plan(set, reusing: nil)
        var other = set.policy
        other.pipeline.horizon = 0
        other.cards.redEmploymentBelow = 0.95
        var reusing = Planner(policy: other)
        let steps = Steps()
        reusing.onStep = { steps.add($0) }
        let reused = try reusing.plan(set, reusing: matching).plan
        #expect(!steps.all.contains("vectorize") && !steps.all.contains("candidates") && steps.all.contains("allocate"))
        let fresh = try Planner(policy: other).plan(set)
        #expect(PlanReport(plan: reused).planJSON() == PlanReport(plan: fresh).planJSON())
        #expect(reused.programs.map(\.card) != (try Planner(policy: set.policy).plan(set)).programs.map(\.card))
        // Other scoring: the matching is done again.
        other.scoring.floor = 0.5
        var rescoring = Planner(policy: other)
        let again = Steps()
        rescoring.onStep = { again.add($0) }
        let (_, m2) = try rescoring.plan(set, reusing: matching)
        #expect(again.all.contains("vectorize") && again.all.contains("candidates"))
        #expect(m2.scoring.floor == 0.5)
    }

    @Test("a schedule never cuts below the year's bound: a cap of 0 keeps the program, over the horizon too")
    func shrinkScheduleZeroCap() throws {
        // Same world, but 0.5 % a year of 100 places is ⌊0.5⌋ = 0: no year may cut, so both the
        // one-year and the horizon plan keep 100 (before, the horizon plan stepped by 1: 99 → 98 → …).
        let colleges = PipelineWorld.colleges.replacingOccurrences(of: "employmentRate=\"0.9\"", with: "employmentRate=\"0.5\"")
        let demand = PipelineWorld.demand.replacingOccurrences(of: "headcount=\"60\"", with: "headcount=\"10\"")
            .replacingOccurrences(of: "growth=\"0.1\"", with: "growth=\"0\"")
        let bounds = #"expandPerYear="0.2" shrinkPerYear="0.005""#
        for horizon in [0, 4] {
            let (set, plan) = try PipelineWorld.plan(horizon: horizon, colleges: colleges, demand: demand, bounds: bounds)
            let a = plan.programs[set.programs.firstIndex { $0.id == "h1" }!]
            #expect(a.lowerBound == 100)
            #expect(a.suggestedEnrolment == 100, "horizon \(horizon): \(a.basis)")
            #expect(a.schedule.isEmpty && a.adjustment == .keep, "horizon \(horizon): \(a.schedule)")
        }
    }

    @Test("a schedule that would fall below minimumEnrolment after the first year goes to 0 (proposed to stop)")
    func shrinkScheduleMinimum() throws {
        // The world of shrinkSchedule with minimumEnrolment 50: 80 → 60, then 40 < 50 → 0. The first
        // year keeps to the one-year bound (80).
        let colleges = PipelineWorld.colleges.replacingOccurrences(of: "employmentRate=\"0.9\"", with: "employmentRate=\"0.5\"")
        let demand = PipelineWorld.demand.replacingOccurrences(of: "headcount=\"60\"", with: "headcount=\"10\"")
            .replacingOccurrences(of: "growth=\"0.1\"", with: "growth=\"0\"")
        let bounds = #"expandPerYear="0.2" shrinkPerYear="0.2" minimumEnrolment="50""#
        let (set, plan) = try PipelineWorld.plan(horizon: 4, colleges: colleges, demand: demand, bounds: bounds)
        let a = plan.programs[set.programs.firstIndex { $0.id == "h1" }!]
        #expect(a.schedule == [80, 60, 0], "\(a.basis)")
        #expect(a.suggestedEnrolment == 80 && a.lowerBound == 80)
        // The helper both schedules use: the first year never below from − step, even under the minimum.
        #expect(Advisor.schedule(from: 22, to: 0, step: 4, limit: 10, minimum: 20) == [18, 0])
        #expect(Advisor.schedule(from: 76, to: 0, step: 15, limit: 10, minimum: 20) == [61, 46, 31, 0])
        #expect(Advisor.schedule(from: 100, to: 38, step: 20, limit: 2, minimum: 0) == [80, 60])
    }

    @Test("a horizon shorter than the years of study reads the last year of the horizon")
    func shortHorizon() throws {
        let (set, plan) = try PipelineWorld.plan(horizon: 2)
        let a = plan.programs[set.programs.firstIndex { $0.id == "h1" }!]
        // 2028: 72 placed of 73 posts: 1 unmet.
        #expect(a.signalYear == 2 && a.demandShare == 1 && a.suggestedEnrolment == 101)
    }
}

@Suite("Sensitivity of cards to the policy's thresholds")
struct SensitivityTests {
    /// Employment 0.72 against the red line 0.7: a move of the line to 0.75 turns the card red.
    @Test("a card within the step of a threshold is borderline and names the move that flips it; others are robust")
    func borderline() throws {
        let colleges = """
            <colleges xmlns="urn:chanjiao:colleges:1">
              <college id="c1" name="一" district="渝北区" type="higher">
                <program id="near" major="460103" enrolment="100" graduates="10" employmentRate="0.72" capacity="100"/>
                <program id="far" major="530302" enrolment="100" graduates="10" employmentRate="0.95" capacity="100"/>
              </college>
            </colleges>
            """
        let policy = """
            <policy xmlns="urn:chanjiao:policy:1" id="p">
              <cards greenUtilisation="0.9" yellowUtilisation="0.6" redEmploymentBelow="0.7"/>
              <pipeline sensitivity="0.05"/>
            </policy>
            """
        let demand = AdviceWorld.demand(
            "d1", cluster: "X", district: "渝北区",
            [AdviceWorld.role("r1", "数控操作", "6-18-01-01", 5, ["数控编程"])])
        let (set, plan) = try AdviceWorld.plan([("policy.xml", policy), ("colleges.xml", colleges), ("demand.xml", demand)])
        let near = AdviceWorld.advice(set, plan, "near")
        let far = AdviceWorld.advice(set, plan, "far")
        #expect(near.card != .red)
        let s = try #require(near.sensitivity)
        #expect(!s.robust)
        #expect(s.flips.contains("就业率红线 70%→75%：红牌"), "\(s.flips)")
        #expect(far.sensitivity?.robust == true, "\(String(describing: far.sensitivity))")
        // Without a step the test is not run.
        let (_, plain) = try AdviceWorld.plan([("colleges.xml", colleges), ("demand.xml", demand)])
        #expect(plain.programs.allSatisfy { $0.sensitivity == nil })
    }
}
