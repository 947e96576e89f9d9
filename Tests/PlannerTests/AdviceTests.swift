import Catalog
import Foundation
import MatchingCore
import TestSupport
import Testing

@testable import Planner

/// Small worlds built by hand, whose right answers can be read off: majors, occupations, colleges,
/// demand and (optionally) a policy file, loaded through the ordinary loader.
enum AdviceWorld {
    static let majors = HandCatalog.majors([
        HandCatalog.numericalControl, HandCatalog.machining,
        .init(code: "520101K", name: "临床医学", occupation: "2-05-01-01", courses: ["临床诊断", "内科学"], national: true),
        .init(code: "520102", name: "医学影像技术", occupation: "2-05-07-01", courses: ["影像设备操作"]),
        HandCatalog.nursing,
        .init(code: "530302", name: "大数据与会计", occupation: "2-06-03-01", courses: ["会计核算"]),
    ])
    static let occupations = HandCatalog.occupations(["6-18-01-01", "2-05-08-01", "2-05-01-01", "2-05-07-01", "2-06-03-01", "8-01-01-01"])

    /// A role element.
    static func role(_ id: String, _ name: String, _ occupation: String, _ headcount: Int, _ skills: [String]) -> String {
        HandCatalog.role(id, name, occupation: occupation, headcount: headcount, skills)
    }

    /// A demand file of one submitter, cluster and district.
    static func demand(_ id: String, cluster: String, district: String, _ roles: [String]) -> String {
        HandCatalog.demand(id, submitter: "企业\(id)", cluster: cluster, district: district, roles)
    }

    /// Loads a world; `files` are (name, XML) pairs besides the majors and occupations.
    static func load(_ files: [(String, String)]) throws -> CatalogSet {
        try World.clean("chanjiao-advice", [("majors.xml", majors), ("occupations.xml", occupations)] + files)
    }

    static func plan(_ files: [(String, String)], policy: Policy? = nil) throws -> (CatalogSet, Plan) {
        let set = try load(files)
        let plan = try Planner(policy: policy ?? set.policy).plan(set)
        return (set, plan)
    }

    static func advice(_ set: CatalogSet, _ plan: Plan, _ id: String) -> ProgramAdvice {
        plan.programs[set.programs.firstIndex { $0.id == id }!]
    }
}

@Suite("Decimal-exact thresholds and noise-free evidence")
struct DecimalTests {
    @Test("a policy's 0.7 is read as the decimal 0.7, and a rate written 0.700 is not below it")
    func boundary() throws {
        let policy = """
            <policy xmlns="urn:chanjiao:policy:1" id="p">
              <scoring floor="0.35"/>
              <cards greenUtilisation="0.9" yellowUtilisation="0.6" redEmploymentBelow="0.7"/>
              <rule id="weak" action="red" source="本系统设定"><when indicator="employmentRate" below="0.7"/></rule>
            </policy>
            """
        let colleges = """
            <colleges xmlns="urn:chanjiao:colleges:1">
              <college id="c1" name="一" district="渝北区" type="higher">
                <program major="460103" enrolment="100" graduates="100" employmentRate="0.700" capacity="130"/>
              </college>
            </colleges>
            """
        let demand = AdviceWorld.demand(
            "d1", cluster: "X", district: "渝北区", [AdviceWorld.role("r1", "数控操作", "6-18-01-01", 150, ["数控编程"])])
        let (set, plan) = try AdviceWorld.plan([("policy.xml", policy), ("colleges.xml", colleges), ("demand.xml", demand)])
        #expect(set.policy.cards.redEmploymentBelow == 0.7)
        #expect(set.policy.scoring.floor == 0.35)
        let a = plan.programs[0]
        #expect(a.card == .green, "\(a.rules)")
        #expect(!a.rules.contains { $0.id == "card.red.employment" || $0.id == "weak" })
        #expect(a.adjustment == .expand)
        // Evidence prints shares as percentages of the decimals as written.
        let text = a.rules.map(\.evidence).joined(separator: " ") + a.reason + a.basis
        #expect(text.contains("不低于 90%"))
        // Short of its share (50) by the year's cap: the reason says which bound, not only 100→120.
        #expect(a.reason.contains("建议招生 100→120；受单年扩招上限 120 人限制（每年至多增加 20%）"), "\(a.reason)")
        #expect(!text.contains("0000000") && !text.contains("9999999"))
        // A Float-stored 0.7 is not below the threshold 0.7; 0.699 is.
        #expect(!Condition(indicator: .employmentRate, below: 0.7).holds(Double(Float(0.7))))
        #expect(Condition(indicator: .employmentRate, below: 0.7).holds(Double(Float(0.699))))
        #expect(Exact.text(0.1 + 0.2) == "0.3" && Exact.percent(0.7) == "70%" && Exact.percent(0.695) == "69.5%")
    }
}

