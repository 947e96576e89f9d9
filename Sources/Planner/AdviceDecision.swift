import Catalog

extension Advisor {
    /// The enrolment one year may move to: the policy's yearly cut and addition, and the bounds they give.
    struct EnrolmentBounds {
        let maxCut: Int
        let maxAdd: Int
        let lower: Int
        let upper: Int
        /// What sets `upper`.
        let upperKind: UpperBound

        /// What sets `upper`: the year's addition, the program's capacity, or the policy's cap per major.
        enum UpperBound { case yearly, capacity, perMajor }

        /// `upper`'s reason in words, for the basis of an expansion it stops (written only then: the
        /// bounds of every program are computed, few are reached).
        func upperBecause(_ policy: BoundsPolicy) -> String {
            switch upperKind {
            case .capacity: "已达办学容量 \(Exact.count(upper)) 人（学校申报的最大招生规模），扩招须先扩容"
            case .perMajor: "受每专业招生上限 \(Exact.count(policy.studentsPerMajorCap)) 人限制"
            case .yearly: "受单年扩招上限 \(Exact.count(upper)) 人限制（每年至多增加 \(Exact.percent(Exact.micros(policy.expandPerYear)))）"
            }
        }
    }

    /// The card and the enrolment change the signals combine into, before the bounds apply.
    struct Decision {
        var card: Card
        var adjustment: Adjustment
        var conflict: String?
        var delta = 0
        var basis: String
        /// Why an expansion the demand asks for could not be made (the bound that stopped it).
        var capped: String?
    }

    /// The bounds (exact: a share of millionths of the enrolment, rounded towards the current figure).
    func enrolmentBounds(_ p: Program) -> EnrolmentBounds {
        let bounds = policy.bounds
        let e = Int(p.enrolment)
        let maxCut = Int(Int64(e) * Exact.micros(bounds.shrinkPerYear) / Exact.unit)
        let maxAdd = Int(Int64(e) * Exact.micros(bounds.expandPerYear) / Exact.unit)
        let lower = e - maxCut
        let capacity = max(Int(p.capacity), e)
        var upper = min(e + maxAdd, capacity)
        var kind: EnrolmentBounds.UpperBound = upper < e + maxAdd ? .capacity : .yearly
        if bounds.studentsPerMajorCap > 0 && bounds.studentsPerMajorCap < upper {
            upper = bounds.studentsPerMajorCap
            kind = .perMajor
        }
        upper = max(upper, lower)
        return EnrolmentBounds(maxCut: maxCut, maxAdd: maxAdd, lower: lower, upper: upper, upperKind: kind)
    }

