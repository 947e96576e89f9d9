import Catalog
import Foundation
import MatchingCore
import TestSupport
import Testing

@testable import Planner

/// A world whose links can be read off: one major (数控技术) linked to 车工 6-18-01-01, taught by one
/// college; roles that share its 细类, only its 小类 (磨工 6-18-01-04), only its 中类 (焊工 6-18-02-04),
/// or no occupation at all.
enum LinkWorld {
    static let majors = HandCatalog.majors([HandCatalog.numericalControl, HandCatalog.nursing])
    static let occupations = HandCatalog.occupations(["6-18-01-01", "6-18-01-04", "6-18-02-04", "2-05-08-01"])
    static let colleges = """
        <colleges xmlns="urn:chanjiao:colleges:1">
          <college id="c1" name="一" district="渝北区" type="higher">
            <program major="460103" enrolment="100" graduates="100" employmentRate="0.9" capacity="130"/>
            <program major="520201" enrolment="100" graduates="100" employmentRate="0.9" capacity="130"/>
          </college>
        </colleges>
        """

    static func role(_ id: String, _ name: String, occupation: String?, _ skills: [String]) -> String {
        HandCatalog.role(id, name, occupation: occupation, headcount: 10, skills)
    }

    static func load(_ roles: [String], policy: String? = nil) throws -> CatalogSet {
        var files: [(String, String)] = [
            ("majors.xml", majors), ("occupations.xml", occupations), ("colleges.xml", colleges),
            ("demand.xml", HandCatalog.demand("d1", submitter: "企业", roles)),
        ]
        if let policy { files.append(("policy.xml", policy)) }
        return try World.clean("chanjiao-link", files)
    }

    /// The programs (by major code) and evidence of role `id`'s candidate edges.
    static func edges(_ set: CatalogSet, _ e: CandidateEdges, role id: String) -> [(String, LinkEvidence)] {
        let r = set.roles.firstIndex { $0.id == id }!
        return (e.roleStart[r]..<e.roleStart[r + 1]).map { (set.majors[Int(set.programs[Int(e.program[$0])].major)].code, e.evidence[$0]) }
    }
}

@Suite("Linking degrades from the exact occupation to the hierarchy and the text")
struct LinkingTests {
    static let roles = [
        LinkWorld.role("exact", "车工", occupation: "6-18-01-01", ["数控编程"]),
        LinkWorld.role("minor", "磨工", occupation: "6-18-01-04", ["外圆磨削"]),
        LinkWorld.role("middle", "焊工", occupation: "6-18-02-04", ["数控编程", "数控机床操作"]),
        LinkWorld.role("text", "数控技术员", occupation: nil, ["数控编程", "数控机床操作"]),
    ]

    @Test("each edge records its evidence: exact code, same 小类, same 中类, text only")
    func kinds() throws {
        let set = try LinkWorld.load(Self.roles)
        let space = MatchSpace(set: set, scoring: set.policy.scoring)
        let e = space.candidates(set: set, threads: 1)
        #expect(e.evidence.count == e.count)
        #expect(LinkWorld.edges(set, e, role: "exact").map(\.1) == [.exactCode])
        #expect(LinkWorld.edges(set, e, role: "minor").map(\.0) == ["460103"])
        #expect(LinkWorld.edges(set, e, role: "minor").map(\.1) == [.sameMinorGroup])
        #expect(LinkWorld.edges(set, e, role: "middle").map(\.1) == [.sameMiddleGroup])
        #expect(LinkWorld.edges(set, e, role: "text").map(\.0) == ["460103"])
        #expect(LinkWorld.edges(set, e, role: "text").map(\.1) == [.textOnly])
        // The plan's flows carry the same evidence, and count the edges by kind.
        let plan = try Planner(policy: set.policy).plan(set)
        let byRole = Dictionary(plan.flows.map { (set.roles[Int($0.role)].id, $0.evidence) }, uniquingKeysWith: { a, _ in a })
        #expect(byRole["exact"] == .exactCode && byRole["minor"] == .sameMinorGroup && byRole["text"] == .textOnly)
        #expect(plan.candidateEdgesByEvidence == [1, 1, 1, 1])
        #expect(LinkEvidence.allCases.map(\.chinese) == ["同职业", "同小类", "同中类", "仅文本"])
    }