@Suite("Cards and magnitudes follow from the evidence")
struct CardTests {
    /// c1 and c2 teach 数控技术 (100 and 80 graduates); the one role wants 200, so 20 stay unmet.
    static func twoPrograms(employment2: String, history2: String = "", policy: String? = nil, capacity1: Int = 130) throws
        -> (CatalogSet, Plan)
    {
        let colleges = HandCatalog.colleges([
            HandCatalog.college(
                "c1", "一", district: "渝北区", [HandCatalog.program("460103", enrolment: 100, employment: "0.95", capacity: capacity1)]),
            HandCatalog.college(
                "c2", "二", district: "沙坪坝区",
                [HandCatalog.program("460103", enrolment: 80, employment: employment2, capacity: 100, years: history2)]),
        ])
        let demand = AdviceWorld.demand(
            "d1", cluster: "X", district: "渝北区",
            [AdviceWorld.role("r1", "数控操作", "6-18-01-01", 200, ["数控编程", "数控机床操作"])])
        var files = [("colleges.xml", colleges), ("demand.xml", demand)]
        if let policy { files.append(("policy.xml", policy)) }
        return try AdviceWorld.plan(files)
    }

    @Test("expansion is the program's share of the unmet demand, not the policy's maximum")
    func magnitudeFromShare() throws {
        let (set, plan) = try Self.twoPrograms(employment2: "0.9")
        #expect(plan.unmet == [20])
        // The 20 unmet split by available graduates 100 : 80 → 11.1 : 8.9 → 11 and 9.
        let a1 = AdviceWorld.advice(set, plan, "c1/460103")
        let a2 = AdviceWorld.advice(set, plan, "c2/460103")
        #expect(a1.demandShare == 11 && a2.demandShare == 9)
        #expect(a1.card == .green && a1.suggestedEnrolment == 111)  // the bound would allow 120
        #expect(a2.card == .green && a2.suggestedEnrolment == 89)
        #expect(a1.demandShare + a2.demandShare == Int(plan.unmet[0]))
    }

    @Test("a program fully placed in still-short roles with employment at the line is never red nor cut, whatever a rule says")
    func protectedProgram() throws {
        let policy = """
            <policy xmlns="urn:chanjiao:policy:1" id="p">
              <rule id="weak-first-choice" action="red" source="本系统设定" reason="第一志愿率偏低">
                <when indicator="firstChoiceRate" below="0.4"/>
              </rule>
            </policy>
            """
        let (set, plan) = try Self.twoPrograms(
            employment2: "0.7",
            history2: #"<year year="2024" enrolment="80" graduates="80" employmentRate="0.7" firstChoiceRate="0.3"/>"#,
            policy: policy)
        let a = AdviceWorld.advice(set, plan, "c2/460103")
        #expect(a.utilisation == 1 && a.shortfallOfItsRoles == 20)
        #expect(a.rules.contains { $0.id == "weak-first-choice" })
        #expect(a.card != .red)
        #expect(a.suggestedEnrolment >= 80)
        #expect(a.conflict != nil)
    }

