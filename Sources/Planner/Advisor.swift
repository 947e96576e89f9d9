public import Catalog
public import MatchingCore
import Foundation

/// Turns an allocation into advice: cards, bounded enrolment changes, gaps, balances, openings.
struct Advisor {
    let plan: Plan
    let space: MatchSpace
    let edges: CandidateEdges
    let flowsByProgram: [[Flow]]
    /// The inputs (stored, not read through `plan`, so that no access copies the whole set).
    let set: CatalogSet

    init(plan: Plan, space: MatchSpace, edges: CandidateEdges) {
        self.plan = plan
        self.set = plan.set
        self.space = space
        self.edges = edges
        var byProgram = [[Flow]](repeating: [], count: plan.set.programs.count)
        for f in plan.flows { byProgram[Int(f.program)].append(f) }
        self.flowsByProgram = byProgram
    }
    var policy: Policy { plan.policy }

    /// Roles each program has a candidate edge to.
    private var programRoles: [[Int32]] {
        var out = [[Int32]](repeating: [], count: set.programs.count)
        for r in set.roles.indices {
            for e in edges.roleStart[r]..<edges.roleStart[r + 1] { out[Int(edges.program[e])].append(Int32(r)) }
        }
        return out
    }

    private func f3(_ x: Double) -> String { String(format: "%.3f", x) }

    /// The value of an indicator for a program now, or its series over the years for consecutive rules.
    private func series(_ i: Indicator, _ p: Program, _ advice: (util: Double, ratio: Double?)) -> [Double] {
        let hist = p.history.sorted { $0.year < $1.year }
        func clean(_ xs: [Double]) -> [Double] { xs.filter { !$0.isNaN && $0 >= 0 } }
        switch i {
        case .employmentRate: return clean(hist.map { Double($0.employmentRate) } + [Double(p.employmentRate)])
        case .firstChoiceRate: return clean(hist.map { Double($0.firstChoiceRate) })
        case .enrolment: return clean(hist.map { Double($0.enrolment) } + [Double(p.enrolment)])
        case .graduates: return clean(hist.map { Double($0.graduates) } + [Double(p.graduates)])
        case .utilisation: return [advice.util]
        case .enrolmentFill: return p.capacity > 0 ? [Double(p.enrolment) / Double(p.capacity)] : []
        case .dualTeacherRatio: return clean([Double(p.dualTeacherRatio)])
        case .localRetention: return clean([Double(p.localRetention)])
        case .supplyDemandRatio: return advice.ratio.map { [$0] } ?? []
        }
    }

    private func describe(_ c: Condition) -> String {
        var s = c.indicator.rawValue
        if let b = c.below { s += " < \(b)" }
        if let a = c.above { s += " > \(a)" }
        return s
    }

    /// Advice per program; `majorBalances` (from `balances()`) feed the supplyDemandRatio indicator.
    func programAdvice(majorBalances: [Balance], threads: Int = 1) -> [ProgramAdvice] {
        let roles = programRoles
        let majorRatio = Dictionary(uniqueKeysWithValues: majorBalances.map { ($0.key, $0.ratio) })
        var allocated = [Int32](repeating: 0, count: set.programs.count)
        for f in plan.flows { allocated[Int(f.program)] += f.count }
        // Programs are independent: fixed chunks, each worker with its own memo of taught terms
        // (a cache only), so the output does not depend on the thread count.
        let context = AdviceContext(roles: roles, majorRatio: majorRatio, allocated: allocated)
        return chunkedMap(count: set.programs.count, chunk: 4096, threads: threads, state: { [Int64: Bool]() }) {
            i, taught in self.advice(program: i, context: context, taught: &taught)
        }
    }

    /// What `advice(program:context:taught:)` reads besides the advisor itself.
    struct AdviceContext: Sendable {
        let roles: [[Int32]]
        let majorRatio: [String: Double]
        let allocated: [Int32]
    }

