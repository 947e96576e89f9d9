import Catalog
import Planner

/// One part of a page, rendered alike to Markdown and HTML: a heading, sentences, and a table.
struct PageSection {
    /// The section's heading (level 2).
    var title: String
    /// Sentences before the table, one paragraph each.
    var paragraphs: [String] = []
    /// Column headers; empty for a section without a table.
    var header: [String] = []
    /// Rows of plain text cells.
    var rows: [[String]] = []
    /// Columns right-aligned as numbers.
    var numeric: Set<Int> = []
    /// Said instead of the table when it has no rows.
    var empty: String = "（无）"
}

extension PlanReport {
    /// The sections of a college's review, for its dean: the college first, the city as one line.
    func reviewSections(college c: Int32) -> [PageSection] {
        [
            reviewSummary(college: c), reviewPrograms(), reviewPartners(), reviewOpenings(), reviewConsortia(college: c),
        ]
    }

    /// 本校概况: the college in a few sentences, and the city as one line.
    func reviewSummary(college c: Int32) -> PageSection {
        let xs = advices
        let enrolNow = xs.reduce(0) { $0 + Int(program($1.program)?.enrolment ?? 0) }
        let enrolNext = xs.reduce(0) { $0 + Int($1.suggestedEnrolment) }
        let available = xs.reduce(0) { $0 + Int($1.available) }
        let placed = xs.reduce(0) { $0 + Int($1.allocated) }
        let byCard = { (k: Card) in xs.filter { $0.card == k }.count }
        let name = collegeName(c)
        let district = college(c)?.district ?? ""

        var summary = PageSection(title: "本校概况")
        summary.paragraphs.append(
            "\(name)（\(district)）开设专业点 \(Fmt.count(xs.count)) 个：绿牌 \(Fmt.count(byCard(.green))) 个、"
                + "黄牌 \(Fmt.count(byCard(.yellow))) 个、红牌 \(Fmt.count(byCard(.red))) 个。")
        summary.paragraphs.append(
            "本年可供给本市就业的毕业生（毕业生中不升学、留在本市的部分）\(Fmt.count(available)) 人，其中 \(Fmt.count(placed)) 人匹配到已提交的对口岗位"
                + (available > 0 ? "（\(Fmt.wholePercent(Double(placed) / Double(available)))）" : "") + "。")
        summary.paragraphs.append(
            "按建议调整后，全校招生由 \(Fmt.count(enrolNow)) 人变为 \(Fmt.count(enrolNext)) 人"
                + "（\(enrolNext >= enrolNow ? "+" : "")\(Fmt.count(enrolNext - enrolNow))）。")
        let cityPrograms = plan.programs.count
        let cityRed = plan.programs.filter { $0.card == .red }.count
        summary.paragraphs.append(
            "全市参照：\(Fmt.count(catalog.colleges.count)) 所学校共 \(Fmt.count(cityPrograms)) 个专业点，"
                + "其中红牌 \(Fmt.count(cityRed)) 个（\(cityPrograms > 0 ? Fmt.wholePercent(Double(cityRed) / Double(cityPrograms)) : "—")）。")
        return summary
    }

    /// 各专业的建议: every program's advice and its reason in a sentence, expand first, stop last.
    func reviewPrograms() -> PageSection {
        let xs = advices
        var programs = PageSection(title: "各专业的建议")
        programs.paragraphs.append("按建议排列：先扩招，再保持，后缩减与停招；同一建议内按利用率从高到低。")
        programs.header = ["专业", "牌色", "建议", "招生 → 建议", "利用率", "就业率", "理由"]
        programs.numeric = [4, 5]
        let order: [Adjustment: Int] = [.expand: 0, .keep: 1, .shrink: 2, .stop: 3]
        let sorted = xs.sorted {
            let a = order[$0.adjustment] ?? 9
            let b = order[$1.adjustment] ?? 9
            if a != b { return a < b }
            if $0.utilisation != $1.utilisation { return $0.utilisation > $1.utilisation }
            return $0.program < $1.program
        }
        programs.rows = sorted.map { a in
            let p = program(a.program)
            let rules = a.rules.map { ruleLabel($0.id) }
            let why = a.reason + (rules.isEmpty ? "" : "（触发：" + rules.joined(separator: "；") + "）")
            return [
                p.map { "\(majorName(ofProgram: $0))（\($0.majorCode)）" } ?? "?",
                a.card.chinese,
                adjustmentLabel(a.adjustment),
                "\(p?.enrolment ?? 0) → \(a.suggestedEnrolment)",
                a.available > 0 ? Fmt.wholePercent(a.utilisation) : "—",
                p.map { Fmt.wholePercent(Double($0.employmentRate)) } ?? "—",
                why,
            ]
        }
        return programs
    }