    @Test("low past employment against unmet demand: the card says so and takes the smaller change")
    func conflict() throws {
        let (set, plan) = try Self.twoPrograms(employment2: "0.5")
        let a = AdviceWorld.advice(set, plan, "c2/460103")
        // Employment 0.5 under 0.7 asks for ⌈0.2 × 80⌉ = 16 fewer; its share of the unmet 20 is 9.
        #expect(a.card == .yellow)
        #expect(a.conflict?.contains("冲突") == true)
        #expect(a.adjustment == .expand && a.suggestedEnrolment == 89)
        #expect(a.suggestedEnrolment != Int32(a.lowerBound) && a.suggestedEnrolment != Int32(a.upperBound))
    }

    @Test("low utilisation is not a cliff: high employment and a role filled by another program keep the program")
    func utilisationNotACliff() throws {
        let (set, plan) = try Self.world(secondEmployment: "0.92")
        let b = AdviceWorld.advice(set, plan, "c2/460103")
        #expect(b.allocated == 0)  // the same-district program took the only role
        #expect(b.card == .yellow && b.adjustment == .keep && b.suggestedEnrolment == 50)
        #expect(b.conflict != nil)
    }

    @Test("a fully placed program whose roles are filled and whose employment is at the line is green and kept, not warned")
    func fullyPlacedIsGreenKeep() throws {
        let (set, plan) = try Self.world(secondEmployment: "0.92")
        let a = AdviceWorld.advice(set, plan, "c1/460103")
        #expect(a.allocated == 50 && a.shortfallOfItsRoles == 0)
        #expect(a.card == .green && a.adjustment == .keep && a.suggestedEnrolment == 50)
        #expect(a.rules.map(\.id).contains("card.green.keep"))
        #expect(a.reason.hasPrefix("绿牌：毕业生全部对口分配（50/50），对口岗位需求已满足"))
    }

    @Test("an expansion a bound stops names the bound: the program's capacity, or the policy's cap per major")
    func cappedExpansionNamesTheBound() throws {
        // twoPrograms with c1 at its capacity (100 enrolled, capacity 100); c2 has 80, capacity 100.
        // The role wants 200, so 20 stay unmet, shared 11 : 9 by available graduates.
        let (set, plan) = try Self.twoPrograms(employment2: "0.9", capacity1: 100)
        let a1 = AdviceWorld.advice(set, plan, "c1/460103")
        #expect(a1.card == .green && a1.adjustment == .keep && a1.suggestedEnrolment == 100)
        #expect(a1.reason.contains("建议保持招生 100；对口岗位仍缺 20 人，但已达办学容量 100 人"), "\(a1.reason)")
        #expect(a1.basis.contains("已达办学容量 100 人"))
        let a2 = AdviceWorld.advice(set, plan, "c2/460103")
        #expect(a2.adjustment == .expand && a2.suggestedEnrolment == 89 && !a2.basis.contains("限制"))

        // A policy cap of 85 per major stops c2 part-way: it asks for 80 + 9 = 89.
        let capped = """
            <policy xmlns="urn:chanjiao:policy:1" id="p"><bounds studentsPerMajorCap="85"/></policy>
            """
        let (set2, plan2) = try Self.twoPrograms(employment2: "0.9", policy: capped, capacity1: 100)
        let b2 = AdviceWorld.advice(set2, plan2, "c2/460103")
        #expect(b2.adjustment == .expand && b2.suggestedEnrolment == 85)
        #expect(b2.basis.contains("受每专业招生上限 85 人限制"), "\(b2.basis)")
    }

    @Test("a green program kept although its roles are short says they are short, not met")
    func greenKeptWithShortRolesSaysShort() {
        let r = Advisor.reason(
            card: .green, adjustment: .keep, util: 1, used: 40, available: 40, shortfall: 12, from: 50, to: 50,
            employment: "90%", gaps: [])
        #expect(!r.contains("需求已满足"))
        #expect(r.hasPrefix("绿牌：利用率 100%"))
    }

    /// Two programs of one major in two districts and one role of 50 in the first one's district.
    static func world(secondEmployment: String) throws -> (CatalogSet, Plan) {
        let colleges = HandCatalog.colleges([
            HandCatalog.college(
                "c1", "一", district: "渝北区", [HandCatalog.program("460103", enrolment: 50, employment: "0.9", capacity: 60)]),
            HandCatalog.college(
                "c2", "二", district: "沙坪坝区", [HandCatalog.program("460103", enrolment: 50, employment: secondEmployment, capacity: 60)]),
        ])
        let demand = AdviceWorld.demand(
            "d1", cluster: "X", district: "渝北区", [AdviceWorld.role("r1", "数控操作", "6-18-01-01", 50, ["数控编程"])])
        return try AdviceWorld.plan([("colleges.xml", colleges), ("demand.xml", demand)])
    }