    /// The advice for program `i`: card, fired rules, bounded enrolment, gaps, reason.
    func advice(program i: Int, context: AdviceContext, taught: inout [Int64: Bool]) -> ProgramAdvice {
        let p = set.programs[i]
        let roles = context.roles
        let majorRatio = context.majorRatio
        let allocated = context.allocated
        let cards = policy.cards
        let bounds = policy.bounds
        let available = Planner.available(p)
        let used = allocated[i]
        let util = available > 0 ? Double(used) / Double(available) : 0
        let shortfall = Set(roles[i]).reduce(0) { $0 + Int(max(0, plan.unmet[Int($1)])) }
        var fired: [FiredRule] = []
        var card: Card
        if Double(p.employmentRate) < cards.redEmploymentBelow {
            card = .red
            fired.append(
                FiredRule(
                    id: "card.red.employment", action: "shrink",
                    evidence: "employmentRate \(f3(Double(p.employmentRate))) < \(cards.redEmploymentBelow)", source: "DESIGN.md Advise"))
        } else if roles[i].isEmpty {
            // No submitted role is close enough to score: the demand data does not cover this
            // field, which says nothing about its labour market. Keep, and say so.
            card = .yellow
            fired.append(
                FiredRule(
                    id: "card.yellow.noDemandData", action: "keep",
                    evidence: "no demand role scores ≥ \(policy.scoring.floor) against this program", source: "Guides/DesignChanges.md"))
        } else if util < cards.yellowUtilisation {
            card = .red
            fired.append(
                FiredRule(
                    id: "card.red.utilisation", action: "shrink",
                    evidence: "utilisation \(f3(util)) (\(used)/\(available)) < \(cards.yellowUtilisation)", source: "DESIGN.md Advise"))
        } else if util >= cards.greenUtilisation && shortfall > 0 {
            card = .green
            fired.append(
                FiredRule(
                    id: "card.green", action: "expand",
                    evidence: "utilisation \(f3(util)) ≥ \(cards.greenUtilisation) and its roles still short by \(shortfall)",
                    source: "DESIGN.md Advise"))
        } else {
            card = .yellow
            let why =
                util >= cards.greenUtilisation
                ? "utilisation \(f3(util)) ≥ \(cards.greenUtilisation) but its roles are met"
                : "utilisation \(f3(util)) in [\(cards.yellowUtilisation), \(cards.greenUtilisation))"
            fired.append(FiredRule(id: "card.yellow", action: "keep", evidence: why, source: "DESIGN.md Advise"))
        }
        var adjustment: Adjustment = card == .green ? .expand : card == .yellow ? .keep : .shrink
        var noExpand = false
        let ratio = p.major >= 0 ? majorRatio[set.majors[Int(p.major)].code] : nil
        for rule in policy.rules {
            var evidence: String?
            switch rule.trigger {
            case .when(let c):
                if let v = series(c.indicator, p, (util, ratio)).last, c.holds(v) {
                    evidence = "\(c.indicator.rawValue) \(f3(v)) (\(describe(c)))"
                }
            case .consecutive(let c, let years):
                let s = series(c.indicator, p, (util, ratio))
                if s.count >= years, s.suffix(years).allSatisfy({ c.holds($0) }) {
                    evidence =
                        "\(c.indicator.rawValue) \(s.suffix(years).map(f3).joined(separator: ", ")) (\(describe(c)) for \(years) years running)"
                }
            case .anyOf(let cs, let k):
                let hits = cs.filter { c in series(c.indicator, p, (util, ratio)).last.map { c.holds($0) } ?? false }
                if hits.count >= k {
                    evidence = "\(hits.count) of \(cs.count) indicators: " + hits.map(describe).joined(separator: "; ")
                }
            }
            guard let evidence else { continue }
            fired.append(FiredRule(id: rule.id, action: rule.action.rawValue, evidence: evidence, source: rule.source))
            switch rule.action {
            case .red, .shrink:
                card = .red
                if adjustment != .stop { adjustment = .shrink }
            case .stop:
                card = .red
                adjustment = .stop
            case .yellow, .keep:
                if card == .green {
                    card = .yellow
                    adjustment = .keep
                }
            case .noExpand:
                noExpand = true
            case .expand:
                if card != .red {
                    card = .green
                    adjustment = .expand
                }
            }
        }
        if adjustment == .expand && !p.dualTeacherRatio.isNaN && Double(p.dualTeacherRatio) < bounds.dualTeacherFloor {
            noExpand = true
            fired.append(
                FiredRule(
                    id: "bounds.dualTeacherFloor", action: "noExpand",
                    evidence: "dualTeacherRatio \(f3(Double(p.dualTeacherRatio))) < \(bounds.dualTeacherFloor)", source: policy.id))
        }
        if noExpand && adjustment == .expand { adjustment = .keep }
        // Bounds.
        let e = Double(p.enrolment)
        let lower = Int32((e * (1 - bounds.shrinkPerYear)).rounded(.up))
        var upper = Int32((e * (1 + bounds.expandPerYear)).rounded(.down))
        upper = min(upper, max(p.capacity, p.enrolment))
        if bounds.studentsPerMajorCap > 0 { upper = min(upper, Int32(bounds.studentsPerMajorCap)) }
        upper = max(upper, lower)
        var suggested: Int32
        switch adjustment {
        case .expand:
            let step = Int32(max(1, min(Int(upper - p.enrolment), shortfall)))
            suggested = min(upper, p.enrolment + step)
        case .keep:
            suggested = min(p.enrolment, upper)
        case .shrink:
            suggested = lower
        case .stop:
            suggested = lower
            if bounds.minimumEnrolment > 0 && Int(lower) < bounds.minimumEnrolment { suggested = 0 }
        }
        if adjustment == .expand && suggested <= p.enrolment { adjustment = .keep }
        let gaps = curriculumGaps(program: i, roles: roles[i], taught: &taught)
        let reason = Self.reason(
            card: card, adjustment: adjustment, util: util, used: used, available: available, shortfall: shortfall,
            from: p.enrolment, to: suggested, employment: Double(p.employmentRate), gaps: gaps.map { set.terms[$0] })
        return ProgramAdvice(
                program: Int32(i), available: available, allocated: used, utilisation: (util * 1000).rounded() / 1000,
                card: card, adjustment: adjustment, suggestedEnrolment: suggested, lowerBound: lower,
                upperBound: upper, shortfallOfItsRoles: shortfall, gaps: gaps, rules: fired, reason: reason)
    }

