import Catalog
import Foundation
import MatchingCore
import Parallel

/// A measured value as an exact fraction of integers (a stored rate is millionths over a million).
struct Measure: Sendable {
    var numerator: Int64
    var denominator: Int64

    /// A count.
    static func count(_ n: Int32) -> Measure { Measure(numerator: Int64(n), denominator: 1) }
    /// A stored rate, as written in its file.
    static func rate(_ x: Float) -> Measure { Measure(numerator: Exact.micros(x), denominator: Exact.unit) }

    /// The value as people read it: a count, a rate as written, a fraction rounded to 3 places.
    var text: String {
        if denominator == 1 { return String(numerator) }
        if denominator == Exact.unit { return Exact.text(numerator) }
        return Exact.text(Measure.thousandths(numerator, denominator) * 1000)
    }

    /// The value as a percentage: a stored rate as written (`0.604` → `60.4%`), a fraction rounded
    /// to a tenth of a percent (`20/30` → `66.7%`).
    var percentText: String {
        Exact.percent(denominator == Exact.unit ? numerator : Measure.thousandths(numerator, denominator) * 1000)
    }

    /// `n / d` rounded half up to thousandths (n, d ≥ 0, d > 0).
    static func thousandths(_ n: Int64, _ d: Int64) -> Int64 { (n * 2000 + d) / (2 * d) }
}

/// Turns an allocation into advice: cards, enrolment changes derived from the evidence, the
/// accounts of supply and demand, unserved roles and openings. Guides/Advice.md explains the model.
struct Advisor {
    /// The allocation advised (`var`: the sensitivity test advises copies under moved policies).
    var allocation: Allocation
    let space: MatchSpace
    let edges: CandidateEdges
    let flowsByProgram: [[Flow]]
    /// The inputs (stored, not read through `allocation`, so that no access copies the whole set).
    let set: CatalogSet

    init(allocation: Allocation, space: MatchSpace, edges: CandidateEdges) {
        self.allocation = allocation
        self.set = allocation.set
        self.space = space
        self.edges = edges
        var byProgram = [[Flow]](repeating: [], count: allocation.set.programs.count)
        for f in allocation.flows { byProgram[Int(f.program)].append(f) }
        self.flowsByProgram = byProgram
    }
    var policy: Policy { allocation.policy }

    /// Distinct roles each program has a candidate edge to, ascending.
    private var programRoles: [[Int32]] {
        var out = [[Int32]](repeating: [], count: set.programs.count)
        for r in set.roles.indices {
            for e in edges.roleStart[r]..<edges.roleStart[r + 1] {
                let p = Int(edges.program[e])
                if out[p].last != Int32(r) { out[p].append(Int32(r)) }
            }
        }
        return out
    }

    /// Splits `total` among `weights` in proportion (largest remainder, ties to the earlier
    /// entry); equal weights when they sum to 0. The parts add up to `total`.
    static func apportion(_ total: Int, _ weights: [Int]) -> [Int] {
        guard !weights.isEmpty, total > 0 else { return [Int](repeating: 0, count: weights.count) }
        var w = weights.map { max(0, $0) }
        var sum = w.reduce(0, +)
        if sum == 0 {
            w = [Int](repeating: 1, count: w.count)
            sum = w.count
        }
        var parts = [Int](repeating: 0, count: w.count)
        var rems: [(rem: Int, i: Int)] = []
        var given = 0
        for i in w.indices {
            let (q, r) = (total * w[i]).quotientAndRemainder(dividingBy: sum)
            parts[i] = q
            given += q
            rems.append((r, i))
        }
        rems.sort { $0.rem > $1.rem || ($0.rem == $1.rem && $0.i < $1.i) }
        for k in 0..<(total - given) { parts[rems[k % rems.count].i] += 1 }
        return parts
    }