    @Test("stop is a multi-year schedule, distinct from shrink; shrink is sized by the employment gap")
    func stopAndShrink() throws {
        let policy = """
            <policy xmlns="urn:chanjiao:policy:1" id="p">
              <rule id="emp-2y" action="stop" source="本系统设定"><consecutive indicator="employmentRate" below="0.6" years="2"/></rule>
            </policy>
            """
        let colleges = """
            <colleges xmlns="urn:chanjiao:colleges:1">
              <college id="c1" name="一" district="渝北区" type="higher">
                <program major="460103" enrolment="100" graduates="100" employmentRate="0.55" capacity="130">
                  <year year="2024" enrolment="100" graduates="100" employmentRate="0.58"/>
                </program>
                <program major="520201" enrolment="100" graduates="100" employmentRate="0.65" capacity="130"/>
              </college>
            </colleges>
            """
        let demand = AdviceWorld.demand(
            "d1", cluster: "X", district: "渝北区",
            [AdviceWorld.role("r1", "数控操作", "6-18-01-01", 10, ["数控编程"]), AdviceWorld.role("r2", "护理", "2-05-08-01", 100, ["基础护理"])])
        let (set, plan) = try AdviceWorld.plan([("policy.xml", policy), ("colleges.xml", colleges), ("demand.xml", demand)])
        let stop = AdviceWorld.advice(set, plan, "c1/460103")
        let shrink = AdviceWorld.advice(set, plan, "c1/520201")
        #expect(stop.card == .red && stop.adjustment == .stop)
        #expect(stop.schedule == [80, 60, 40, 20, 0])
        #expect(stop.rules.contains { $0.id == "emp-2y" && $0.evidence.contains("58%、55%") })
        // 0.65 under 0.7: ⌈0.05 × 100⌉ = 5 fewer places, not the −20 % bound.
        #expect(shrink.card == .red && shrink.adjustment == .shrink)
        #expect(shrink.suggestedEnrolment == 95 && shrink.schedule.isEmpty)
    }

    @Test("a rule's cut says its size, and of several cuts the basis names the one taken")
    func ruleCutIsSized() throws {
        let policy = """
            <policy xmlns="urn:chanjiao:policy:1" id="p">
              <rule id="weak" action="shrink" source="本系统设定" reason="三项指标中有两项偏弱"><anyOf k="2">
                <condition indicator="employmentRate" below="0.75"/><condition indicator="enrolmentFill" below="0.6"/>
                <condition indicator="firstChoiceRate" below="0.5"/>
              </anyOf></rule>
            </policy>
            """
        let colleges = HandCatalog.colleges([
            HandCatalog.college(
                "c1", "一", district: "渝北区", [HandCatalog.program("460103", enrolment: 100, employment: "0.6", capacity: 200)])
        ])
        let demand = AdviceWorld.demand(
            "d1", cluster: "X", district: "渝北区", [AdviceWorld.role("r1", "数控操作", "6-18-01-01", 80, ["数控编程"])])
        let (set, plan) = try AdviceWorld.plan([("policy.xml", policy), ("colleges.xml", colleges), ("demand.xml", demand)])
        let a = AdviceWorld.advice(set, plan, "c1/460103")
        // Employment 60 % under the red line 70 %: ⌈0.10 × 100⌉ = 10; under the rule's 75 %:
        // ⌈0.15 × 100⌉ = 15, the larger, which the advice takes.
        #expect(a.card == .red && a.adjustment == .shrink, "\(a.basis)")
        #expect(a.suggestedEnrolment == 85, "\(a.basis)")
        #expect(a.basis.contains("就业率 60% 低于 70%，按差距 10% × 招生 100 计 10 人"), "\(a.basis)")
        #expect(a.basis.contains("三项指标中有两项偏弱（就业率 60% 低于 75%，按差距 15% × 招生 100 计 15 人）"), "\(a.basis)")
        #expect(a.basis.hasSuffix("取其中最大的 15 人"), "\(a.basis)")
        #expect(a.rules.contains { $0.id == "weak" && $0.evidence.contains("就业率低于 75%") && $0.evidence.contains("招生计划完成率低于 60%") })
    }
}

