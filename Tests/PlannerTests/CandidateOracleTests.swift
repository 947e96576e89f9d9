import Catalog
import Foundation
import MatchingCore
import TestSupport
import Testing

@testable import Planner

/// Candidate retrieval against an exhaustive scan: every program scored by the plain sparse dot
/// product of its profile row, times levelFit and the geo factor, sorted (equal scores in the
/// role's tie order), cut at k, and stored by score then program index.
@Suite("Candidate retrieval equals an exhaustive scan")
struct CandidateOracleTests {
    /// The exact top k of role `r` by scanning every program; when none reaches the floor, the
    /// exact top `fallbackTopK` down to `fallbackFloor` (the second search).
    static func exhaustive(_ space: MatchSpace, set: CatalogSet, role r: Int) -> [ScoredRow] {
        let s = space.scoring
        let first = exhaustive(space, set: set, role: r, floor: Float(s.floor), k: s.topK)
        guard first.isEmpty, s.fallbackFloor < s.floor else { return first }
        return exhaustive(space, set: set, role: r, floor: Float(s.fallbackFloor), k: s.fallbackTopK)
    }

    static func exhaustive(_ space: MatchSpace, set: CatalogSet, role r: Int, floor: Float, k: Int) -> [ScoredRow] {
        let s = space.scoring
        let query = space.queries.row(r)
        let district = set.roles[r].district
        let asked = set.roles[r].educationLevel.index
        let roleLevel = set.roles[r].level.index
        var all: [ScoredRow] = []
        for (i, program) in set.programs.enumerated() {
            let p = Int(space.programProfile[i])
            guard p >= 0, program.graduates > 0 else { continue }
            let pl = space.profileLevel[p].index
            let fit: Float = pl == asked ? 1 : Float(s.levelFit[pl][roleLevel])
            let programDistrict = set.colleges[Int(program.college)].district
            let geo: Float =
                district == nil || district!.isEmpty || programDistrict == district
                ? Float(s.sameDistrict) : Float(s.sameCity)
            let score = (fit * query.dot(row: p, of: space.profiles)) * geo
            if score >= floor { all.append(ScoredRow(row: Int32(i), score: score)) }
        }
        // Equal scores in the role's tie order: program indices from its start, wrapping round.
        let start = Int(MatchSpace.tieStarts(set)[r])
        let n = set.programs.count
        func rank(_ row: Int32) -> Int { (Int(row) - start + n) % n }
        all.sort { $0.score > $1.score || ($0.score == $1.score && rank($0.row) < rank($1.row)) }
        let kept = all.prefix(max(1, k))
        return kept.sorted { $0.score > $1.score || ($0.score == $1.score && $0.row < $1.row) }
    }

    static func check(_ set: CatalogSet, policy: Policy, roles: some Sequence<Int>) -> (checked: Int, edges: Int) {
        let space = MatchSpace(set: set, scoring: policy.scoring)
        let edges = space.candidates(set: set, threads: 2)
        // Skipping many more columns (slack up to half the floor) must not change the result:
        // the skipped columns then decide which majors are expanded.
        #expect(space.candidates(set: set, threads: 2, slackCap: 1) == edges)
        var checked = 0
        for r in roles {
            let got = (edges.roleStart[r]..<edges.roleStart[r + 1]).map {
                ScoredRow(row: edges.program[$0], score: edges.score[$0])
            }
            let want = exhaustive(space, set: set, role: r)
            #expect(got == want, "role \(set.roles[r].id): \(got.prefix(5)) vs \(want.prefix(5))")
            checked += 1
        }
        return (checked, edges.count)
    }