    /// Combines the signals: cuts against demand; a protected program is never cut; on conflict,
    /// the smaller change.
    func decide(_ s: Signals, _ ev: Evidence, _ b: EnrolmentBounds, gated: Bool) -> Decision {
        let (shortfall, share, empText, maxCut) = (s.shortfall, s.share, s.empText, b.maxCut)
        let wantsCut = !ev.cuts.isEmpty
        let wantsMore = s.demandShort || ev.expandByRule
        let protected = s.demandShort && !s.empLow
        let sizedCuts = ev.cuts.compactMap(\.places)
        let cutPlaces = sizedCuts.max()
        var cutWhy = ev.cuts.map(\.why).joined(separator: "；")
        if sizedCuts.count > 1, let most = cutPlaces { cutWhy += "；取其中最大的 \(Exact.count(most)) 人" }
        let addPlaces = share > 0 ? share : (ev.expandByRule ? b.maxAdd : 0)
        let addWhy =
            share > 0
            ? "对口岗位仍缺 \(Exact.count(shortfall)) 人，按可分配毕业生比例本专业点份额 \(Exact.count(share)) 人"
            : "规则要求扩招，证据未给出缺口，按政策单年上限"
        if protected && wantsCut {
            // Graduates all placed in still-short roles and employment at the line: never red, never cut.
            return Decision(
                card: .yellow, adjustment: .keep,
                conflict:
                    "毕业生已全部进入仍短缺的对口岗位（缺 \(Exact.count(shortfall)) 人），就业率 \(empText) 达标；与规则 \(ev.ruleCuts.joined(separator: "、")) 的缩减要求冲突：不缩减，保持",
                basis: "信号冲突，保持现有规模")
        } else if wantsMore && wantsCut {
            // A stop in conflict with unmet demand becomes at most one year's cut.
            let cut = ev.stopRules.isEmpty ? (cutPlaces ?? maxCut) : max(cutPlaces ?? 0, maxCut)
            var d = Decision(card: .yellow, adjustment: .keep, basis: "")
            let blocked = ev.noExpand || gated
            // The smaller change: of +add and −cut, the one nearer to no change (no change when
            // expansion is ruled out, or when the two are equal).
            if blocked || addPlaces == cut {
                d.basis = blocked ? "信号冲突且不得扩招，保持现有规模" : "两项信号相当，保持现有规模"
            } else if addPlaces < cut {
                (d.adjustment, d.delta, d.basis) = (.expand, addPlaces, addWhy)
            } else {
                (d.adjustment, d.delta, d.basis) = (.shrink, -cut, cutWhy)
            }
            d.conflict =
                "过往信号要求缩减（\(cutWhy)），但对口岗位仍缺 \(Exact.count(shortfall)) 人（本专业点份额 \(Exact.count(share)) 人，建议扩招 \(Exact.count(addPlaces)) 人）：两项信号冲突，取较小调整"
            return d
        } else if wantsCut {
            if !ev.stopRules.isEmpty { return Decision(card: .red, adjustment: .stop, basis: cutWhy) }
            return Decision(
                card: .red, adjustment: .shrink, delta: -(cutPlaces ?? maxCut),
                basis: cutPlaces == nil ? "\(cutWhy)；证据未给出可量化缺口，按政策单年上限" : cutWhy)
        } else if wantsMore {
            return Decision(card: .green, adjustment: .expand, delta: addPlaces, basis: addWhy)
        } else if s.full && !s.roles.isEmpty {
            // Fully placed, its roles filled, employment not below the line (else a cut fired).
            return Decision(card: .green, adjustment: .keep, basis: "毕业生已全部对口分配，对口岗位需求已满足：保持现有规模")
        } else {
            let conflict = ev.surplusConflict
            return Decision(
                card: .yellow, adjustment: .keep, conflict: conflict,
                basis: conflict == nil ? "保持现有规模" : "信号冲突，保持现有规模")
        }
    }

    /// What overrides the combination: a rule asking to keep; the 双师型 floor and no-expand rules
    /// stopping an expansion.
    func applyOverrides(_ d: inout Decision, _ ev: inout Evidence, _ p: Program, gated: Bool) {
        let bounds = policy.bounds
        if ev.keepByRule && d.card == .green {
            d.card = .yellow
            d.adjustment = .keep
            d.delta = 0
            d.basis = "规则要求保持"
        }
        if d.adjustment == .expand && gated {
            let level = bounds.dualTeacherLevel
            let value =
                level == .program
                ? "双师型教师比例 \(Measure.rate(p.dualTeacherRatio).percentText)"
                : "全校按招生加权的双师型教师比例"
            ev.fired.append(
                FiredRule(
                    id: "bounds.dualTeacherFloor", action: "noExpand",
                    evidence: "\(value) 低于 \(Exact.percent(bounds.dualTeacherFloor))（按\(level.chinese)评判）",
                    source: policy.id))
            ev.noExpand = true
        }
        if ev.noExpand && d.adjustment == .expand {
            d.adjustment = .keep
            d.delta = 0
            d.basis += "；但不得扩招，保持"
        }
    }