@Suite("Accounts, unserved roles and openings add up")
struct AccountsTests {
    static let colleges = HandCatalog.colleges([
        HandCatalog.college(
            "c1", "一", district: "渝北区",
            [
                HandCatalog.program("460103", enrolment: 100, employment: "0.95", capacity: 130),
                HandCatalog.program("520201", enrolment: 50, employment: "0.9", capacity: 60),
                HandCatalog.program("530302", enrolment: 40, employment: "0.9", capacity: 60),
                HandCatalog.program("520102", enrolment: 30, employment: "0.9", capacity: 60),
            ]),
        HandCatalog.college("c2", "二", district: "沙坪坝区", [HandCatalog.program("460103", enrolment: 80, employment: "0.9", capacity: 100)]),
        HandCatalog.college("c3", "三", district: "江北区", [HandCatalog.program("520102", enrolment: 30, employment: "0.9", capacity: 60)]),
    ])
    static let demands = [
        (
            "d1.xml",
            AdviceWorld.demand(
                "d1", cluster: "X", district: "渝北区",
                [
                    AdviceWorld.role("r1", "数控操作", "6-18-01-01", 200, ["数控编程", "数控机床操作"]),
                    AdviceWorld.role("r2", "护理", "2-05-08-01", 35, ["基础护理"]),
                ])
        ),
        (
            "d2.xml",
            AdviceWorld.demand(
                "d2", cluster: "Y", district: "江北区",
                [
                    AdviceWorld.role("r3", "内科医生", "2-05-01-01", 10, ["临床诊断", "内科学"]),
                    AdviceWorld.role("r4", "潜水作业", "8-01-01-01", 7, ["水下焊接"]),
                ])
        ),
    ]

    static func plan(_ policy: String? = nil) throws -> (CatalogSet, Plan) {
        var files = [("colleges.xml", colleges)] + demands
        if let policy { files.append(("policy.xml", policy)) }
        return try AdviceWorld.plan(files)
    }

    /// A policy whose pipeline sends a fifth of each level's graduates on to further study.
    static let furtherStudy = """
        <policy xmlns="urn:chanjiao:policy:1" id="p">
          <pipeline horizon="0">
            <stage education="secondary" years="3" dropout="0" furtherStudy="0.2" illustrative="true"/>
            <stage education="higher" years="3" dropout="0" furtherStudy="0.2" illustrative="true"/>
            <stage education="bachelor" years="4" dropout="0" furtherStudy="0.2" illustrative="true"/>
          </pipeline>
        </policy>
        """

    @Test(
        "available = placed + unplaced = Σ cluster supply + 'matches no demand'; demand = filled + unfilled per cluster",
        arguments: [false, true])
    func identities(pipeline: Bool) throws {
        let (set, plan) = try Self.plan(pipeline ? Self.furtherStudy : nil)
        let a = plan.accounts
        // The accounts' available is this year's labour-market graduates of every program.
        #expect(plan.available.count == set.programs.count)
        let available = plan.available.reduce(0) { $0 + Int($1) }
        #expect(a.available == available)
        // Without a pipeline every graduate is available (no retention given): 330; further study
        // takes a fifth of each program's (all multiples of 5): 80 + 40 + 32 + 24 + 64 + 24 = 264.
        #expect(available == (pipeline ? 264 : 330))
        #expect(a.available == a.placed + a.unplaced)
        #expect(plan.clusters.reduce(0) { $0 + $1.supply } + a.unplacedNoDemand == a.available)
        // 会计 (40) and the two 医学影像技术 programs (60) match no submitted role; the 15 nurses
        // beyond r2's 35 are idle in cluster X. With further study: 32 + 48 = 80, and 40 − 35 = 5.
        #expect(a.unplacedNoDemand == (pipeline ? 80 : 100))
        #expect(plan.clusters.first { $0.key == "X" }?.unplaced == (pipeline ? 5 : 15))
        #expect(a.demand == a.filled + a.unfilled && a.demand == 252)
        for b in plan.clusters {
            #expect(b.demand == b.allocated + b.unfilled)
            #expect(b.supply == b.allocated + b.unplaced)
        }
        #expect(plan.clusters.reduce(0) { $0 + $1.demand } == a.demand)
    }

