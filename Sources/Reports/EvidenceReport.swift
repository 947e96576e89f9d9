import Catalog
import Planner

/// One row of the "匹配依据" table: what links programs to roles, and how much of the plan rests on it.
struct EvidenceRow: Equatable {
    var evidence: LinkEvidence
    /// Candidate edges of this kind (city-wide; the planner's count).
    var edges: Int
    /// Flows in scope of this kind.
    var flows: Int
    /// Graduates in scope allocated along them.
    var graduates: Int
    /// Programs in scope with at least one such flow.
    var programs: Int
}

extension PlanReport {
    /// The allocation in scope by the evidence of each flow, in `LinkEvidence` order (strongest first).
    func evidenceRows() -> [EvidenceRow] {
        var rows = LinkEvidence.allCases.enumerated().map { i, k in
            EvidenceRow(
                evidence: k, edges: plan.candidateEdgesByEvidence.indices.contains(i) ? plan.candidateEdgesByEvidence[i] : 0,
                flows: 0, graduates: 0, programs: 0)
        }
        var seen = Array(repeating: Set<Int32>(), count: rows.count)
        let position = Dictionary(uniqueKeysWithValues: LinkEvidence.allCases.enumerated().map { ($1, $0) })
        for i in flowIndices {
            let f = plan.flows[i]
            guard let k = position[f.evidence] else { continue }
            rows[k].flows += 1
            rows[k].graduates += Int(f.count)
            seen[k].insert(f.program)
        }
        for k in rows.indices { rows[k].programs = seen[k].count }
        return rows
    }

    /// What each evidence kind means, for the section's legend.
    static func evidenceMeaning(_ e: LinkEvidence) -> String {
        switch e {
        case .exactCode: "岗位的职业即该专业对口的职业（教育部专业—职业对应表），最可靠"
        case .sameMinorGroup: "岗位职业与专业对口职业同属一个职业小类，课程与技能相近"
        case .sameMiddleGroup: "仅同属一个职业中类，关系较远"
        case .textOnly: "职业分类上无共同之处，仅凭课程与岗位技能的文字相似，宜人工核对"
        }
    }

    /// The section's lead: the share of allocated graduates resting on exact occupation links, and
    /// the roles that found no candidate at all.
    func evidenceLead(_ rows: [EvidenceRow]) -> String {
        let total = rows.reduce(0) { $0 + $1.graduates }
        var s = "每条分配都记录了专业点与岗位之间的匹配依据。"
        if total > 0 {
            let exact = rows.first { $0.evidence == .exactCode }?.graduates ?? 0
            let weak = rows.filter { $0.evidence == .sameMiddleGroup || $0.evidence == .textOnly }.reduce(0) { $0 + $1.graduates }
            s +=
                "已分配的 \(Fmt.count(total)) 名毕业生中，\(Fmt.share(exact, of: total)) 经“同职业”关联，"
                + "\(Fmt.share(weak, of: total)) 仅凭同中类或文字相似（弱匹配，宜人工核对）。"
        }
        if scopeCollege == nil {
            let scoring = plan.policy.scoring
            if scoring.fallbackFloor < scoring.floor {
                s +=
                    "没有任何专业点达到匹配分下限 \(Exact.text(scoring.floor)) 的岗位，改在 "
                    + "\(Exact.text(scoring.fallbackFloor)) 以上取最接近的专业点；"
            }
            s += "仍无候选的岗位 \(Fmt.count(plan.rolesWithoutCandidates)) 个（共 \(Fmt.count(catalog.roles.count)) 个），原因见“未满足岗位”与 unserved.csv。"
        }
        return s
    }

    /// The table's header and rows (cells as plain text).
    func evidenceTable(_ rows: [EvidenceRow]) -> (header: [String], rows: [[String]]) {
        let total = rows.reduce(0) { $0 + $1.graduates }
        // The numbers first and the meaning last, so that a phone shows the figures before it scrolls.
        var header = ["匹配依据"]
        if scopeCollege == nil { header.append("候选关联") }
        header += ["分配条数", "毕业生", "占已分配", "专业点", "含义"]
        return (
            header,
            rows.map { r in
                var cells = [r.evidence.chinese]
                if scopeCollege == nil { cells.append(Fmt.count(r.edges)) }
                cells += [Fmt.count(r.flows), Fmt.count(r.graduates), Fmt.share(r.graduates, of: total), Fmt.count(r.programs)]
                return cells + [Self.evidenceMeaning(r.evidence)]
            }
        )
    }

    /// The section in Markdown.
    func evidenceMarkdown() -> String {
        let rows = evidenceRows()
        let t = evidenceTable(rows)
        return "## 匹配依据\n\n" + Fmt.markdown(evidenceLead(rows)) + "\n\n" + table(t.header, t.rows)
    }

    /// The section in HTML.
    func evidenceHTML() -> String {
        let rows = evidenceRows()
        let t = evidenceTable(rows)
        return "<h2 id=\"evidence\">匹配依据</h2>\n<p>\(Fmt.html(evidenceLead(rows)))</p>\n"
            + table(t.header, t.rows.map { $0.map(Fmt.html) }, numeric: Set(1..<(t.header.count - 1)))
    }
}