    /// A random catalog over a small vocabulary (many shared bigrams and ties), with customised
    /// programs (own terms, extra or replacing occupations), several districts and all three levels.
    static func randomSet(seed: UInt64) throws -> CatalogSet {
        var rng = SeededRandom(seed: seed)
        let syllables = Array("数控机床编程护理电气自动化汽车检测维修软件网络数据物流营销会计")
        func word() -> String { String((0..<rng.int(2...4)).map { _ in syllables[rng.int(0...syllables.count - 1)] }) }
        let occupations = (1...6).flatMap { a in (1...3).map { b in "6-\(10 + a)-0\(b)-0\(rng.int(1...3))" } }
        let uniqueOccupations = Array(Set(occupations)).sorted()
        let levels = ["secondary", "higher", "bachelor"]
        let prefixes = ["secondary": "6", "higher": "4", "bachelor": "2"]
        var majors: [(code: String, level: String)] = []
        var majorXML = "<majorCatalog xmlns=\"urn:chanjiao:majors:1\" edition=\"2021\">\n"
        for (li, level) in levels.enumerated() {
            let category = "\(prefixes[level]!)\(li + 1)"
            majorXML +=
                "<category code=\"\(category)\" name=\"类\(li)\" level=\"\(level)\"><class code=\"\(category)01\" name=\"类\(li)一\">\n"
            for m in 0..<8 {
                let code = "\(category)01\(String(format: "%02d", m + 1))"
                majors.append((code, level))
                majorXML += "<major code=\"\(code)\" name=\"\(word())\" level=\"\(level)\">"
                for _ in 0..<rng.int(0...2) {
                    majorXML += "<occupation code=\"\(uniqueOccupations[rng.int(0...uniqueOccupations.count - 1)])\"/>"
                }
                for _ in 0..<rng.int(1...4) { majorXML += "<term kind=\"course\">\(word())</term>" }
                majorXML += "</major>\n"
            }
            majorXML += "</class></category>\n"
        }
        majorXML += "</majorCatalog>\n"
        var occXML = "<occupationCatalog xmlns=\"urn:chanjiao:occupations:1\" edition=\"2022\">\n"
        for o in uniqueOccupations { occXML += "<occupation code=\"\(o)\" name=\"\(word())\"/>\n" }
        occXML += "</occupationCatalog>\n"
        let districts = ["甲区", "乙区", "丙区"]
        let types = ["secondary": "secondary", "higher": "higher", "bachelor": "bachelor"]
        var collegeXML = "<colleges xmlns=\"urn:chanjiao:colleges:1\" illustrative=\"true\">\n"
        for c in 0..<12 {
            let level = levels[c % 3]
            let district = " district=\"\(c % 4 == 3 ? "丁区" : districts[c % 3])\""
            collegeXML += "<college id=\"c\(c)\" name=\"示例\(c)\"\(district) type=\"\(types[level]!)\">\n"
            var used = Set<String>()
            for _ in 0..<rng.int(4...10) {
                let m = majors.filter { $0.level == level }[rng.int(0...7)]
                guard used.insert(m.code).inserted else { continue }
                let graduates = rng.chance(0.1) ? 0 : rng.int(5...90)
                let replace = rng.chance(0.2) ? " occupations=\"replace\"" : ""
                collegeXML +=
                    "<program major=\"\(m.code)\" enrolment=\"100\" graduates=\"\(graduates)\" employmentRate=\"0.9\" capacity=\"120\"\(replace)>"
                if rng.chance(0.5) || !replace.isEmpty {
                    for _ in 0..<rng.int(0...2) {
                        collegeXML += "<occupation code=\"\(uniqueOccupations[rng.int(0...uniqueOccupations.count - 1)])\"/>"
                    }
                    for _ in 0..<rng.int(1...3) { collegeXML += "<term>\(word())</term>" }
                }
                collegeXML += "</program>\n"
            }
            collegeXML += "</college>\n"
        }
        collegeXML += "</colleges>\n"
        var demandXML =
            "<demand xmlns=\"urn:chanjiao:demand:1\" id=\"d\(seed)\" submitter=\"示例\" cluster=\"X\" period=\"2025\" district=\"甲区\">\n"
        let roleLevels = ["operator", "technician", "engineer"]
        for r in 0..<40 {
            let occupation = rng.chance(0.6) ? " occupation=\"\(uniqueOccupations[rng.int(0...uniqueOccupations.count - 1)])\"" : ""
            let district = rng.chance(0.5) ? " district=\"\(districts[rng.int(0...2)])\"" : ""
            demandXML +=
                "<role id=\"r\(r)\" name=\"\(word())\"\(occupation)\(district) level=\"\(roleLevels[rng.int(0...2)])\" headcount=\"\(rng.int(1...50))\" educationLevel=\"\(levels[rng.int(0...2)])\">"
            for _ in 0..<rng.int(0...4) { demandXML += "<skill>\(word())</skill>" }
            demandXML += "</role>\n"
        }
        demandXML += "</demand>\n"
        let r = try World.load(
            "chanjiao-oracle",
            [("majors.xml", majorXML), ("occupations.xml", occXML), ("colleges.xml", collegeXML), ("demand.xml", demandXML)])
        #expect(!r.diagnostics.contains { $0.severity == .error }, "\(r.diagnostics.prefix(3))")
        return r.set
    }

    @Test("random catalogs with customised programs, districts and levels", arguments: 1...12)
    func random(seed: UInt64) throws {
        let set = try Self.randomSet(seed: seed)
        #expect(set.roles.count == 40)
        #expect(set.programs.contains { $0.replacesOccupations })
        var policy = Policy()
        policy.scoring.floor = [0.05, 0.2, 0.35][Int(seed % 3)]
        policy.scoring.topK = [1, 3, 7, 64][Int(seed % 4)]
        let (checked, edges) = Self.check(set, policy: policy, roles: set.roles.indices)
        #expect(checked == 40)
        #expect(edges > 0)
    }

    @Test("the shipped Chongqing set (every 25th role)")
    func shipped() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Catalogs")
        let r = CatalogLoader().load([root.path])
        #expect(!r.diagnostics.contains { $0.severity == .error })
        let policy = r.set.policy
        let (checked, edges) = Self.check(r.set, policy: policy, roles: stride(from: 0, to: r.set.roles.count, by: 25))
        #expect(checked > 40)
        #expect(edges > 5_000)
    }
}