    @Test("every unfilled role is listed with its reason")
    func unserved() throws {
        let (set, plan) = try Self.plan()
        let byID = Dictionary(uniqueKeysWithValues: plan.unservedRoles.map { (set.roles[Int($0.role)].id, $0) })
        #expect(plan.unservedRoles.reduce(0) { $0 + $1.unmet } == plan.accounts.unfilled)
        #expect(byID["r1"]?.reason == .allCandidatesFull && byID["r1"]?.unmet == 20)
        #expect(byID["r3"]?.reason == .linkedMajorsNotTaught && byID["r3"]?.unmet == 10)
        #expect(byID["r4"]?.reason == .noLinkedMajor && byID["r4"]?.unmet == 7)
        #expect(byID["r2"] == nil)
    }

    @Test("openings split a major's unmet demand among its colleges; national-control majors only where allowed")
    func openings() throws {
        let (set, plan) = try Self.plan()
        // Default policy: 临床医学 (520101K) is national-control and is not proposed.
        #expect(!plan.openings.contains { set.majors[Int($0.major)].national })
        let allowing = """
            <policy xmlns="urn:chanjiao:policy:1" id="p"><openings allowNationalControl="true"/></policy>
            """
        let (set2, plan2) = try Self.plan(allowing)
        let k = plan2.openings.filter { set2.majors[Int($0.major)].code == "520101K" }
        // c1 and c3 teach 520102 of the same class 5201: the 10 unmet of r3 split 5 + 5, counted once.
        #expect(k.map { set2.colleges[Int($0.college)].id }.sorted() == ["c1", "c3"])
        #expect(k.map(\.unmet).reduce(0, +) == 10 && k.allSatisfy { $0.majorUnmet == 10 && $0.offeredBy == 0 })
        // No opening answers more than the unfilled headcount, and each role counts for one major.
        #expect(plan2.openings.reduce(0) { $0 + $1.unmet } <= plan2.accounts.unfilled)
    }
}

