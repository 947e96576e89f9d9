import Catalog
import MatchingCore
import Foundation

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

    /// `n / d` rounded half up to thousandths (n, d ≥ 0, d > 0).
    static func thousandths(_ n: Int64, _ d: Int64) -> Int64 { (n * 2000 + d) / (2 * d) }
}

/// Turns an allocation into advice: cards, enrolment changes derived from the evidence, the
/// accounts of supply and demand, unserved roles and openings. Guides/Advice.md explains the model.
struct Advisor {
    /// The plan advised (`var`: the sensitivity test advises copies under moved policies).
    var plan: Plan
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

    /// The value of an indicator for a program now, or its series over the years for consecutive rules.
    private func series(_ i: Indicator, _ p: Program, used: Int, available: Int, ratio: (Int, Int)?) -> [Measure] {
        let hist = p.history.sorted { $0.year < $1.year }
        func rates(_ xs: [Float]) -> [Measure] { xs.filter { !$0.isNaN && $0 >= 0 }.map(Measure.rate) }
        func counts(_ xs: [Int32]) -> [Measure] { xs.filter { $0 >= 0 }.map(Measure.count) }
        switch i {
        case .employmentRate: return rates(hist.map(\.employmentRate) + [p.employmentRate])
        case .firstChoiceRate: return rates(hist.map(\.firstChoiceRate))
        case .enrolment: return counts(hist.map(\.enrolment) + [p.enrolment])
        case .graduates: return counts(hist.map(\.graduates) + [p.graduates])
        case .utilisation:
            return available > 0 ? [Measure(numerator: Int64(used), denominator: Int64(available))] : []
        case .enrolmentFill:
            return p.capacity > 0 ? [Measure(numerator: Int64(p.enrolment), denominator: Int64(p.capacity))] : []
        case .dualTeacherRatio: return rates([p.dualTeacherRatio])
        case .localRetention: return rates([p.localRetention])
        case .supplyDemandRatio:
            guard let ratio, ratio.1 > 0 else { return [] }
            return [Measure(numerator: Int64(ratio.0), denominator: Int64(ratio.1))]
        }
    }

    private func describe(_ c: Condition) -> String {
        var s = c.indicator.chinese
        if let b = c.below { s += "低于 \(Exact.text(b))" }
        if let a = c.above { s += (c.below == nil ? "" : "或") + "高于 \(Exact.text(a))" }
        return s
    }

