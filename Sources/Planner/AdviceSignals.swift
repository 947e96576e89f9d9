import Catalog
import MatchingCore

extension Advisor {
    /// A signal asking for fewer places: how many (nil when the evidence gives no number) and why.
    struct Cut {
        var places: Int?
        var why: String
    }

    /// What one program's advice reads in its signal year: placement, demand, employment.
    struct Signals {
        let p: Program
        let roles: [Int32]
        let year: YearView
        let available: Int
        let used: Int
        let idle: Int
        let util: Double
        /// "（… 毕业时）" when the signals are read in a later year, else empty.
        let when: String
        let utilText: String
        let shortfall: Int
        let share: Int
        /// The current enrolment.
        let e: Int
        let empKnown: Bool
        let emp: Int64
        let empLine: Int64
        let empLow: Bool
        let full: Bool
        let lowUtil: Bool
        let demandShort: Bool
        let empText: String
    }

    /// The signals fired so far: rules, cuts and what the rules ask for.
    struct Evidence {
        var fired: [FiredRule] = []
        var cuts: [Cut] = []
        var stopRules: [String] = []
        var ruleCuts: [String] = []
        var expandByRule = false
        var keepByRule = false
        var noExpand = false
        var surplusConflict: String?
    }

    /// Program `i`'s signals in its view's year.
    func signals(program i: Int, context: AdviceContext) -> Signals {
        let p = set.programs[i]
        let roles = context.roles[i]
        let cards = policy.cards
        let year = context.views[context.view[i]]
        let available = Int(year.available[i])
        let used = Int(year.allocated[i])
        let idle = max(0, available - used)
        let util = available > 0 ? Double(used) / Double(available) : 0
        let when = year.offset == 0 ? "" : "（\(year.label)毕业时）"
        let utilText =
            available > 0
            ? "\(Measure(numerator: Int64(used), denominator: Int64(available)).percentText)（\(Exact.count(used))/\(Exact.count(available))）"
            : "—"
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
        return Signals(
            p: p, roles: roles, year: year, available: available, used: used, idle: idle, util: util, when: when,
            utilText: utilText, shortfall: shortfall, share: share, e: e, empKnown: empKnown, emp: emp,
            empLine: empLine, empLow: empLow, full: full, lowUtil: lowUtil, demandShort: demandShort, empText: empText)
    }

    /// The built-in signals: the employment line, then the card its placement and demand give.
    func cardSignals(_ s: Signals) -> Evidence {
        let cards = policy.cards
        let (e, emp, empLine, empText) = (s.e, s.emp, s.empLine, s.empText)
        let (when, utilText, idle) = (s.when, s.utilText, s.idle)
        var ev = Evidence()
        if s.empLow {
            let d = empLine - emp
            let places = Int((d * Int64(e) + Exact.unit - 1) / Exact.unit)
            ev.fired.append(
                FiredRule(
                    id: "card.red.employment", action: "shrink",
                    evidence: "就业率 \(Exact.percent(emp)) 低于 \(Exact.percent(empLine))", source: "本系统设定"))
            ev.cuts.append(
                Cut(
                    places: max(1, places),
                    why: "就业率 \(empText) 低于 \(Exact.percent(empLine))，按差距 \(Exact.percent(d)) × 招生 \(Exact.count(e)) 计 \(max(1, places)) 人")
            )
        }
        if s.roles.isEmpty {
            ev.fired.append(
                FiredRule(
                    id: "card.yellow.noDemandData", action: "keep",
                    evidence: "没有提交的岗位与该专业点的匹配分达到 \(Exact.text(policy.scoring.floor))", source: "本系统设定"))
        } else if s.demandShort {
            ev.fired.append(
                FiredRule(
                    id: "card.green", action: "expand",
                    evidence:
                        "\(when)利用率 \(utilText) 不低于 \(Exact.percent(cards.greenUtilisation))，对口岗位仍缺 \(Exact.count(s.shortfall)) 人（本专业点可承担 \(Exact.count(s.share)) 人）",
                    source: "本系统设定"))
        } else if s.lowUtil {
            ev.fired.append(
                FiredRule(
                    id: "card.surplus", action: "shrink",
                    evidence: "\(when)利用率 \(utilText) 低于 \(Exact.percent(cards.yellowUtilisation))；对口岗位需求已满足，\(Exact.count(idle)) 名毕业生未分配",
                    source: "本系统设定"))
            if s.empKnown && !s.empLow {
                ev.surplusConflict =
                    "就业率 \(empText) 达标，但其对口岗位的提交需求已由其他专业点满足（闲置 \(Exact.count(idle)) 人）：两项信号不一致，取较小调整——保持"
            } else {
                ev.cuts.append(Cut(places: idle, why: "对口岗位需求已满足，闲置毕业生 \(Exact.count(idle)) 人"))
            }
        } else if s.full {
            // All graduates placed and the roles they serve filled: a good program at the right size.
            ev.fired.append(
                FiredRule(
                    id: "card.green.keep", action: "keep",
                    evidence: "利用率 \(utilText) 不低于 \(Exact.percent(cards.greenUtilisation))，对口岗位需求已满足",
                    source: "本系统设定"))
        } else {
            let why =
                s.available == 0
                ? "本年尚无可供给的毕业生"
                : "\(when)利用率 \(utilText) 在 \(Exact.percent(cards.yellowUtilisation)) 与 \(Exact.percent(cards.greenUtilisation)) 之间"
            ev.fired.append(FiredRule(id: "evidence.utilisation", action: "none", evidence: why, source: "本系统设定"))
        }
        return ev
    }