@Suite("Consortia")
struct ConsortiaTests {
    @Test("optimal ≥ stable on random instances under the same constraints")
    func optimalAtLeastStable() throws {
        var rng = SeededRandom(seed: 17)
        for _ in 0..<200 {
            let n = Int(rng.next() % 8) + 1
            let m = Int(rng.next() % 6) + 1
            var pairs: [(college: Int, anchor: Int, weight: Int64)] = []
            for c in 0..<n {
                for a in 0..<m where rng.next() % 3 != 0 { pairs.append((c, a, Int64(rng.next() % 1000) + 1)) }
            }
            let instance = Consortia.Instance(
                collegeCap: (0..<n).map { _ in Int(rng.next() % 3) + 1 }, anchorCap: (0..<m).map { _ in Int(rng.next() % 4) + 1 },
                pairs: pairs)
            let (optimal, stable) = try Consortia.solve(instance)
            let wo = optimal.reduce(Int64(0)) { $0 + pairs[$1].weight }
            let ws = stable.reduce(Int64(0)) { $0 + pairs[$1].weight }
            #expect(wo >= ws)
            // Both respect the caps.
            for sel in [optimal, stable] {
                for c in 0..<n { #expect(sel.filter { pairs[$0].college == c }.count <= instance.collegeCap[c]) }
                for a in 0..<m { #expect(sel.filter { pairs[$0].anchor == a }.count <= instance.anchorCap[a]) }
            }
        }
    }

    @Test("a district consortium takes its own district's colleges first and names its leads")
    func locality() throws {
        // c1 (渝北区) serves a 渝北区 role weakly and a 沙坪坝区 role of the same cluster strongly;
        // with one consortium per college, the weight alone would send it to the cluster.
        let policy = """
            <policy xmlns="urn:chanjiao:policy:1" id="p"><consortia maxPerCollege="1" minColleges="1" maxColleges="8"/></policy>
            """
        let colleges = HandCatalog.colleges([
            HandCatalog.college(
                "c1", "一", district: "渝北区", [HandCatalog.program("460103", enrolment: 100, employment: "0.95", capacity: 130)]),
            HandCatalog.college(
                "c2", "二", district: "沙坪坝区", [HandCatalog.program("460103", enrolment: 10, employment: "0.9", capacity: 100)]),
        ])
        let d1 = AdviceWorld.demand(
            "d1", cluster: "X", district: "渝北区", [AdviceWorld.role("r1", "数控操作", "6-18-01-01", 5, ["数控编程"])])
        let d2 = AdviceWorld.demand(
            "d2", cluster: "X", district: "沙坪坝区", [AdviceWorld.role("r2", "数控操作", "6-18-01-01", 90, ["数控编程"])])
        let (set, plan) = try AdviceWorld.plan([
            ("policy.xml", policy), ("colleges.xml", colleges), ("d1.xml", d1), ("d2.xml", d2),
        ])
        let yubei = plan.consortia.optimal.first { $0.kind == .district && $0.anchor == "渝北区" }
        #expect(yubei.map { $0.colleges.map { set.colleges[Int($0)].id } } == ["c1"])
        #expect(yubei?.localMembers == 1 && yubei?.leadEnterprise == "企业d1" && yubei?.leadCollege == 0)
        for c in plan.consortia.optimal + plan.consortia.stable {
            #expect(c.leadCollege != nil && c.leadEnterprise != nil)
            if c.kind == .district, let lead = c.leadCollege {
                #expect(c.localMembers > 0 || c.note != nil, "\(c.anchor): \(lead)")
            }
        }
        #expect(plan.consortia.optimalWeight >= plan.consortia.stableWeight)
    }
}

@Suite("双师型 as a target")
struct DualTeacherTests {
    @Test("at system level the share is reported, not a gate on each program; at program level it gates")
    func levels() throws {
        let colleges = """
            <colleges xmlns="urn:chanjiao:colleges:1">
              <college id="c1" name="一" district="渝北区" type="higher">
                <program major="460103" enrolment="100" graduates="100" employmentRate="0.95" capacity="130" dualTeacherRatio="0.5"/>
              </college>
            </colleges>
            """
        let demand = AdviceWorld.demand(
            "d1", cluster: "X", district: "渝北区", [AdviceWorld.role("r1", "数控操作", "6-18-01-01", 150, ["数控编程"])])
        func policy(_ level: String) -> String {
            "<policy xmlns=\"urn:chanjiao:policy:1\" id=\"p\"><bounds dualTeacherFloor=\"0.7\" dualTeacherLevel=\"\(level)\"/></policy>"
        }
        let (_, system) = try AdviceWorld.plan([("policy.xml", policy("system")), ("colleges.xml", colleges), ("demand.xml", demand)])
        #expect(system.programs[0].adjustment == .expand)
        #expect(system.dualTeacher.level == .system && system.dualTeacher.systemMicros == 500_000)
        #expect(system.dualTeacher.targetMicros == 700_000 && system.dualTeacher.programsGated == 0)
        let (_, program) = try AdviceWorld.plan([("policy.xml", policy("program")), ("colleges.xml", colleges), ("demand.xml", demand)])
        #expect(program.programs[0].adjustment == .keep)
        #expect(program.programs[0].rules.contains { $0.id == "bounds.dualTeacherFloor" })
        // Without a level the policy's share is a system target.
        let bare = "<policy xmlns=\"urn:chanjiao:policy:1\" id=\"p\"><bounds dualTeacherFloor=\"0.7\"/></policy>"
        let (_, dflt) = try AdviceWorld.plan([("policy.xml", bare), ("colleges.xml", colleges), ("demand.xml", demand)])
        #expect(dflt.programs[0].adjustment == .expand)
    }
}