    @Test("the document weights come from the policy: with every weight of a major's text at 0 only occupation links match")
    func documentWeightsFromThePolicy() throws {
        let mute = """
            <policy xmlns="urn:chanjiao:policy:1" id="p"><scoring>
            <documents majorName="0" majorCourse="0" majorOther="0" linkName="0" linkTask="0"/></scoring></policy>
            """
        let set = try LinkWorld.load(Self.roles, policy: mute)
        #expect(set.policy.scoring.documents.majorName == 0 && set.policy.scoring.documents.roleOccupationTask == 0.4)
        let e = MatchSpace(set: set, scoring: set.policy.scoring).candidates(set: set, threads: 1)
        // The text-only role found 数控技术 through its courses; with them weightless it finds nothing.
        #expect(LinkWorld.edges(set, e, role: "text").isEmpty)
        #expect(LinkWorld.edges(set, e, role: "exact").map(\.1) == [.exactCode])
        let plain = try LinkWorld.load(Self.roles)
        #expect(plain.policy.scoring.documents == DocumentWeights())
        let e0 = MatchSpace(set: plain, scoring: plain.policy.scoring).candidates(set: plain, threads: 1)
        #expect(LinkWorld.edges(plain, e0, role: "text").map(\.0) == ["460103"])
    }

    @Test("a role sharing only the 小类 gets its candidate in the fallback search, not at the floor")
    func fallback() throws {
        // The 磨工 role shares no text with 数控技术: its score is (1−α)·occMinor = 0.24, below the
        // floor 0.35 and above the fallback floor 0.2.
        let off = """
            <policy xmlns="urn:chanjiao:policy:1" id="p"><scoring floor="0.35" fallbackFloor="0.35"/></policy>
            """
        let withoutFallback = try LinkWorld.load(Self.roles, policy: off)
        #expect(withoutFallback.policy.scoring.fallbackFloor == 0.35)
        let space0 = MatchSpace(set: withoutFallback, scoring: withoutFallback.policy.scoring)
        #expect(LinkWorld.edges(withoutFallback, space0.candidates(set: withoutFallback, threads: 1), role: "minor").isEmpty)

        let set = try LinkWorld.load(Self.roles)
        #expect(set.policy.scoring.fallbackFloor == 0.2 && set.policy.scoring.fallbackTopK == 16)
        let space = MatchSpace(set: set, scoring: set.policy.scoring)
        let e = space.candidates(set: set, threads: 1)
        let r = set.roles.firstIndex { $0.id == "minor" }!
        #expect(e.roleStart[r + 1] - e.roleStart[r] == 1)
        let score = e.score[e.roleStart[r]]
        #expect(abs(score - 0.24) < 1e-4, "\(score)")
        // Explained: no shared text, the whole score is the occupation part.
        let x = space.explain(profile: 0, role: r, features: space.vectorizer.featureTexts())
        #expect(x.evidence == .sameMinorGroup && x.sharedFeatures.isEmpty && abs(x.occupationPart - 0.24) < 1e-4)
        // The fallback never lowers the bar for roles already served at the floor: the exact role
        // keeps only its floor-passing edge (护理 is not offered to it).
        #expect(LinkWorld.edges(set, e, role: "exact").map(\.0) == ["460103"])
    }

    @Test("the fallback search gives the same edges at any thread count")
    func threads() throws {
        let set = try LinkWorld.load(Self.roles)
        let space = MatchSpace(set: set, scoring: set.policy.scoring)
        #expect(space.candidates(set: set, threads: 1) == space.candidates(set: set, threads: 4))
    }
}