    static func reason(
        card: Card, adjustment: Adjustment, util: Double, used: Int32, available: Int32, shortfall: Int, from: Int32,
        to: Int32, employment: Double, gaps: [String]
    ) -> String {
        let u = String(format: "%.0f%%", util * 100)
        let emp = String(format: "%.0f%%", employment * 100)
        switch adjustment {
        case .expand:
            return "\(card.chinese)：毕业生利用率 \(u)（\(used)/\(available)），对口岗位仍缺 \(shortfall) 人，建议招生 \(from)→\(to)"
        case .keep:
            let g = gaps.isEmpty ? "" : "；补齐课程短板：" + gaps.prefix(3).joined(separator: "、")
            if available > 0 && used == 0 && shortfall == 0 && gaps.isEmpty {
                return "\(card.chinese)：提交的产业需求未覆盖该专业方向，就业率 \(emp)，暂按现规模招生 \(to)"
            }
            return "\(card.chinese)：利用率 \(u)，就业率 \(emp)，建议保持招生 \(to)\(g)"
        case .shrink:
            return "\(card.chinese)：利用率 \(u)，就业率 \(emp)，建议缩减招生 \(from)→\(to)"
        case .stop:
            return "\(card.chinese)：连续指标触发停招规则，建议逐年缩减直至停招，下年 \(from)→\(to)"
        }
    }

    /// The heaviest skills of a program's matched roles that its curriculum lacks.
    ///
    /// A skill counts as taught when a term of the program (or its major, or the major's name)
    /// equals it or one contains the other, compared as UTF-8 bytes. Answers are memoised per
    /// profile, since programs of one major share their terms.
    func curriculumGaps(program i: Int, roles: [Int32], taught: inout [Int64: Bool]) -> [Int32] {
        guard !roles.isEmpty else { return [] }
        let p = set.programs[i]
        let profile = Int64(space.programProfile[i]) << 32
        var flowTo: [Int32: Int32] = [:]
        for f in flowsByProgram[i] { flowTo[f.role, default: 0] += f.count }
        var weight: [Int32: Float] = [:]
        var previous: Int32 = -1
        for r in roles.sorted() where r != previous {
            previous = r
            let w = Float(max(1, flowTo[r] ?? 0))
            for s in set.roles[Int(r)].skills { weight[s.term, default: 0] += s.weight * w }
        }
        // Heaviest first; stop at the fifth lacking skill (the order of the result is the same).
        let ranked = weight.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
        var have: [[UInt8]]?
        var lacking: [Int32] = []
        for (term, _) in ranked {
            let key = profile | Int64(term)
            let known: Bool
            if let k = taught[key] {
                known = k
            } else {
                if have == nil {
                    var h: [String] = p.terms.map { set.terms[$0] }
                    if p.major >= 0 {
                        let m = set.majors[Int(p.major)]
                        h += m.terms.map { set.terms[$0.term] }
                        h.append(m.name)
                    }
                    have = h.map { Array($0.utf8) }
                }
                let t = Array(set.terms[term].utf8)
                known = have!.contains { Self.contains($0, t) || Self.contains(t, $0) }
                taught[key] = known
            }
            if !known {
                lacking.append(term)
                if lacking.count == 5 { break }
            }
        }
        return lacking
    }