    /// Each program's share of the unmet headcount of its roles: every short role's unmet split
    /// among its candidate programs by their available graduates. Σ shares = Σ unmet of the short
    /// roles that have candidates.
    func demandShares(unmet: [Int32], available: [Int32]) -> [Int] {
        var share = [Int](repeating: 0, count: set.programs.count)
        for r in set.roles.indices where unmet[r] > 0 {
            let lo = edges.roleStart[r]
            let hi = edges.roleStart[r + 1]
            guard lo < hi else { continue }
            let programs = (lo..<hi).map { Int(edges.program[$0]) }
            let parts = Self.apportion(Int(unmet[r]), programs.map { Int(available[$0]) })
            for (k, p) in programs.enumerated() { share[p] += parts[k] }
        }
        return share
    }

    /// Whether the 双师型 floor keeps each program from expanding, at the level the policy sets,
    /// and the check reported in the plan.
    func dualTeacher() -> (check: DualTeacherCheck, gated: [Bool]) {
        let b = policy.bounds
        let target = Exact.micros(b.dualTeacherFloor)
        var gated = [Bool](repeating: false, count: set.programs.count)
        var collegeNum = [Int64](repeating: 0, count: set.colleges.count)
        var collegeDen = [Int64](repeating: 0, count: set.colleges.count)
        var num: Int64 = 0
        var den: Int64 = 0
        var withData = 0
        for p in set.programs where !p.dualTeacherRatio.isNaN {
            withData += 1
            let w = Int64(max(1, p.enrolment))
            num += Exact.micros(p.dualTeacherRatio) * w
            den += w
            collegeNum[Int(p.college)] += Exact.micros(p.dualTeacherRatio) * w
            collegeDen[Int(p.college)] += w
        }
        var collegesBelow = 0
        for c in set.colleges.indices where collegeDen[c] > 0 && collegeNum[c] < target * collegeDen[c] { collegesBelow += 1 }
        if target > 0 {
            for (i, p) in set.programs.enumerated() {
                switch b.dualTeacherLevel {
                case .program: gated[i] = !p.dualTeacherRatio.isNaN && Exact.micros(p.dualTeacherRatio) < target
                case .college:
                    let c = Int(p.college)
                    gated[i] = collegeDen[c] > 0 && collegeNum[c] < target * collegeDen[c]
                case .system: gated[i] = false
                }
            }
        }
        let system: Int64? = den > 0 ? (num + den / 2) / den : nil
        let check = DualTeacherCheck(
            level: b.dualTeacherLevel, targetMicros: target, systemMicros: system, programsWithData: withData,
            collegesBelow: collegesBelow, programsGated: 0)
        return (check, gated)
    }

    /// Advice per program; `majorBalances` (from `balances()`) feed the supplyDemandRatio indicator.
    ///
    /// With a horizon, the demand signals of each program (utilisation, its roles' shortfall, its
    /// share of their unmet) are read in the year its next intake graduates (this year + its
    /// years of study, at most the horizon's last year): the enrolment change is sized by the gap
    /// those students will meet.
    func programAdvice(majorBalances: [Balance], gated: [Bool], threads: Int = 1, horizon: [YearAllocation] = [])
        -> [ProgramAdvice]
    {
        programAdvice(context: adviceContext(majorBalances: majorBalances, gated: gated, horizon: horizon), threads: threads)
    }

    /// Advice per program in a context built by `adviceContext`.
    func programAdvice(context: AdviceContext, threads: Int = 1) -> [ProgramAdvice] {
        // Programs are independent: fixed chunks, each worker with its own memo of taught terms
        // (a cache only), so the output does not depend on the thread count.
        return chunkedMap(count: set.programs.count, chunk: 4096, threads: threads, state: [Int64: Bool]()) {
            i, taught in self.advice(program: i, context: context, taught: &taught)
        }
    }