    /// The suggested enrolment within the bounds, and the 逐年缩减 schedule when a cut needs more
    /// than a year.
    func fitToBounds(_ d: inout Decision, e: Int, _ b: EnrolmentBounds, horizon: Int)
        -> (suggested: Int, schedule: [Int32])
    {
        let (upper, lower, maxCut, minimum) = (b.upper, b.lower, b.maxCut, policy.bounds.minimumEnrolment)
        var suggested: Int
        var schedule: [Int32] = []
        switch d.adjustment {
        case .expand:
            suggested = min(upper, e + d.delta)
            if suggested < e + d.delta {
                let because = b.upperBecause(policy.bounds)
                d.basis += "；\(because)"
                d.capped = because
            }
        case .keep:
            suggested = min(e, upper)
            if suggested < e { d.basis += "；受专业招生上限 \(upper) 限制" }
        case .shrink:
            suggested = max(lower, e + d.delta)
            if suggested > e + d.delta {
                if horizon > 0 && maxCut > 0 {
                    // 逐年缩减 over the horizon: a year's cap each year until the evidence's size.
                    schedule = Self.schedule(
                        from: e, to: max(0, e + d.delta), step: maxCut, limit: horizon, minimum: minimum)
                    suggested = Int(schedule[0])
                    d.basis += "；单年最多缩减 \(Exact.count(maxCut)) 人，逐年缩减：\(schedule.map { Exact.count($0) }.joined(separator: "→"))"
                } else {
                    d.basis += "；受单年缩减下限 \(lower) 限制"
                }
            }
        case .stop:
            // 逐年缩减: the policy's largest yearly step each year, to 0 (at most ten years listed).
            if maxCut > 0 {
                schedule = Self.schedule(from: e, to: 0, step: maxCut, limit: 10, minimum: minimum)
                suggested = Int(schedule[0])
                d.basis += "；逐年缩减 \(Exact.count(maxCut)) 人直至停招"
            } else {
                // The one-year bound allows no cut at this enrolment: the program is kept.
                d.adjustment = .keep
                suggested = min(e, upper)
                d.basis += "；单年缩减上限为 0（招生 \(Exact.count(e)) 人），保持"
            }
        }
        if d.adjustment == .expand && suggested <= e {
            d.adjustment = .keep
            suggested = min(e, upper)
        }
        if d.adjustment == .shrink && suggested >= e { d.adjustment = .keep }
        return (suggested, schedule)
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

    /// The advice's reason as people read it (Chinese): the card, the placement and employment, the change.
    static func reason(
        card: Card, adjustment: Adjustment, util: Double, used: Int, available: Int, shortfall: Int, from: Int,
        to: Int, employment: String, gaps: [String], conflict: String? = nil, schedule: [Int32] = [], when: String = "",
        capped: String? = nil
    ) -> String {
        let u = available > 0 ? Exact.percent(Measure.thousandths(Int64(used), Int64(available)) * 1000) : "—"
        let c = conflict.map { "；\($0)" } ?? ""
        switch adjustment {
        case .expand:
            // An expansion a bound cuts short says which bound, so that +3 against a shortfall of
            // thousands is not read as the advice's own measure.
            let short = capped.map { "；\($0)" } ?? ""
            return
                "\(card.chinese)：\(when)毕业生利用率 \(u)（\(Exact.count(used))/\(Exact.count(available))），对口岗位仍缺 \(Exact.count(shortfall)) 人，建议招生 \(Exact.count(from))→\(Exact.count(to))\(short)\(c)"
        case .keep:
            let g = gaps.isEmpty ? "" : "；补齐课程短板：" + gaps.prefix(3).joined(separator: "、")
            if available > 0 && used == 0 && shortfall == 0 && gaps.isEmpty && conflict == nil {
                return "\(card.chinese)：提交的产业需求未覆盖该专业方向，就业率 \(employment)，暂按现规模招生 \(Exact.count(to))"
            }
            if card == .green && available > 0 && used == available && shortfall == 0 {
                return
                    "\(card.chinese)：\(when)毕业生全部对口分配（\(Exact.count(used))/\(Exact.count(available))），对口岗位需求已满足，就业率 \(employment)，建议保持招生 \(Exact.count(to))\(g)"
            }
            // An expansion the demand asks for but a bound stops: say which bound.
            let stopped = capped.map { shortfall > 0 ? "；对口岗位仍缺 \(Exact.count(shortfall)) 人，但\($0)" : "；\($0)" } ?? ""
            return "\(card.chinese)：\(when)利用率 \(u)，就业率 \(employment)，建议保持招生 \(Exact.count(to))\(stopped)\(g)\(c)"
        case .shrink:
            let steps = schedule.count > 1 ? "，逐年缩减：" + schedule.map { Exact.count($0) }.joined(separator: "→") : ""
            return "\(card.chinese)：\(when)利用率 \(u)，就业率 \(employment)，建议缩减招生 \(Exact.count(from))→\(Exact.count(to))\(steps)\(c)"
        case .stop:
            let plan = schedule.map { Exact.count($0) }.joined(separator: "→")
            return "\(card.chinese)：连续指标触发停招规则，建议逐年缩减直至停招：\(Exact.count(from))→\(plan)"
        }
    }
}
