import Catalog
import Planner

extension PlanReport {
    /// How many programs per card the Markdown and HTML pages list (the rest are in programs.csv).
    public static let topPerCard = 10
    /// How many openings the Markdown and HTML pages list (the rest are in openings.csv).
    public static let topOpenings = 20

    /// `report.md`: a Markdown summary for people, in Chinese.
    public func markdown() -> [UInt8] {
        if let c = scopeCollege { return Array(reviewMarkdown(college: c).utf8) }
        let m = Fmt.markdown
        var md = "# \(m(title))\n\n"
        if let note = dataNotice { md += "> \(m(note))\n\n" }
        md += overviewMarkdown()
        md += guideMarkdown() + "\n"
        md += clustersMarkdown()
        md += pipelineMarkdown()
        md += unservedMarkdown()
        md += evidenceMarkdown()
        md += programsMarkdown()
        md += openingsMarkdown()
        md += consortiaMarkdown()
        return Array(md.utf8)
    }

    /// The unserved roles in scope, most unmet first (then in role order): the order the pages list them in.
    var unservedRanked: [UnservedRole] {
        unservedInScope.sorted { $0.unmet > $1.unmet || ($0.unmet == $1.unmet && $0.role < $1.role) }
    }

    /// 如何阅读本报告: the reading guide, a term a line.
    func guideMarkdown() -> String {
        let m = Fmt.markdown
        var md = "## 如何阅读本报告\n\n"
        for (term, meaning) in readingGuide { md += "- **\(m(term))**：\(m(meaning))\n" }
        return md
    }

    /// 总体概况: the overview's lines.
    func overviewMarkdown() -> String {
        let m = Fmt.markdown
        var md = "## 总体概况\n\n"
        for line in overviewLines() { md += "- \(m(line))\n" }
        md += "\n"
        return md
    }

    /// 产业集群供需: a table per cluster tier.
    func clustersMarkdown() -> String {
        let m = Fmt.markdown
        var md = "## 产业集群供需\n\n"
        if plan.clusters.isEmpty {
            md += "（无有需求的产业集群。）\n\n"
        } else {
            md += "按集群层级分组，组内按岗位缺口从大到小排列。\n\n"
            for group in clusterGroups {
                md += "### \(m(group.title))\n\n"
                if let caveat = group.caveat { md += "注：\(m(caveat))。\n\n" }
                md += table(
                    ["集群", "可供给毕业生", "岗位需求", "已满足", "缺口", "供需比", "分档"],
                    group.balances.map { b in
                        [
                            b.name, Fmt.count(b.supply), Fmt.count(b.demand), Fmt.count(b.allocated),
                            Fmt.count(max(0, b.demand - b.allocated)), Fmt.ratio(b.ratio), b.bandLabel,
                        ]
                    })
            }
        }
        return md
    }

    /// 未满足岗位: the roles left short, most unmet first.
    func unservedMarkdown() -> String {
        var md = "## 未满足岗位\n\n"
        let unserved = unservedRanked
        if unserved.isEmpty {
            md += "（无）\n\n"
        } else {
            md += table(
                ["岗位", "集群", "未满足", "原因"],
                unserved.prefix(Self.topOpenings).map { u in
                    [role(u.role)?.name ?? "?", clusterName(roleCluster(u.role)), Fmt.count(u.unmet), u.reason.chinese]
                })
            if unserved.count > Self.topOpenings {
                md += "另有 \(Fmt.count(unserved.count - Self.topOpenings)) 个岗位见 unserved.csv。\n\n"
            }
        }
        return md
    }

    /// 专业调整建议: the cards' causes and the top programs of each card.
    func programsMarkdown() -> String {
        let m = Fmt.markdown
        var md = "## 专业调整建议\n\n"
        md += m(cardCountsLine) + "\n\n"
        md += table(["牌色", "主要原因", "专业点"], cardCauses().map { [$0.card.chinese, $0.cause, Fmt.count($0.count)] })
        for card in [Card.red, .yellow, .green] {
            let xs = ranked(card)
            md += "### \(card.chinese)（\(m(cardHeading(card, xs)))）\n\n"
            if xs.isEmpty {
                md += "（无）\n\n"
                continue
            }
            md += table(
                ["学校", "专业", "利用率", "招生 → 建议（区间）", "理由"],
                xs.prefix(Self.topPerCard).map { a in
                    let p = program(a.program)
                    return [
                        p.map { collegeName($0.college) } ?? "?",
                        p.map { "\(majorName(ofProgram: $0))（\($0.majorCode)）" } ?? "?",
                        Fmt.wholePercent(a.utilisation),
                        "\(p?.enrolment ?? 0) → \(a.suggestedEnrolment)（\(a.lowerBound)–\(a.upperBound)）",
                        reasons(a).joined(separator: "；"),
                    ]
                })
            if xs.count > Self.topPerCard {
                md += "另有 \(Fmt.count(xs.count - Self.topPerCard)) 个\(card.chinese)专业点见 programs.csv。\n\n"
            }
        }
        return md
    }

