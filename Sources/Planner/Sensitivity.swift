import Catalog

/// One moved threshold: a name for people, the indicator it is compared with, and the policy with it moved.
struct ThresholdMove {
    /// E.g. `就业率红线 70%→75%` (shares as percentages, a supply/demand ratio as a number).
    var label: String
    /// The indicator whose measured values decide whether a program can be affected.
    var indicator: Indicator
    /// The original threshold, in millionths.
    var original: Int64
    /// The policy with this one threshold moved.
    var policy: Policy
}

extension Advisor {
    /// Every single move of a share threshold by ±`step`: the three card thresholds and each rule
    /// condition on a rate or ratio (rules on counts, such as enrolment, are not moved: a step in
    /// shares means nothing for them). Moves outside [0, 1] for shares are dropped.
    static func thresholdMoves(_ policy: Policy, step: Double) -> [ThresholdMove] {
        let d = Exact.micros(step)
        var out: [ThresholdMove] = []
        func add(_ name: String, _ indicator: Indicator, _ value: Double, _ apply: (inout Policy, Double) -> Void) {
            let v = Exact.micros(value)
            func shown(_ x: Int64) -> String { indicator.isShare ? Exact.percent(x) : Exact.text(x) }
            for moved in [v - d, v + d] where moved >= 0 && (moved <= Exact.unit || indicator == .supplyDemandRatio) {
                var p = policy
                apply(&p, Double(moved) / Double(Exact.unit))
                out.append(
                    ThresholdMove(
                        label: "\(name) \(shown(v))→\(shown(moved))", indicator: indicator, original: v, policy: p))
            }
        }
        add("绿牌利用率线", .utilisation, policy.cards.greenUtilisation) { $0.cards.greenUtilisation = $1 }
        add("黄牌利用率线", .utilisation, policy.cards.yellowUtilisation) { $0.cards.yellowUtilisation = $1 }
        add("就业率红线", .employmentRate, policy.cards.redEmploymentBelow) { $0.cards.redEmploymentBelow = $1 }
        let counts: Set<Indicator> = [.enrolment, .graduates]
        for (r, rule) in policy.rules.enumerated() {
            var conditions: [Condition] = []
            switch rule.trigger {
            case .when(let c), .consecutive(let c, _): conditions = [c]
            case .anyOf(let cs, _): conditions = cs
            }
            for (k, c) in conditions.enumerated() where !counts.contains(c.indicator) {
                func set(_ p: inout Policy, _ below: Bool, _ x: Double) {
                    func move(_ c: inout Condition) { if below { c.below = x } else { c.above = x } }
                    switch p.rules[r].trigger {
                    case .when(var c):
                        move(&c)
                        p.rules[r].trigger = .when(c)
                    case .consecutive(var c, let years):
                        move(&c)
                        p.rules[r].trigger = .consecutive(c, years: years)
                    case .anyOf(var cs, let kk):
                        move(&cs[k])
                        p.rules[r].trigger = .anyOf(cs, k: kk)
                    }
                }
                if let b = c.below { add("规则 \(rule.id) 的\(c.indicator.chinese)线", c.indicator, b) { set(&$0, true, $1) } }
                if let a = c.above { add("规则 \(rule.id) 的\(c.indicator.chinese)线", c.indicator, a) { set(&$0, false, $1) } }
            }
        }
        return out
    }

    /// The measured values (millionths) of `indicator` for program `i` that a threshold on it is
    /// compared with, as `advice` reads them; fractions are rounded, which only widens the filter.
    func measured(_ indicator: Indicator, program i: Int, context: AdviceContext) -> [Int64] {
        let p = set.programs[i]
        let year = context.views[context.view[i]]
        func rate(_ x: Float) -> [Int64] { x.isNaN || x < 0 ? [] : [Exact.micros(x)] }
        func frac(_ n: Int, _ d: Int) -> [Int64] { d > 0 ? [Int64(n) * Exact.unit / Int64(d)] : [] }
        switch indicator {
        case .employmentRate: return p.history.flatMap { rate($0.employmentRate) } + rate(p.employmentRate)
        case .firstChoiceRate: return p.history.flatMap { rate($0.firstChoiceRate) }
        case .utilisation: return frac(Int(year.allocated[i]), Int(year.available[i]))
        case .enrolmentFill: return frac(Int(p.enrolment), Int(p.capacity))
        case .dualTeacherRatio: return rate(p.dualTeacherRatio)
        case .localRetention: return rate(p.localRetention)
        case .supplyDemandRatio:
            guard p.major >= 0, let r = context.majorRatio[set.majors[Int(p.major)].code] else { return [] }
            return frac(r.0, r.1)
        case .enrolment, .graduates: return []
        }
    }

    /// Whether each card holds when each threshold moves by ±`step`, one at a time.
    ///
    /// Only programs with a measured value within `step` (plus rounding) of a threshold can change
    /// card when it moves; those are re-judged under the moved policy (cards only, no curriculum
    /// gaps). So the test costs O(programs × thresholds) for the filter plus the re-judged few.
    func sensitivity(advice: [ProgramAdvice], context: AdviceContext, step: Double) -> [CardSensitivity] {
        let moves = Self.thresholdMoves(policy, step: step)
        let d = Exact.micros(step) + 1
        var flips = [[String]](repeating: [], count: advice.count)
        var card = context
        card.cardOnly = true
        for move in moves {
            // This advisor under the moved policy: the same flows, space and edges.
            var advisor = self
            advisor.allocation.policy = move.policy
            var taught: [Int64: Bool] = [:]
            for i in advice.indices {
                let near = measured(move.indicator, program: i, context: context).contains { abs($0 - move.original) <= d }
                guard near else { continue }
                let a = advisor.advice(program: i, context: card, taught: &taught)
                if a.card != advice[i].card { flips[i].append("\(move.label)：\(a.card.chinese)") }
            }
        }
        return flips.map { CardSensitivity(robust: $0.isEmpty, flips: $0) }
    }
}
