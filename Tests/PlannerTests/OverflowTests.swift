import Catalog
import Foundation
import TestSupport
import Testing

@testable import Planner

/// Demand accumulated over many accepted files may ask for more posts than `Int32` holds; the plan
/// must still be made (issue 16: `Advisor.openings` trapped, and the server died at every start).
@Suite("Sums past Int32")
struct OverflowTests {
    static let majors = HandCatalog.majors([
        HandCatalog.numericalControlCourse, HandCatalog.machining,
    ])
    static let occupations = HandCatalog.occupations(["6-18-01-01"])
    static let colleges = HandCatalog.colleges(
        [
            HandCatalog.college(
                "c1", "示例一", district: "渝北区", [HandCatalog.program("460103", enrolment: 100, employment: "0.95", capacity: 130)])
        ],
        illustrative: true)

    /// One demand file `id` of ten roles of 1,000,000 posts each (the most one file may ask for),
    /// named `name`, of `occupation` and wanting `skill`.
    static func demand(_ id: String, _ name: String, occupation: String, skill: String) -> String {
        HandCatalog.demand(
            id, submitter: "示例协会", period: 2026,
            (0..<10).map { HandCatalog.role("\(id)-r\($0)", name, occupation: occupation, headcount: 1_000_000, [skill]) })
    }

    @Test("220 files of 10,000,000 posts each (2.2 billion in all) are planned, and the sums are exact")
    func demandPastInt32() throws {
        let files =
            [("majors.xml", Self.majors), ("occupations.xml", Self.occupations), ("colleges.xml", Self.colleges)]
            + (0..<220).map { ("demand-\($0).xml", Self.demand("d\($0)", "数控操作", occupation: "6-18-01-01", skill: "数控编程")) }
        let loaded = try World.load("chanjiao-overflow", files)
        #expect(!loaded.diagnostics.contains { $0.severity == .error }, "\(loaded.diagnostics.prefix(3))")
        let plan = try Planner(policy: Policy()).plan(loaded.set)
        let unmet = plan.unmet.reduce(0) { $0 + Int($1) }
        #expect(unmet == 2_200_000_000 - 100)
        #expect(unmet > Int(Int32.max))
        // The one program is every role's only candidate: its share, its shortfall and the
        // accounts carry the whole unmet demand, summed without overflow. (Its roles are answered
        // by its expansion, so no opening is proposed for them.)
        #expect(plan.programs[0].shortfallOfItsRoles == unmet)
        #expect(plan.programs[0].demandShare == unmet)
        #expect(plan.accounts.unfilled == unmet && plan.accounts.demand == 2_200_000_000)
        #expect(plan.unservedRoles.reduce(0) { $0 + $1.unmet } == unmet)
        #expect(plan.openings.isEmpty)
    }

    /// A second world where the roles have no candidate program, so their demand reaches
    /// `Advisor.openings` (the sum that trapped): their occupation is linked only to 460104,
    /// which no college teaches, and the college's 460103 shares only the 小类 (score below the floor).
    static let openingMajors = HandCatalog.majors([
        HandCatalog.numericalControlCourse,
        .init(code: "460104", name: "机械制造及自动化", occupation: "6-18-01-02", courses: ["车削加工"]),
    ])
    static let openingOccupations = HandCatalog.occupations(["6-18-01-01", "6-18-01-02"], names: ["6-18-01-02": "铣工"])

    @Test("2.2 billion posts with no candidate program are summed into one opening without overflow")
    func openingsPastInt32() throws {
        let files =
            [
                ("majors.xml", Self.openingMajors), ("occupations.xml", Self.openingOccupations), ("colleges.xml", Self.colleges),
            ] + (0..<220).map { ("demand-\($0).xml", Self.demand("o\($0)", "铣削", occupation: "6-18-01-02", skill: "车削加工")) }
        let loaded = try World.load("chanjiao-overflow-openings", files)
        #expect(!loaded.diagnostics.contains { $0.severity == .error }, "\(loaded.diagnostics.prefix(3))")
        // The taught major shares the roles' 小类 (6-18-01): without the fallback search, so that no
        // program is a candidate and the whole demand goes to openings.
        var policy = Policy()
        policy.scoring.fallbackFloor = policy.scoring.floor
        let plan = try Planner(policy: policy).plan(loaded.set)
        #expect(plan.flows.isEmpty)
        let unmet = plan.unmet.reduce(0) { $0 + Int($1) }
        #expect(unmet == 2_200_000_000)
        // Every role's unmet goes to 460104 once, proposed to the college that teaches its 专业类.
        let total = plan.openings.reduce(0) { $0 + $1.unmet }
        #expect(total == unmet, "\(plan.openings.map(\.unmet))")
        #expect(plan.openings.allSatisfy { loaded.set.majors[Int($0.major)].code == "460104" })
    }
}