    /// 建议新设专业: the top openings.
    func openingsMarkdown() -> String {
        var md = "## 建议新设专业\n\n"
        if openingIndices.isEmpty {
            md += "（无）\n\n"
        } else {
            md += table(
                ["学校", "专业", "未满足需求", "匹配分", "同区", "理由"],
                openingIndices.prefix(Self.topOpenings).map { i in
                    let o = plan.openings[i]
                    let maj = major(o.major)
                    return [
                        collegeName(o.college), "\(maj?.name ?? "?")（\(maj?.code ?? "?")）", Fmt.count(o.unmet),
                        Fmt.score(Double(o.score)), o.sameDistrict ? "是" : "否", o.reason,
                    ]
                })
            if openingIndices.count > Self.topOpenings {
                md += "另有 \(Fmt.count(openingIndices.count - Self.topOpenings)) 条建议见 openings.csv。\n\n"
            }
        }
        return md
    }

    /// 产教联合体: each pairing's consortia, then the two compared.
    func consortiaMarkdown() -> String {
        let m = Fmt.markdown
        var md = "## 产教联合体\n\n"
        md += m(consortiaSummary) + "\n\n"
        for (title, list) in [("最优配对", byWeight(optimal)), ("稳定配对", byWeight(stable))] {
            md += "### \(title)（按权重从高到低）\n\n"
            if list.isEmpty {
                md += "（无）\n\n"
                continue
            }
            md += table(
                ["类型", "名称", "牵头企业", "牵头学校", "成员学校", "权重", "说明"],
                list.map { c in
                    [
                        kindLabel(c.kind), consortiumName(c), c.leadEnterprise ?? "—", c.leadCollege.map(collegeName) ?? "—",
                        c.colleges.map(collegeName).joined(separator: "、"), Fmt.fixed(c.weight, 1, or: "—"), c.note ?? "",
                    ]
                })
        }
        md += "### 两种配对的比较\n\n"
        md += m(pairingComparisonSentence) + "\n\n"
        md += table(["", "联合体数", "成员席位", "总权重"], pairingComparisonRows)
        return md
    }

    /// A Markdown table with escaped cells.
    func table(_ header: [String], _ rows: [[String]]) -> String {
        var s = "| " + header.map(Fmt.markdown).joined(separator: " | ") + " |\n"
        s += "|" + header.map { _ in " --- |" }.joined() + "\n"
        for r in rows { s += "| " + r.map(Fmt.markdown).joined(separator: " | ") + " |\n" }
        return s + "\n"
    }

    // MARK: Text shared by the Markdown and HTML pages.

    var title: String {
        if let c = scopeCollege { return "\(collegeName(c)) 专业评估报告" }
        return "产教匹配规划报告"
    }

    func overviewLines() -> [String] {
        let allocated = flowIndices.reduce(0) { $0 + Int(plan.flows[$1].count) }
        var lines = ["调整策略：\(plan.policy.name)"]
        if let c = scopeCollege {
            lines.append("学校：\(collegeName(c))（\(collegeID(c))），专业点 \(programIndices.count) 个")
        } else {
            lines.append(
                "学校 \(Fmt.count(catalog.colleges.count)) 所，专业点 \(Fmt.count(catalog.programs.count)) 个，"
                    + "需求岗位 \(Fmt.count(catalog.roles.count)) 个，目录专业 \(Fmt.count(catalog.majors.count)) 个")
        }
        lines.append(
            "分配到对口岗位的毕业生 \(Fmt.count(allocated)) 人，总匹配分 \(Fmt.grouped(scopeTotalScore, 1, or: "—"))")
        lines.append("未满足的岗位需求 \(Fmt.count(scopeUnmet)) 人；未找到对口岗位的毕业生 \(Fmt.count(scopeIdle)) 人")
        if scopeCollege == nil && (plan.accounts.available > 0 || plan.accounts.demand > 0) {
            let a = plan.accounts
            lines.append(
                "账目：可供给毕业生 \(Fmt.count(a.available)) = 已分配 \(Fmt.count(a.placed)) + 未分配 \(Fmt.count(a.unplaced))（其中 \(Fmt.count(a.unplacedNoDemand)) 人所学专业不对应任何提交的需求）；岗位需求 \(Fmt.count(a.demand)) = 已满足 \(Fmt.count(a.filled)) + 未满足 \(Fmt.count(a.unfilled))"
            )
            let why = a.unfilledByReason.filter { $0.headcount > 0 }.map { "\($0.reason.chinese) \(Fmt.count($0.headcount)) 人" }
            if !why.isEmpty { lines.append("未满足原因：" + why.joined(separator: "；")) }
            let opened = plan.openings.reduce(0) { $0 + $1.unmet }
            let added = advices.reduce(0) { $0 + max(0, Int($1.suggestedEnrolment) - Int(program($1.program)?.enrolment ?? 0)) }
            let cut = advices.reduce(0) { $0 + max(0, Int(program($1.program)?.enrolment ?? 0) - Int($1.suggestedEnrolment)) }
            lines.append("建议扩招 \(Fmt.count(added)) 人、缩减 \(Fmt.count(cut)) 人；新设专业承接缺口 \(Fmt.count(opened)) 人")
        }
        let d = plan.dualTeacher
        if d.targetMicros > 0, let share = d.systemMicros {
            let level = d.level == .system ? "全系统目标" : d.level == .college ? "按学校考核" : "按专业点考核"
            lines.append(
                "双师型教师占比：\(level) \(Exact.percent(d.targetMicros))，全系统（按招生加权）\(Exact.percent((share + 500) / 1000 * 1000))；低于目标的学校 \(d.collegesBelow) 所"
            )
        }
        lines.append(cardCountsLine)
        if let s = sensitivitySummary { lines.append(s) }
        lines.append("建议新设专业 \(Fmt.count(openingIndices.count)) 条；产教联合体（最优配对）\(Fmt.count(optimal.count)) 个")
        return lines
    }

