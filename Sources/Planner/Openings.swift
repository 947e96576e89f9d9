import Algorithms
import Catalog
import MatchingCore
import Parallel

extension Advisor {
    /// The best three catalog majors for each role with unmet demand and no candidate program
    /// (empty for the others), in
    /// fixed chunks of roles on `threads` workers, so the result does not depend on the threads.
    func rankedMajorsOfShortRoles(threads: Int) -> [[ScoredRow]] {
        let floor = Float(policy.scoring.floor)
        return chunkedMap(count: set.roles.count, chunk: 1024, threads: threads, state: self.space.rankingScratch()) {
            r, scratch in
            guard self.allocation.unmet[r] > 0, self.edges.roleStart[r] == self.edges.roleStart[r + 1] else { return [] }
            return self.space.rankMajors(role: r, level: self.set.roles[r].educationLevel, k: 3, floor: floor, scratch: &scratch)
        }
    }

    /// Majors worth opening for the roles that no program can serve (every unserved role but
    /// those whose candidates are full: the expansions of those candidates address them).
    ///
    /// Each role's unmet headcount goes to one major only — the best-ranked major the policy
    /// allows (no national-control major unless `openings.allowNationalControl`) that some college
    /// could open — and a major's total is split among at most `openings.collegesPerMajor`
    /// colleges of a fitting type that teach a major of the same 专业类, those in the district of
    /// most of its demand first. So the openings' shares add up to the unmet they answer, and that
    /// never exceeds the unfilled headcount.
    func openings(unserved: [UnservedRole], threads: Int = 1) -> [Opening] {
        let ranked = rankedMajorsOfShortRoles(threads: threads)
        var colleges = OpeningColleges(set)
        let needs = openingNeeds(unserved: unserved, ranked: ranked, colleges: &colleges)
        var out: [Opening] = []
        let perMajor = max(1, policy.openings.collegesPerMajor)
        for (m, need) in needs.sorted(by: { $0.value.unmet > $1.value.unmet || ($0.value.unmet == $1.value.unmet && $0.key < $1.key) }) {
            out += openings(
                major: m, need: need, candidates: colleges.candidates(m), offeredBy: colleges.offeredBy[Int(m)],
                perMajor: perMajor)
        }
        return out
    }

    /// The unmet headcount one major is picked to answer: the roles, their best score, their districts.
    struct OpeningNeed {
        var unmet = 0
        var roles: [(Int32, Int)] = []
        var score: Float = 0
        var districts: [String: Int] = [:]
    }

    /// Which majors each college teaches (by 专业类 too), and the colleges that could open a major (memoised).
    struct OpeningColleges {
        let set: CatalogSet
        var teaches: [Set<Int32>]
        var byClass: [[String: [Int32]]]
        /// How many colleges teach each major.
        var offeredBy: [Int]
        var candidateMemo: [Int32: [(college: Int32, same: [Int32])]] = [:]

        init(_ set: CatalogSet) {
            self.set = set
            teaches = [Set<Int32>](repeating: [], count: set.colleges.count)
            byClass = [[String: [Int32]]](repeating: [:], count: set.colleges.count)
            offeredBy = [Int](repeating: 0, count: set.majors.count)
            for p in set.programs where p.major >= 0 {
                if teaches[Int(p.college)].insert(p.major).inserted {
                    byClass[Int(p.college)][set.majors[Int(p.major)].classCode, default: []].append(p.major)
                    offeredBy[Int(p.major)] += 1
                }
            }
        }

        /// The colleges of a fitting type that do not teach major `m` but teach majors of its 专业类
        /// (those majors, sorted).
        mutating func candidates(_ m: Int32) -> [(college: Int32, same: [Int32])] {
            if let c = candidateMemo[m] { return c }
            let major = set.majors[Int(m)]
            var out: [(college: Int32, same: [Int32])] = []
            for (c, college) in set.colleges.enumerated() where !teaches[c].contains(m) {
                let fits = college.type == major.level || (college.type == .bachelor && major.level == .higher)
                guard fits, let sameClass = byClass[c][major.classCode] else { continue }
                out.append((Int32(c), sameClass.sorted()))
            }
            candidateMemo[m] = out
            return out
        }
    }

    /// Each unserved role's unmet headcount given to one major: the best-ranked (or linked) major
    /// the policy allows that some college could open.
    func openingNeeds(unserved: [UnservedRole], ranked: [[ScoredRow]], colleges: inout OpeningColleges)
        -> [Int32: OpeningNeed]
    {
        let majorCount = set.majors.count
        let allowK = policy.openings.allowNationalControl
        var needs: [Int32: OpeningNeed] = [:]
        for u in unserved where u.reason != .allCandidatesFull {
            let r = Int(u.role)
            var options: [(Int32, Float)] = ranked[r].filter { Int($0.row) < majorCount }.map { ($0.row, $0.score) }
            for m in u.linkedMajors where !options.contains(where: { $0.0 == m }) { options.append((m, 0)) }
            guard
                let pick = options.first(where: { m, _ in
                    (allowK || !set.majors[Int(m)].national) && !colleges.candidates(m).isEmpty
                })
            else { continue }
            // In place: a copy taken out of the dictionary and put back would copy the major's
            // whole role list on every append (quadratic for a much-needed major).
            needs[pick.0, default: OpeningNeed()].unmet += u.unmet
            needs[pick.0]!.roles.append((u.role, u.unmet))
            needs[pick.0]!.score = max(needs[pick.0]!.score, pick.1)
            if let d = set.roles[r].district { needs[pick.0]!.districts[d, default: 0] += u.unmet }
        }
        return needs
    }

    /// One major's openings: its need split among at most `perMajor` candidate colleges, those in
    /// the district of most of its demand first, then those with more majors of its 专业类.
    func openings(
        major m: Int32, need: OpeningNeed, candidates: [(college: Int32, same: [Int32])], offeredBy: Int, perMajor: Int
    ) -> [Opening] {
        var out: [Opening] = []
        let district = need.districts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
        let chosen = candidates.map { c in
            (college: c.college, same: c.same, local: set.colleges[Int(c.college)].district == district)
        }.sorted {
            ($0.local ? 0 : 1, -$0.same.count, $0.college) < ($1.local ? 0 : 1, -$1.same.count, $1.college)
        }.prefix(perMajor)
        let parts = Self.apportion(need.unmet, [Int](repeating: 1, count: chosen.count))
        let roles = need.roles.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }.map(\.0)
        // Several roles can share a name (two submitters asking for 保险经纪人): each name once.
        let roleNames = roles.lazy.map { set.roles[Int($0)].name }.uniqued().prefix(3).joined(separator: "、")
        for (k, c) in chosen.enumerated() {
            let sameNames = c.same.prefix(3).map { set.majors[Int($0)].name }.joined(separator: "、")
            let place = c.local ? "位于需求集中的\(district ?? "")" : "邻近需求"
            let offered = offeredBy == 0 ? "范围内尚无学校开设该专业" : "范围内已有 \(offeredBy) 所学校开设该专业"
            let reason =
                "对口岗位缺口 \(Exact.count(need.unmet)) 人（\(roleNames)），无现有专业点可满足；分 \(chosen.count) 校承担，本校 \(Exact.count(parts[k])) 人；\(offered)；该校已开设同类专业\(sameNames)，\(place)"
            out.append(
                Opening(
                    major: m, college: c.college, unmet: parts[k], majorUnmet: need.unmet, offeredBy: offeredBy,
                    roles: Array(roles.prefix(10)), score: need.score, sameClassMajors: c.same, sameDistrict: c.local,
                    reason: reason))
        }
        return out
    }
}