    /// 毕业生去向与合作方: who takes the graduates, the enterprises and bodies behind each match.
    func reviewPartners() -> PageSection {
        var partners = PageSection(title: "毕业生去向与合作方")
        partners.paragraphs.append("本校毕业生按匹配结果流向的岗位，以及提交这些岗位需求的企业或行业组织。")
        partners.header = ["专业", "岗位", "需求提交方", "产业集群", "分配人数", "匹配分", "匹配依据"]
        partners.numeric = [4, 5]
        partners.rows = flowIndices.map { i in
            let f = plan.flows[i]
            let p = program(f.program)
            let r = role(f.role)
            let sub = r.flatMap(submission(ofRole:))
            return [
                p.map(majorName(ofProgram:)) ?? "?", r?.name ?? "?", sub?.submitter ?? "?",
                clusterName(sub?.cluster ?? "?"), Fmt.count(f.count), Fmt.fixed(Double(f.score), 2, or: "—"),
                f.evidence.chinese,
            ]
        }
        partners.empty = "本校毕业生没有匹配到已提交的岗位需求。"
        return partners
    }

    /// 建议新设的专业: majors worth opening here.
    func reviewOpenings() -> PageSection {
        var openings = PageSection(title: "建议新设的专业")
        openings.header = ["专业", "未满足需求", "理由"]
        openings.numeric = [1]
        openings.rows = openingIndices.map { i in
            let o = plan.openings[i]
            let m = major(o.major)
            return ["\(m?.name ?? "?")（\(m?.code ?? "?")）", Fmt.count(o.unmet), o.reason]
        }
        return openings
    }

    /// 本校参与的产教联合体: the consortia of the optimal pairing the college is in.
    func reviewConsortia(college c: Int32) -> PageSection {
        var consortia = PageSection(title: "本校参与的产教联合体")
        consortia.paragraphs.append("最优配对中的联合体；稳定配对的结果见 consortia.csv。")
        consortia.header = ["类型", "名称", "其他成员学校", "权重"]
        consortia.numeric = [3]
        consortia.rows = byWeight(optimal).map { k in
            [
                kindLabel(k.kind), k.name, k.colleges.filter { $0 != c }.map(collegeName).joined(separator: "、"),
                Fmt.fixed(k.weight, 1, or: "—"),
            ]
        }
        consortia.empty = "本校未进入最优配对中的任何联合体。"
        return consortia
    }

    /// The review as Markdown.
    func reviewMarkdown(college c: Int32) -> String {
        let m = Fmt.markdown
        var md = "# \(m(title))\n\n"
        if let note = dataNotice { md += "> \(m(note))\n\n" }
        for s in reviewSections(college: c) {
            md += "## \(m(s.title))\n\n"
            for p in s.paragraphs { md += m(p) + "\n\n" }
            guard !s.header.isEmpty else { continue }
            if s.rows.isEmpty {
                md += m(s.empty) + "\n\n"
                continue
            }
            md += table(s.header, s.rows)
        }
        md += guideMarkdown()
        return md
    }

    /// A section's HTML: heading, paragraphs and a sortable table.
    func sectionHTML(_ s: PageSection) -> String {
        let h = Fmt.html
        var out = "<h2>\(h(s.title))</h2>\n"
        for p in s.paragraphs { out += "<p>\(h(p))</p>\n" }
        guard !s.header.isEmpty else { return out }
        if s.rows.isEmpty { return out + "<p class=\"muted\">\(h(s.empty))</p>\n" }
        // Short columns (every cell at most 12 characters) do not wrap.
        let short = Set(s.header.indices.filter { i in s.rows.allSatisfy { i < $0.count && $0[i].count <= 12 } })
        return out + table(s.header, s.rows.map { $0.map(h) }, numeric: s.numeric, nowrap: short)
    }
}