    /// The enrolment places a condition's shortfall stands for: a rate below its line by `d`
    /// (millionths) over `enrolment` places is `⌈d × enrolment⌉`; utilisation below its line is
    /// the idle graduates; other indicators give no gap (nil).
    private func gap(_ c: Condition, _ p: Program, idle: Int) -> Int? {
        guard let below = c.below else { return nil }
        let line = Exact.micros(below)
        switch c.indicator {
        case .employmentRate, .firstChoiceRate, .localRetention, .dualTeacherRatio:
            let v: Float
            switch c.indicator {
            case .employmentRate: v = p.employmentRate
            case .firstChoiceRate: v = p.history.max { $0.year < $1.year }?.firstChoiceRate ?? .nan
            case .localRetention: v = p.localRetention
            default: v = p.dualTeacherRatio
            }
            guard !v.isNaN else { return nil }
            let d = line - Exact.micros(v)
            guard d > 0 else { return nil }
            return Int((d * Int64(p.enrolment) + Exact.unit - 1) / Exact.unit)
        case .utilisation: return idle > 0 ? idle : nil
        default: return nil
        }
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
        return chunkedMap(count: set.programs.count, chunk: 4096, threads: threads, state: { [Int64: Bool]() }) {
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
        for f in plan.flows { allocated[Int(f.program)] += f.count }
        var views = [
            YearView(offset: 0, label: "", available: plan.available, allocated: allocated, unmet: plan.unmet,
                     share: demandShares(unmet: plan.unmet, available: plan.available))
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
                    YearView(offset: t, label: label, available: y.available, allocated: y.allocated, unmet: y.unmet,
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

    /// A signal asking for fewer places: how many (nil when the evidence gives no number) and why.
    private struct Cut {
        var places: Int?
        var why: String
    }

    /// The advice for program `i`: card, fired rules, an enrolment change derived from the gap the
    /// program can help close (capped by the policy's bounds), gaps, reason.
    func advice(program i: Int, context: AdviceContext, taught: inout [Int64: Bool]) -> ProgramAdvice {
        let p = set.programs[i]
        let roles = context.roles[i]
        let cards = policy.cards
        let bounds = policy.bounds
        let year = context.views[context.view[i]]
        let available = Int(year.available[i])
        let used = Int(year.allocated[i])
        let idle = max(0, available - used)
        let util = available > 0 ? Double(used) / Double(available) : 0
        let when = year.offset == 0 ? "" : "（\(year.label)毕业时）"
        let utilText = available > 0 ? "\(Measure(numerator: Int64(used), denominator: Int64(available)).text)（\(Exact.count(used))/\(Exact.count(available))）" : "—"
        let shortfall = roles.reduce(0) { $0 + max(0, Int(year.unmet[Int($1)])) }
        let share = year.share[i]
        let e = Int(p.enrolment)
        let empKnown = !p.employmentRate.isNaN
        let emp = Exact.micros(p.employmentRate)
        let empLine = Exact.micros(cards.redEmploymentBelow)
        let empLow = empKnown && emp < empLine
        let full = available > 0 && !Exact.below(Int64(used), Int64(available), Exact.micros(cards.greenUtilisation))
        let lowUtil = available > 0 && Exact.below(Int64(used), Int64(available), Exact.micros(cards.yellowUtilisation))
        let demandShort = !roles.isEmpty && full && shortfall > 0
        let empText = empKnown ? Exact.percent(emp) : "未知"

        var fired: [FiredRule] = []
        var cuts: [Cut] = []
        var stopRules: [String] = []
        var ruleCuts: [String] = []
        var expandByRule = false
        var keepByRule = false
        var noExpand = false
        var surplusConflict: String?

        // Built-in signals.
        if empLow {
            let d = empLine - emp
            let places = Int((d * Int64(e) + Exact.unit - 1) / Exact.unit)
            fired.append(
                FiredRule(
                    id: "card.red.employment", action: "shrink",
                    evidence: "就业率 \(Exact.text(emp)) 低于 \(Exact.text(empLine))", source: "本系统设定"))
            cuts.append(Cut(places: max(1, places), why: "就业率 \(empText) 低于 \(Exact.percent(empLine))，按差距 \(Exact.percent(d)) × 招生 \(Exact.count(e)) 计 \(max(1, places)) 人"))
        }
        if roles.isEmpty {
            fired.append(
                FiredRule(
                    id: "card.yellow.noDemandData", action: "keep",
                    evidence: "没有提交的岗位与该专业点的匹配分达到 \(Exact.text(policy.scoring.floor))", source: "本系统设定"))
        } else if demandShort {
            fired.append(
                FiredRule(
                    id: "card.green", action: "expand",
                    evidence: "\(when)利用率 \(utilText) 不低于 \(Exact.text(cards.greenUtilisation))，对口岗位仍缺 \(Exact.count(shortfall)) 人（本专业点可承担 \(Exact.count(share)) 人）",
                    source: "本系统设定"))
        } else if lowUtil {
            fired.append(
                FiredRule(
                    id: "card.surplus", action: "shrink",
                    evidence: "\(when)利用率 \(utilText) 低于 \(Exact.text(cards.yellowUtilisation))；对口岗位需求已满足，\(Exact.count(idle)) 名毕业生未分配",
                    source: "本系统设定"))
            if !empKnown {
                cuts.append(Cut(places: idle, why: "对口岗位需求已满足，闲置毕业生 \(Exact.count(idle)) 人"))
            } else if !empLow {
                surplusConflict =
                    "就业率 \(empText) 达标，但其对口岗位的提交需求已由其他专业点满足（闲置 \(Exact.count(idle)) 人）：两项信号不一致，取较小调整——保持"
            } else {
                cuts.append(Cut(places: idle, why: "对口岗位需求已满足，闲置毕业生 \(Exact.count(idle)) 人"))
            }
        } else if full {
            // All graduates placed and the roles they serve filled: a good program at the right size.
            fired.append(
                FiredRule(
                    id: "card.green.keep", action: "keep",
                    evidence: "利用率 \(utilText) 不低于 \(Exact.text(cards.greenUtilisation))，对口岗位需求已满足",
                    source: "本系统设定"))
        } else {
            let why =
                available == 0
                    ? "本年尚无可供给的毕业生"
                    : "\(when)利用率 \(utilText) 在 \(Exact.text(cards.yellowUtilisation)) 与 \(Exact.text(cards.greenUtilisation)) 之间"
            fired.append(FiredRule(id: "evidence.utilisation", action: "none", evidence: why, source: "本系统设定"))
        }

        // Policy rules.
        let ratio = p.major >= 0 ? context.majorRatio[set.majors[Int(p.major)].code] : nil
        for rule in policy.rules {
            var evidence: String?
            var hit: [Condition] = []
            switch rule.trigger {
            case .when(let c):
                if let v = series(c.indicator, p, used: used, available: available, ratio: ratio).last,
                    c.holds(v.numerator, v.denominator)
                {
                    evidence = "\(c.indicator.chinese) \(v.text)（\(describe(c))）"
                    hit = [c]
                }
            case .consecutive(let c, let years):
                let s = series(c.indicator, p, used: used, available: available, ratio: ratio)
                if s.count >= years, s.suffix(years).allSatisfy({ c.holds($0.numerator, $0.denominator) }) {
                    evidence =
                        "\(c.indicator.chinese)近 \(years) 年为 \(s.suffix(years).map(\.text).joined(separator: "、"))（连续 \(years) 年\(describe(c))）"
                    hit = [c]
                }
            case .anyOf(let cs, let k):
                hit = cs.filter { c in
                    series(c.indicator, p, used: used, available: available, ratio: ratio).last.map {
                        c.holds($0.numerator, $0.denominator)
                    } ?? false
                }
                if hit.count >= k {
                    evidence = "\(cs.count) 项指标中有 \(hit.count) 项偏弱：" + hit.map(describe).joined(separator: "；")
                } else {
                    hit = []
                }
            }
            guard let evidence else { continue }
            fired.append(FiredRule(id: rule.id, action: rule.action.rawValue, evidence: evidence, source: rule.source))
            switch rule.action {
            case .red, .shrink:
                let places = hit.compactMap { gap($0, p, idle: idle) }.max()
                cuts.append(Cut(places: places, why: rule.reason ?? "规则 \(rule.id)"))
                ruleCuts.append(rule.id)
            case .stop:
                stopRules.append(rule.id)
                cuts.append(Cut(places: nil, why: rule.reason ?? "规则 \(rule.id)"))
                ruleCuts.append(rule.id)
            case .yellow, .keep: keepByRule = true
            case .noExpand: noExpand = true
            case .expand: expandByRule = true
            }
        }

        // Bounds (exact: a share of millionths of the enrolment, rounded towards the current figure).
        let maxCut = Int(Int64(e) * Exact.micros(bounds.shrinkPerYear) / Exact.unit)
        let maxAdd = Int(Int64(e) * Exact.micros(bounds.expandPerYear) / Exact.unit)
        let lower = e - maxCut
        var upper = min(e + maxAdd, max(Int(p.capacity), e))
        if bounds.studentsPerMajorCap > 0 { upper = min(upper, bounds.studentsPerMajorCap) }
        upper = max(upper, lower)

        // Combine the signals.
        let wantsCut = !cuts.isEmpty
        let wantsMore = demandShort || expandByRule
        let protected = demandShort && !empLow
        var card: Card
        var adjustment: Adjustment
        var conflict: String?
        var delta = 0
        var basis: String
        let cutPlaces = cuts.compactMap(\.places).max()
        let cutWhy = cuts.map(\.why).joined(separator: "；")
        let addPlaces = share > 0 ? share : (expandByRule ? maxAdd : 0)
        let addWhy =
            share > 0
            ? "对口岗位仍缺 \(Exact.count(shortfall)) 人，按可分配毕业生比例本专业点份额 \(Exact.count(share)) 人"
            : "规则要求扩招，证据未给出缺口，按政策单年上限"
        if protected && wantsCut {
            // Graduates all placed in still-short roles and employment at the line: never red, never cut.
            card = .yellow
            adjustment = .keep
            conflict =
                "毕业生已全部进入仍短缺的对口岗位（缺 \(Exact.count(shortfall)) 人），就业率 \(empText) 达标；与规则 \(ruleCuts.joined(separator: "、")) 的缩减要求冲突：不缩减，保持"
            basis = "信号冲突，保持现有规模"
        } else if wantsMore && wantsCut {
            card = .yellow
            // A stop in conflict with unmet demand becomes at most one year's cut.
            let cut = stopRules.isEmpty ? (cutPlaces ?? maxCut) : max(cutPlaces ?? 0, maxCut)
            let blocked = noExpand || context.gated[i]
            // The smaller change: of +add and −cut, the one nearer to no change (no change when
            // expansion is ruled out, or when the two are equal).
            if blocked || addPlaces == cut {
                adjustment = .keep
                basis = blocked ? "信号冲突且不得扩招，保持现有规模" : "两项信号相当，保持现有规模"
            } else if addPlaces < cut {
                adjustment = .expand
                delta = addPlaces
                basis = addWhy
            } else {
                adjustment = .shrink
                delta = -cut
                basis = cutWhy
            }
            conflict =
                "过往信号要求缩减（\(cutWhy)），但对口岗位仍缺 \(Exact.count(shortfall)) 人（本专业点份额 \(Exact.count(share)) 人，建议扩招 \(Exact.count(addPlaces)) 人）：两项信号冲突，取较小调整"
        } else if wantsCut {
            card = .red
            if !stopRules.isEmpty {
                adjustment = .stop
                basis = cutWhy
            } else {
                adjustment = .shrink
                delta = -(cutPlaces ?? maxCut)
                basis = cutPlaces == nil ? "\(cutWhy)；证据未给出可量化缺口，按政策单年上限" : cutWhy
            }
        } else if wantsMore {
            card = .green
            adjustment = .expand
            delta = addPlaces
            basis = addWhy
        } else if full && !roles.isEmpty {
            // Fully placed, its roles filled, employment not below the line (else a cut fired).
            card = .green
            adjustment = .keep
            basis = "毕业生已全部对口分配，对口岗位需求已满足：保持现有规模"
        } else {
            card = .yellow
            adjustment = .keep
            conflict = surplusConflict
            basis = surplusConflict == nil ? "保持现有规模" : "信号冲突，保持现有规模"
        }
        if keepByRule && card == .green {
            card = .yellow
            adjustment = .keep
            delta = 0
            basis = "规则要求保持"
        }
        if adjustment == .expand && context.gated[i] {
            let level = bounds.dualTeacherLevel
            let value =
                level == .program
                ? "双师型教师比例 \(Measure.rate(p.dualTeacherRatio).text)"
                : "全校按招生加权的双师型教师比例"
            fired.append(
                FiredRule(
                    id: "bounds.dualTeacherFloor", action: "noExpand",
                    evidence: "\(value) 低于 \(Exact.text(bounds.dualTeacherFloor))（按\(level.chinese)评判）",
                    source: policy.id))
            noExpand = true
        }
        if noExpand && adjustment == .expand {
            adjustment = .keep
            delta = 0
            basis += "；但不得扩招，保持"
        }
        var suggested: Int
        var schedule: [Int32] = []
        switch adjustment {
        case .expand:
            suggested = min(upper, e + delta)
            if suggested < e + delta { basis += "；受单年上限 \(upper) 限制" }
        case .keep:
            suggested = min(e, upper)
            if suggested < e { basis += "；受专业招生上限 \(upper) 限制" }
        case .shrink:
            suggested = max(lower, e + delta)
            if suggested > e + delta {
                if context.horizon > 0 && maxCut > 0 {
                    // 逐年缩减 over the horizon: a year's cap each year until the evidence's size.
                    schedule = Self.schedule(
                        from: e, to: max(0, e + delta), step: maxCut, limit: context.horizon,
                        minimum: bounds.minimumEnrolment)
                    suggested = Int(schedule[0])
                    basis += "；单年最多缩减 \(Exact.count(maxCut)) 人，逐年缩减：\(schedule.map { Exact.count($0) }.joined(separator: "→"))"
                } else {
                    basis += "；受单年缩减下限 \(lower) 限制"
                }
            }
        case .stop:
            // 逐年缩减: the policy's largest yearly step each year, to 0 (at most ten years listed).
            if maxCut > 0 {
                schedule = Self.schedule(from: e, to: 0, step: maxCut, limit: 10, minimum: bounds.minimumEnrolment)
                suggested = Int(schedule[0])
                basis += "；逐年缩减 \(Exact.count(maxCut)) 人直至停招"
            } else {
                // The one-year bound allows no cut at this enrolment: the program is kept.
                adjustment = .keep
                suggested = min(e, upper)
                basis += "；单年缩减上限为 0（招生 \(Exact.count(e)) 人），保持"
            }
        }
        if adjustment == .expand && suggested <= e {
            adjustment = .keep
            suggested = min(e, upper)
        }
        if adjustment == .shrink && suggested >= e { adjustment = .keep }
        let gaps = context.cardOnly ? [] : curriculumGaps(program: i, roles: roles, taught: &taught)
        let reason = Self.reason(
            card: card, adjustment: adjustment, util: util, used: used, available: available, shortfall: shortfall,
            from: e, to: suggested, employment: empText, gaps: gaps.map { set.terms[$0] }, conflict: conflict,
            schedule: schedule, when: when)
        return ProgramAdvice(
            program: Int32(i), available: Int32(available), allocated: Int32(used),
            utilisation: available > 0 ? Double(Measure.thousandths(Int64(used), Int64(available))) / 1000 : 0,
            card: card, adjustment: adjustment, suggestedEnrolment: Int32(suggested), lowerBound: Int32(lower),
            upperBound: Int32(upper), shortfallOfItsRoles: shortfall, demandShare: share, basis: basis,
            conflict: conflict, schedule: schedule, gaps: gaps, rules: fired, reason: reason, signalYear: year.offset)
    }

    /// The yearly enrolments of a 逐年缩减 from `from` towards `to`, at most `limit` years: each year
    /// moves by at most `step` (the year's cap, > 0), so the first year never falls below the one-year
    /// bound `from − step`. From the second year on, a year that would fall below `minimum` (when
    /// > 0) becomes 0: the program is proposed to stop.
    static func schedule(from: Int, to target: Int, step: Int, limit: Int, minimum: Int) -> [Int32] {
        precondition(step > 0 && limit > 0)
        var out: [Int32] = []
        var next = from
        repeat {
            next = max(target, next - step)
            if !out.isEmpty && minimum > 0 && next < minimum { next = 0 }
            out.append(Int32(next))
        } while next > target && out.count < limit
        return out
    }

    static func reason(
        card: Card, adjustment: Adjustment, util: Double, used: Int, available: Int, shortfall: Int, from: Int,
        to: Int, employment: String, gaps: [String], conflict: String? = nil, schedule: [Int32] = [], when: String = ""
    ) -> String {
        let u = available > 0 ? Exact.percent(Measure.thousandths(Int64(used), Int64(available)) * 1000) : "—"
        let c = conflict.map { "；\($0)" } ?? ""
        switch adjustment {
        case .expand:
            return "\(card.chinese)：\(when)毕业生利用率 \(u)（\(Exact.count(used))/\(Exact.count(available))），对口岗位仍缺 \(Exact.count(shortfall)) 人，建议招生 \(Exact.count(from))→\(Exact.count(to))\(c)"
        case .keep:
            let g = gaps.isEmpty ? "" : "；补齐课程短板：" + gaps.prefix(3).joined(separator: "、")
            if available > 0 && used == 0 && shortfall == 0 && gaps.isEmpty && conflict == nil {
                return "\(card.chinese)：提交的产业需求未覆盖该专业方向，就业率 \(employment)，暂按现规模招生 \(Exact.count(to))"
            }
            if card == .green && available > 0 && used == available && shortfall == 0 {
                return "\(card.chinese)：\(when)毕业生全部对口分配（\(Exact.count(used))/\(Exact.count(available))），对口岗位需求已满足，就业率 \(employment)，建议保持招生 \(Exact.count(to))\(g)"
            }
            return "\(card.chinese)：\(when)利用率 \(u)，就业率 \(employment)，建议保持招生 \(Exact.count(to))\(g)\(c)"
        case .shrink:
            let steps = schedule.count > 1 ? "，逐年缩减：" + schedule.map { Exact.count($0) }.joined(separator: "→") : ""
            return "\(card.chinese)：\(when)利用率 \(u)，就业率 \(employment)，建议缩减招生 \(Exact.count(from))→\(Exact.count(to))\(steps)\(c)"
        case .stop:
            let plan = schedule.map { Exact.count($0) }.joined(separator: "→")
            return "\(card.chinese)：连续指标触发停招规则，建议逐年缩减直至停招：\(Exact.count(from))→\(plan)"
        }
    }
}
