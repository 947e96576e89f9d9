import Catalog
import Planner

extension PlanReport {
    /// How many programs per card the Markdown and HTML pages list (the rest are in programs.csv).
    public static let topPerCard = 10
    /// How many openings the Markdown and HTML pages list (the rest are in openings.csv).
    public static let topOpenings = 20

    /// `report.md`: a Markdown summary for people, in Chinese.
    public func markdown() -> [UInt8] {
        var md = ""
        let m = Fmt.markdown
        md += "# \(m(title))\n\n"
        if let note = illustrativeNote { md += "> \(m(note))\n\n" }

        md += "## 总体概况\n\n"
        for line in overviewLines() { md += "- \(m(line))\n" }
        md += "\n"

        md += "## 产业集群供需\n\n"
        if plan.clusters.isEmpty {
            md += "（无有需求的产业集群。）\n\n"
        } else {
            md += table(
                ["集群", "供给", "需求", "已分配", "供需比", "分档"],
                plan.clusters.map { b in
                    [b.name, String(b.supply), String(b.demand), String(b.allocated), Fmt.ratio(b.ratio), b.bandLabel]
                })
        }

        md += "## 未满足岗位\n\n"
        let unserved = unservedInScope
        if unserved.isEmpty {
            md += "（无）\n\n"
        } else {
            let top = unserved.sorted { $0.unmet > $1.unmet || ($0.unmet == $1.unmet && $0.role < $1.role) }
            md += table(
                ["岗位", "集群", "未满足", "原因"],
                top.prefix(Self.topOpenings).map { u in
                    [role(u.role)?.name ?? "?", clusterName(roleCluster(u.role)), String(u.unmet), u.reason.chinese]
                })
            if unserved.count > Self.topOpenings {
                md += "另有 \(unserved.count - Self.topOpenings) 个岗位见 unserved.csv。\n\n"
            }
        }

        md += "## 专业调整建议\n\n"
        md += m(cardCountsLine) + "\n\n"
        for card in [Card.red, .yellow, .green] {
            let xs = ranked(card)
            md += "### \(card.chinese)（\(xs.count) 个，\(cardAdvice(card))）\n\n"
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
                        Fmt.ratio(a.utilisation),
                        "\(p?.enrolment ?? 0) → \(a.suggestedEnrolment)（\(a.lowerBound)–\(a.upperBound)）",
                        reasons(a).joined(separator: "；"),
                    ]
                })
            if xs.count > Self.topPerCard {
                md += "另有 \(xs.count - Self.topPerCard) 个\(card.chinese)专业点见 programs.csv。\n\n"
            }
        }

        md += "## 建议新设专业\n\n"
        if openingIndices.isEmpty {
            md += "（无）\n\n"
        } else {
            md += table(
                ["学校", "专业", "未满足需求", "匹配分", "同区", "理由"],
                openingIndices.prefix(Self.topOpenings).map { i in
                    let o = plan.openings[i]
                    let maj = major(o.major)
                    return [
                        collegeName(o.college), "\(maj?.name ?? "?")（\(maj?.code ?? "?")）", String(o.unmet),
                        Fmt.score(Double(o.score)), o.sameDistrict ? "是" : "否", o.reason,
                    ]
                })
            if openingIndices.count > Self.topOpenings {
                md += "另有 \(openingIndices.count - Self.topOpenings) 条建议见 openings.csv。\n\n"
            }
        }

        md += "## 产教联合体\n\n"
        md += m(consortiaSummary) + "\n\n"
        for (title, list) in [("最优配对（b-匹配）", optimal), ("稳定配对（学校提议的延迟接受）", stable)] {
            md += "### \(title)\n\n"
            if list.isEmpty {
                md += "（无）\n\n"
                continue
            }
            md += table(
                ["类型", "锚点", "名称", "成员学校", "权重"],
                list.map { c in
                    [kindLabel(c.kind), anchorLabel(c), c.name, c.colleges.map(collegeName).joined(separator: "、"),
                     Fmt.score(c.weight)]
                })
        }
        md += "### 两种配对的差异\n\n"
        if onlyOptimal.isEmpty && onlyStable.isEmpty {
            md += "两种配对相同。\n\n"
        } else {
            for (label, xs) in [("仅在最优配对中", onlyOptimal), ("仅在稳定配对中", onlyStable)] where !xs.isEmpty {
                md += "- \(label)："
                md += m(xs.map { "\(collegeName($0.college)) → \(anchorName($0.anchor))" }.joined(separator: "；"))
                md += "\n"
            }
            md += "\n"
        }
        return Array(md.utf8)
    }

    /// A Markdown table with escaped cells.
    private func table(_ header: [String], _ rows: [[String]]) -> String {
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

    /// Which inputs are illustrative, or nil when none are.
    var illustrativeNote: String? {
        let files = illustrativeFiles
        let colleges = illustrativeColleges
        let demands = illustrativeDemands
        guard !files.isEmpty || colleges > 0 || demands > 0 else { return nil }
        var parts: [String] = []
        if !files.isEmpty { parts.append("示例性输入文件：" + files.joined(separator: "、")) }
        if colleges > 0 { parts.append("\(colleges) 所学校的数据标注为示例") }
        if demands > 0 { parts.append("\(demands) 份需求提交标注为示例") }
        return "数据说明：部分输入为示例数据（illustrative），其招生人数、需求人数等数字为虚构，仅用于演示方法。"
            + parts.joined(separator: "；") + "。"
    }

    func overviewLines() -> [String] {
        let allocated = flowIndices.reduce(0) { $0 + Int(plan.flows[$1].count) }
        var lines = ["调整策略：\(plan.policy.name)（\(plan.policy.id)）"]
        if let c = scopeCollege {
            lines.append("学校：\(collegeName(c))（\(collegeID(c))），专业点 \(programIndices.count) 个")
        } else {
            lines.append(
                "学校 \(catalog.colleges.count) 所，专业点 \(catalog.programs.count) 个，需求岗位 \(catalog.roles.count) 个，目录专业 \(catalog.majors.count) 个"
            )
        }
        lines.append("候选匹配边 \(plan.candidateEdges) 条；分配毕业生 \(allocated) 人；总匹配分 \(Fmt.score(scopeTotalScore))")
        lines.append("未满足岗位需求 \(scopeUnmet) 人；未分配（闲置）毕业生 \(scopeIdle) 人")
        if scopeCollege == nil {
            let a = plan.accounts
            lines.append(
                "账目：可供给毕业生 \(a.available) = 已分配 \(a.placed) + 未分配 \(a.unplaced)（其中 \(a.unplacedNoDemand) 人对口专业无任何提交需求）；岗位需求 \(a.demand) = 已满足 \(a.filled) + 未满足 \(a.unfilled)"
            )
            let why = a.unfilledByReason.filter { $0.headcount > 0 }.map { "\($0.reason.chinese) \($0.headcount) 人" }
            if !why.isEmpty { lines.append("未满足原因：" + why.joined(separator: "；")) }
            let opened = plan.openings.reduce(0) { $0 + $1.unmet }
            let added = advices.reduce(0) { $0 + max(0, Int($1.suggestedEnrolment) - Int(program($1.program)?.enrolment ?? 0)) }
            let cut = advices.reduce(0) { $0 + max(0, Int(program($1.program)?.enrolment ?? 0) - Int($1.suggestedEnrolment)) }
            lines.append("建议扩招 \(added) 人、缩减 \(cut) 人；新设专业承接缺口 \(opened) 人")
        }
        let d = plan.dualTeacher
        if d.targetMicros > 0, let share = d.systemMicros {
            let level = d.level == .system ? "全系统目标" : d.level == .college ? "按学校考核" : "按专业点考核"
            lines.append(
                "双师型教师占比：\(level) \(Exact.percent(d.targetMicros))，全系统（按招生加权）\(Exact.percent((share + 500) / 1000 * 1000))；低于目标的学校 \(d.collegesBelow) 所"
            )
        }
        lines.append(cardCountsLine)
        lines.append("建议新设专业 \(openingIndices.count) 条；产教联合体（最优配对）\(optimal.count) 个")
        return lines
    }

    var cardCountsLine: String {
        let a = advices
        let n = { (c: Card) in a.filter { $0.card == c }.count }
        return "红牌 \(n(.red)) 个，黄牌 \(n(.yellow)) 个，绿牌 \(n(.green)) 个"
    }

    func cardAdvice(_ card: Card) -> String {
        switch card {
        case .green: "建议扩招"
        case .yellow: "保持规模、补齐课程缺口"
        case .red: "建议缩减或停招"
        }
    }

    var consortiaSummary: String {
        var s = "最优配对总权重 \(Fmt.score(plan.consortia.optimalWeight))，稳定配对总权重 \(Fmt.score(plan.consortia.stableWeight))"
        if plan.consortia.relaxedMinimum { s += "；部分联合体成员少于最少成员数，已标注" }
        if !plan.consortia.explanation.isEmpty { s += "。" + plan.consortia.explanation }
        return s + "。"
    }

    func kindLabel(_ k: AnchorKind) -> String {
        switch k {
        case .cluster: "行业产教融合共同体"
        case .district: "市域产教联合体"
        }
    }

    func anchorLabel(_ c: Consortium) -> String {
        c.kind == .cluster ? "\(clusterName(c.anchor))（\(c.anchor)）" : c.anchor
    }

    /// A cluster's name for a cluster id, else the anchor itself (a district).
    func anchorName(_ anchor: String) -> String { clusterName(anchor) }
}