    var cardCountsLine: String {
        let a = advices
        let n = { (c: Card) in Fmt.count(a.filter { $0.card == c }.count) }
        return "红牌 \(n(.red)) 个，黄牌 \(n(.yellow)) 个，绿牌 \(n(.green)) 个"
    }

    /// A card's heading: how many programs, and how many of them get each suggested change.
    func cardHeading(_ card: Card, _ xs: [ProgramAdvice]) -> String {
        var parts: [String] = []
        for adj in [Adjustment.expand, .keep, .shrink, .stop] {
            let k = xs.filter { $0.adjustment == adj }.count
            if k > 0 { parts.append("建议\(adjustmentLabel(adj)) \(Fmt.count(k)) 个") }
        }
        return "\(Fmt.count(xs.count)) 个" + (parts.isEmpty ? "" : "：" + parts.joined(separator: "，"))
    }

    func adjustmentLabel(_ a: Adjustment) -> String {
        switch a {
        case .expand: "扩招"
        case .keep: "保持招生"
        case .shrink: "缩减招生"
        case .stop: "逐年缩减直至停招"
        }
    }

    /// A consortium's display name: its name, with the anchor's id when that is a cluster's.
    func consortiumName(_ c: Consortium) -> String {
        c.kind == .cluster && !c.name.contains(c.anchor) ? "\(c.name)（\(c.anchor)）" : c.name
    }

    /// Consortia, heaviest first (ties by anchor).
    func byWeight(_ xs: [Consortium]) -> [Consortium] {
        xs.sorted { $0.weight != $1.weight ? $0.weight > $1.weight : ($0.kind == $1.kind ? $0.anchor < $1.anchor : $0.kind == .cluster) }
    }

    var consortiaSummary: String {
        var s =
            "产教联合体把学校与其毕业生流向的产业集群（行业产教融合共同体）或所在区县（市域产教联合体）结成对子；"
            + "最优配对共 \(Fmt.count(optimal.count)) 个，稳定配对共 \(Fmt.count(stable.count)) 个"
        if plan.consortia.relaxedMinimum { s += "；部分联合体成员少于最少成员数，已标注" }
        if !plan.consortia.explanation.isEmpty { s += "。" + plan.consortia.explanation }
        return s + "。"
    }

    /// One sentence on how the optimal and stable pairings differ.
    var pairingComparisonSentence: String {
        let moved = Set(onlyOptimal.map(\.college)).union(onlyStable.map(\.college)).count
        if onlyOptimal.isEmpty && onlyStable.isEmpty { return "两种配对完全相同。" }
        let ow = plan.consortia.optimalWeight
        let sw = plan.consortia.stableWeight
        var s =
            "两种配对中有 \(Fmt.count(moved)) 所学校的归属不同（\(Fmt.count(onlyOptimal.count)) 个席位只在最优配对中，"
            + "\(Fmt.count(onlyStable.count)) 个只在稳定配对中）。"
        if ow >= sw {
            s +=
                "最优配对的总权重高出 \(Fmt.fixed(ow - sw, 1, or: "—"))，代价是部分学校没有进入自己联系最紧密的联合体；"
                + "稳定配对尊重学校的意愿。逐校差异见 consortia.csv。"
        } else {
            s += "稳定配对的总权重反而更高（\(Fmt.fixed(sw - ow, 1, or: "—"))），说明两者的约束不同，需要复核。逐校差异见 consortia.csv。"
        }
        return s
    }

    /// The small table beside the sentence: count, seats and total weight of each pairing.
    var pairingComparisonRows: [[String]] {
        func seats(_ xs: [Consortium]) -> Int { xs.reduce(0) { $0 + $1.colleges.count } }
        return [
            ["最优配对", Fmt.count(optimal.count), Fmt.count(seats(optimal)), Fmt.fixed(plan.consortia.optimalWeight, 1, or: "—")],
            ["稳定配对", Fmt.count(stable.count), Fmt.count(seats(stable)), Fmt.fixed(plan.consortia.stableWeight, 1, or: "—")],
        ]
    }

    func kindLabel(_ k: AnchorKind) -> String {
        switch k {
        case .cluster: "行业产教融合共同体"
        case .district: "市域产教联合体"
        }
    }
}