    /// The context of `advice(program:context:taught:)`: this year's view, or each program's
    /// graduation year's view when a horizon is given.
    func adviceContext(majorBalances: [Balance], gated: [Bool], horizon: [YearAllocation]) -> AdviceContext {
        let roles = programRoles
        var majorRatio: [String: (Int, Int)] = [:]
        for b in majorBalances { majorRatio[b.key] = (b.supply, b.demand) }
        var allocated = [Int32](repeating: 0, count: set.programs.count)
        for f in allocation.flows { allocated[Int(f.program)] += f.count }
        var views = [
            YearView(
                offset: 0, label: "", available: allocation.available, allocated: allocated, unmet: allocation.unmet,
                share: demandShares(unmet: allocation.unmet, available: allocation.available))
        ]
        var view = [Int](repeating: 0, count: set.programs.count)
        if !horizon.isEmpty {
            let base = Cohorts.baseYear(set, policy.pipeline)
            var byOffset: [Int: Int] = [:]
            let stages = policy.pipeline.stages
            for (i, p) in set.programs.enumerated() {
                let years = stages[Cohorts.level(of: p, in: set).index].years
                let t = min(1 + years, horizon.count)
                if let v = byOffset[t] {
                    view[i] = v
                    continue
                }
                let y = horizon[t - 1]
                let label = PipelinePlan.yearLabel(offset: t, year: base.map { $0 + t }, spaced: true)
                views.append(
                    YearView(
                        offset: t, label: label, available: y.available, allocated: y.allocated, unmet: y.unmet,
                        share: demandShares(unmet: y.unmet, available: y.available)))
                byOffset[t] = views.count - 1
                view[i] = views.count - 1
            }
        }
        return AdviceContext(
            roles: roles, majorRatio: majorRatio, views: views, view: view, gated: gated, horizon: horizon.count)
    }

    /// One year's allocation as the advice reads it.
    struct YearView: Sendable {
        let offset: Int
        let label: String
        let available: [Int32]
        let allocated: [Int32]
        let unmet: [Int32]
        let share: [Int]
    }

    /// What `advice(program:context:taught:)` reads besides the advisor itself.
    struct AdviceContext: Sendable {
        let roles: [[Int32]]
        let majorRatio: [String: (Int, Int)]
        /// Year views: this year's first.
        let views: [YearView]
        /// Each program's view (index into `views`).
        let view: [Int]
        let gated: [Bool]
        /// Years of the horizon (0: the one-year plan); a shrink larger than a year's cap becomes a schedule.
        let horizon: Int
        /// Whether to skip curriculum gaps (the sensitivity test reads only the card).
        var cardOnly = false
    }

    /// The advice for program `i`: card, fired rules, an enrolment change derived from the gap the
    /// program can help close (capped by the policy's bounds), gaps, reason.
    func advice(program i: Int, context: AdviceContext, taught: inout [Int64: Bool]) -> ProgramAdvice {
        let s = signals(program: i, context: context)
        var ev = cardSignals(s)
        ruleSignals(s, context: context, into: &ev)
        let b = enrolmentBounds(s.p)
        var d = decide(s, ev, b, gated: context.gated[i])
        applyOverrides(&d, &ev, s.p, gated: context.gated[i])
        let (suggested, schedule) = fitToBounds(&d, e: s.e, b, horizon: context.horizon)
        let gaps = context.cardOnly ? [] : curriculumGaps(program: i, roles: s.roles, taught: &taught)
        let reason = Self.reason(
            card: d.card, adjustment: d.adjustment, util: s.util, used: s.used, available: s.available,
            shortfall: s.shortfall, from: s.e, to: suggested, employment: s.empText, gaps: gaps.map { set.terms[$0] },
            conflict: d.conflict, schedule: schedule, when: s.when, capped: d.capped)
        let (available, used) = (s.available, s.used)
        return ProgramAdvice(
            program: Int32(i), available: Int32(available), allocated: Int32(used),
            utilisation: available > 0 ? Double(Measure.thousandths(Int64(used), Int64(available))) / 1000 : 0,
            card: d.card, adjustment: d.adjustment, suggestedEnrolment: Int32(suggested), lowerBound: Int32(b.lower),
            upperBound: Int32(b.upper), shortfallOfItsRoles: s.shortfall, demandShare: s.share, basis: d.basis,
            conflict: d.conflict, schedule: schedule, gaps: gaps, rules: ev.fired, reason: reason,
            signalYear: s.year.offset)
    }
}