    /// Whether `needle` occurs in `haystack` (bytes; UTF-8 is self-synchronising, so this is a
    /// substring test on characters).
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty }
        let last = haystack.count - needle.count
        var i = 0
        while i <= last {
            if haystack[i] == needle[0] {
                var k = 1
                while k < needle.count && haystack[i + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    /// Supply/demand per cluster and per major.
    func balances() -> ([Balance], [Balance]) {
        let P = set.programs.count
        var bestRoleOfProgram = [Int32](repeating: -1, count: P)
        var bestScoreOfProgram = [Float](repeating: -1, count: P)
        var bestProgramOfRole = [Int32](repeating: -1, count: set.roles.count)
        for r in set.roles.indices {
            for e in edges.roleStart[r]..<edges.roleStart[r + 1] {
                let p = Int(edges.program[e])
                if edges.score[e] > bestScoreOfProgram[p] {
                    bestScoreOfProgram[p] = edges.score[e]
                    bestRoleOfProgram[p] = Int32(r)
                }
                if bestProgramOfRole[r] < 0 { bestProgramOfRole[r] = Int32(p) }
            }
        }
        func clusterOf(role r: Int) -> String { set.demands[Int(set.roles[r].submission)].cluster }
        func majorOf(program p: Int) -> String? {
            let m = set.programs[p].major
            return m >= 0 ? set.majors[Int(m)].code : nil
        }
        var cSupply: [String: Int] = [:]
        var cDemand: [String: Int] = [:]
        var cAlloc: [String: Int] = [:]
        var mSupply: [String: Int] = [:]
        var mDemand: [String: Int] = [:]
        var mAlloc: [String: Int] = [:]
        for (r, role) in set.roles.enumerated() {
            cDemand[clusterOf(role: r), default: 0] += Int(role.headcount)
            if plan.unmet[r] > 0, bestProgramOfRole[r] >= 0, let m = majorOf(program: Int(bestProgramOfRole[r])) {
                mDemand[m, default: 0] += Int(plan.unmet[r])
            }
        }
        for f in plan.flows {
            let c = clusterOf(role: Int(f.role))
            cSupply[c, default: 0] += Int(f.count)
            cAlloc[c, default: 0] += Int(f.count)
            if let m = majorOf(program: Int(f.program)) {
                mDemand[m, default: 0] += Int(f.count)
                mAlloc[m, default: 0] += Int(f.count)
            }
        }
        for p in 0..<P {
            if let m = majorOf(program: p) { mSupply[m, default: 0] += Int(Planner.available(set.programs[p])) }
            if plan.idle[p] > 0, bestRoleOfProgram[p] >= 0 {
                cSupply[clusterOf(role: Int(bestRoleOfProgram[p])), default: 0] += Int(plan.idle[p])
            }
        }
        func balance(_ key: String, _ name: String, _ s: Int, _ d: Int, _ a: Int) -> Balance {
            let ratio = d > 0 ? (Double(s) / Double(d) * 1000).rounded() / 1000 : .infinity
            let band = policy.band(ofRatio: ratio)
            return Balance(
                key: key, name: name, supply: s, demand: d, allocated: a, ratio: ratio, band: band.name,
                bandLabel: band.label)
        }
        var clusterKeys: [String] = set.clusters.map(\.id).filter { cDemand[$0] != nil }
        let known = Set(clusterKeys)
        clusterKeys += cDemand.keys.filter { !known.contains($0) }.sorted()
        let clusters = clusterKeys.map { k in
            balance(
                k, set.clusterIndex[k].map { set.clusters[Int($0)].name } ?? k, cSupply[k] ?? 0, cDemand[k] ?? 0,
                cAlloc[k] ?? 0)
        }
        let majorKeys = Set(mSupply.keys).union(mDemand.keys).sorted()
        let majors = majorKeys.map { k in
            balance(
                k, set.majorIndex[k].map { set.majors[Int($0)].name } ?? k, mSupply[k] ?? 0, mDemand[k] ?? 0,
                mAlloc[k] ?? 0)
        }
        return (clusters, majors)
    }

    /// The best three catalog majors for each role with unmet demand (empty for the others), in
    /// fixed chunks of roles on `threads` workers, so the result does not depend on the threads.
    func rankedMajorsOfShortRoles(threads: Int) -> [[ScoredRow]] {
        let floor = Float(policy.scoring.floor)
        return chunkedMap(count: set.roles.count, chunk: 1024, threads: threads, state: { self.space.rankingScratch() }) {
            r, scratch in
            guard self.plan.unmet[r] > 0 else { return [] }
            return self.space.rankMajors(role: r, level: self.set.roles[r].educationLevel, k: 3, floor: floor, scratch: &scratch)
        }
    }

    /// Majors worth opening for unmet roles, proposed to colleges that teach a major of the same 专业类.
    func openings(threads: Int = 1) -> [Opening] {
        struct Need {
            var unmet = 0
            var roles: [(Int32, Int32)] = []
            var score: Float = 0
            var districts: [String: Int] = [:]

            mutating func update(role: Int32, unmet: Int32, score: Float, district: String?) {
                self.unmet += Int(unmet)
                roles.append((role, unmet))
                self.score = max(self.score, score)
                if let district { districts[district, default: 0] += Int(unmet) }
            }
        }
        var needs: [Int32: Need] = [:]
        let majorCount = set.majors.count
        let ranked = rankedMajorsOfShortRoles(threads: threads)
        for (r, role) in set.roles.enumerated() where plan.unmet[r] > 0 {
            for x in ranked[r] where Int(x.row) < majorCount {
                // In place: a copy taken out of the dictionary and put back would copy the
                // major's whole role list on every append (quadratic for a much-needed major).
                needs[x.row, default: Need()].update(role: Int32(r), unmet: plan.unmet[r], score: x.score, district: role.district)
            }
        }
        // Which majors each college teaches, and which of them by 专业类.
        var teaches = [Set<Int32>](repeating: [], count: set.colleges.count)
        var byClass = [[String: [Int32]]](repeating: [:], count: set.colleges.count)
        for p in set.programs where p.major >= 0 {
            if teaches[Int(p.college)].insert(p.major).inserted {
                byClass[Int(p.college)][set.majors[Int(p.major)].classCode, default: []].append(p.major)
            }
        }
        var out: [Opening] = []
        for (m, need) in needs.sorted(by: { $0.value.unmet > $1.value.unmet || ($0.value.unmet == $1.value.unmet && $0.key < $1.key) }) {
            let major = set.majors[Int(m)]
            let district = need.districts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
            var candidates: [(college: Int32, same: [Int32], local: Bool)] = []
            for (c, college) in set.colleges.enumerated() where !teaches[c].contains(m) {
                let fits = college.type == major.level || (college.type == .bachelor && major.level == .higher)
                guard fits else { continue }
                guard let sameClass = byClass[c][major.classCode] else { continue }
                let same = sameClass.sorted()
                candidates.append((Int32(c), same, college.district == district))
            }
            candidates.sort {
                ($0.local ? 0 : 1, -$0.same.count, $0.college) < ($1.local ? 0 : 1, -$1.same.count, $1.college)
            }
            let roles = need.roles.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }.map(\.0)
            for c in candidates.prefix(3) {
                let sameNames = c.same.prefix(3).map { set.majors[Int($0)].name }.joined(separator: "、")
                let where_ = c.local ? "位于需求集中的\(district ?? "")" : "邻近需求"
                let reason =
                    "对口岗位缺口 \(need.unmet) 人（\(roles.prefix(3).map { set.roles[Int($0)].name }.joined(separator: "、"))），该校已开设同类专业\(sameNames)，\(where_)"
                out.append(
                    Opening(
                        major: m, college: c.college, unmet: need.unmet, roles: Array(roles.prefix(10)), score: need.score,
                        sameClassMajors: c.same, sameDistrict: c.local, reason: reason))
            }
        }
        return out
    }
}

extension MatchSpace {
    /// Scratch for `rankMajors`.
    public func rankingScratch() -> TopKScratch { TopKScratch(rowCount: majorIndex.rowCount) }

    /// The catalog's majors at `level` ranked for role `role` by `α·cos + (1−α)·occ`, best first.
    /// - Complexity: the postings of the role's query columns plus O(k log k).
    public func rankMajors(role: Int, level: EducationLevel, k: Int, floor: Float, scratch: inout TopKScratch)
        -> [ScoredRow]
    {
        // Rows 0..<majorCount are the catalog's majors; the rest are customised programs.
        let eligible = majorRowsByLevel[level.index]
        return majorIndex.topK(query: queries.row(role), k: k, floor: floor, scratch: &scratch) { eligible[$0] }
    }
}