    /// The policy's rules, in order: each that holds is fired, and its action recorded.
    func ruleSignals(_ s: Signals, context: AdviceContext, into ev: inout Evidence) {
        let p = s.p
        let ratio = p.major >= 0 ? context.majorRatio[set.majors[Int(p.major)].code] : nil
        for rule in policy.rules {
            guard let (evidence, hit) = ruleEvidence(rule.trigger, s, ratio: ratio) else { continue }
            ev.fired.append(FiredRule(id: rule.id, action: rule.action.rawValue, evidence: evidence, source: rule.source))
            switch rule.action {
            case .red, .shrink:
                // The largest gap among the conditions that hold sizes the cut, and the basis says how.
                let sized = hit.compactMap { gap($0, p, idle: s.idle) }.max { $0.places < $1.places }
                let name = rule.reason ?? "规则 \(rule.id)"
                ev.cuts.append(Cut(places: sized?.places, why: sized.map { "\(name)（\($0.text)）" } ?? name))
                ev.ruleCuts.append(rule.id)
            case .stop:
                ev.stopRules.append(rule.id)
                ev.cuts.append(Cut(places: nil, why: rule.reason ?? "规则 \(rule.id)"))
                ev.ruleCuts.append(rule.id)
            case .yellow, .keep: ev.keepByRule = true
            case .noExpand: ev.noExpand = true
            case .expand: ev.expandByRule = true
            }
        }
    }

    /// The evidence text and the conditions that hold when `trigger` fires for the program; nil
    /// when it does not.
    func ruleEvidence(_ trigger: RuleTrigger, _ s: Signals, ratio: (Int, Int)?) -> (String, [Condition])? {
        let (p, used, available) = (s.p, s.used, s.available)
        switch trigger {
        case .when(let c):
            if let v = series(c.indicator, p, used: used, available: available, ratio: ratio).last,
                c.holds(v.numerator, v.denominator)
            {
                return ("\(c.indicator.chinese) \(shown(v, c.indicator))（\(describe(c))）", [c])
            }
        case .consecutive(let c, let years):
            let values = series(c.indicator, p, used: used, available: available, ratio: ratio)
            if values.count >= years, values.suffix(years).allSatisfy({ c.holds($0.numerator, $0.denominator) }) {
                let evidence =
                    "\(c.indicator.chinese)近 \(years) 年为 \(values.suffix(years).map { shown($0, c.indicator) }.joined(separator: "、"))（连续 \(years) 年\(describe(c))）"
                return (evidence, [c])
            }
        case .anyOf(let cs, let k):
            let hit = cs.filter { c in
                series(c.indicator, p, used: used, available: available, ratio: ratio).last.map {
                    c.holds($0.numerator, $0.denominator)
                } ?? false
            }
            if hit.count >= k {
                return ("\(cs.count) 项指标中有 \(hit.count) 项偏弱：" + hit.map(describe).joined(separator: "；"), hit)
            }
        }
        return nil
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

    /// A condition as people read it: the indicator and its line or lines.
    private func describe(_ c: Condition) -> String {
        let line = { (x: Double) in c.indicator.isShare ? Exact.percent(x) : Exact.text(x) }
        var s = c.indicator.chinese
        if let b = c.below { s += "低于 \(line(b))" }
        if let a = c.above { s += (c.below == nil ? "" : "或") + "高于 \(line(a))" }
        return s
    }

    /// A measured value as people read it: a share as a percentage, a count or ratio as a number.
    private func shown(_ v: Measure, _ i: Indicator) -> String { i.isShare ? v.percentText : v.text }

    /// The enrolment places a condition's shortfall stands for, and how they are counted: a share
    /// below its line by `d` (millionths) over `enrolment` places is `⌈d × enrolment⌉`;
    /// utilisation below its line is the idle graduates; other indicators give no gap (nil).
    private func gap(_ c: Condition, _ p: Program, idle: Int) -> (places: Int, text: String)? {
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
            let places = Int((d * Int64(p.enrolment) + Exact.unit - 1) / Exact.unit)
            let text =
                "\(c.indicator.chinese) \(Exact.percent(Exact.micros(v))) 低于 \(Exact.percent(line))，按差距 \(Exact.percent(d)) × 招生 \(Exact.count(p.enrolment)) 计 \(Exact.count(places)) 人"
            return (places, text)
        case .utilisation: return idle > 0 ? (idle, "闲置毕业生 \(Exact.count(idle)) 人") : nil
        default: return nil
        }
    }
}

extension Indicator {
    /// Whether the indicator is a share of a whole (shown as a percentage): every one but the
    /// counts (enrolment, graduates) and the supply/demand ratio.
    var isShare: Bool {
        switch self {
        case .enrolment, .graduates, .supplyDemandRatio: false
        case .employmentRate, .firstChoiceRate, .utilisation, .enrolmentFill, .dualTeacherRatio, .localRetention: true
        }
    }
}
