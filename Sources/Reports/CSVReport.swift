import Catalog
import Planner

/// RFC 4180 CSV: CRLF line ends, fields with a comma, quote, CR or LF quoted with quotes doubled,
/// UTF-8 with a byte order mark so that Excel reads Chinese correctly.
enum CSV {
    /// The UTF-8 byte order mark.
    static let bom = "\u{FEFF}"

    /// One field, quoted when it must be.
    static func field(_ s: String) -> String {
        let needs = s.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needs else { return s }
        var out = "\""
        for ch in s.unicodeScalars {
            if ch == "\"" { out += "\"\"" } else { out.unicodeScalars.append(ch) }
        }
        return out + "\""
    }

    /// Chinese names of the columns, by identifier.
    static let columnNames: [String: String] = [
        "program": "专业点", "college": "学校代码", "collegeName": "学校名称", "major": "专业代码",
        "majorName": "专业名称", "majorClass": "专业类", "card": "牌色", "adjustment": "调整建议",
        "utilisation": "利用率", "available": "可供给毕业生", "allocated": "已分配", "enrolment": "当前招生",
        "suggestedEnrolment": "建议招生", "lowerBound": "下限", "upperBound": "上限", "employmentRate": "就业率",
        "shortfallOfItsRoles": "对口岗位缺口", "gaps": "课程缺口", "rules": "触发规则", "reason": "理由",
        "unmet": "未满足需求", "score": "匹配分", "sameDistrict": "同区县", "sameClassMajors": "该校同类专业",
        "roles": "对应岗位", "pairing": "配对方式", "kind": "联合体类型", "anchor": "锚点", "name": "名称",
        "consortiumWeight": "联合体权重", "member": "成员序号", "inOther": "也在另一配对中",
        "role": "岗位", "roleName": "岗位名称", "cluster": "产业集群", "clusterName": "集群名称",
        "submitter": "需求提交方", "district": "区县", "headcount": "需求人数", "filled": "已满足",
        "educationLevel": "学历层次", "occupation": "职业代码", "leadEnterprise": "牵头企业",
        "leadCollege": "牵头学校", "collegesOffering": "已开设该专业的学校数", "schedule": "逐年计划",
        "demandShare": "本专业点可承担的缺口", "basis": "调整依据", "conflict": "信号冲突说明", "note": "说明",
        "majorUnmet": "该专业对应的未满足需求", "offeredBy": "建议开设的学校数", "reasonText": "原因说明",
        "linkedMajors": "对口专业",
        "signalYear": "需求信号年份（距本年）", "sensitivity": "牌色稳健性", "sensitivityFlips": "使牌色改变的阈值移动",
        "offset": "距本年年数", "year": "年份", "supply": "供给", "demand": "需求", "placed": "已分配", "unfilled": "缺口",
        "difference": "差异项", "a": "方案A", "b": "方案B",
        "evidence": "匹配依据", "evidenceLabel": "匹配依据说明",
    ]

    /// A column's header cell: `中文名(identifier)`, or the identifier alone when it has no name yet.
    static func label(_ id: String) -> String {
        guard let zh = columnNames[id] else { return id }
        return "\(zh)(\(id))"
    }

    /// A text field that a spreadsheet must not read as a formula: a leading `=`, `+`, `-` or `@`
    /// gets a `'` in front (OWASP's CSV-injection advice). Used for names and free text only.
    static func text(_ s: String) -> String {
        if let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { return field("'" + s) }
        return field(s)
    }

    /// The whole file: BOM, header, rows, each line ended by CRLF. Each header cell is the
    /// column's Chinese name with its identifier in parentheses, e.g. `学校名称(collegeName)`.
    static func document(header: [String], rows: [[String]]) -> [UInt8] {
        var out = bom + header.map { field(label($0)) }.joined(separator: ",") + "\r\n"
        for r in rows { out += r.joined(separator: ",") + "\r\n" }
        return Array(out.utf8)
    }
}

extension PlanReport {
    /// The cells naming a program, first in every table of programs: its id, college id and name,
    /// major code and name (`?` or empty where the index is out of range).
    func programCells(_ p: Program?) -> [String] {
        [
            CSV.text(p?.id ?? "?"),
            CSV.text(p.map { collegeID($0.college) } ?? "?"),
            CSV.text(p.map { collegeName($0.college) } ?? "?"),
            CSV.text(p?.majorCode ?? "?"),
            CSV.text(p.map(majorName(ofProgram:)) ?? ""),
        ]
    }

    /// `programs.csv`: one row per program in scope, in catalog order.
    public func programsCSV() -> [UInt8] {
        let header = [
            "program", "college", "collegeName", "major", "majorName", "majorClass", "card", "adjustment",
            "utilisation", "available", "allocated", "enrolment", "suggestedEnrolment", "lowerBound", "upperBound",
            "employmentRate", "shortfallOfItsRoles", "gaps", "rules", "reason", "demandShare", "basis", "conflict",
            "schedule", "signalYear", "sensitivity", "sensitivityFlips",
        ]
        let rows: [[String]] = advices.map { a in
            let p = program(a.program)
            var row = programCells(p)
            row += [
                CSV.text(p.map(majorClass(ofProgram:)) ?? ""),
                a.card.rawValue,
                a.adjustment.rawValue,
                Fmt.fixed(a.utilisation, 3, or: ""),
                String(a.available),
                String(a.allocated),
                String(p?.enrolment ?? 0),
                String(a.suggestedEnrolment),
                String(a.lowerBound),
                String(a.upperBound),
                p.map { $0.employmentRate.isNaN ? "" : Exact.text(Exact.micros($0.employmentRate)) } ?? "",
                String(a.shortfallOfItsRoles),
                CSV.text(a.gaps.map(term).joined(separator: "; ")),
                CSV.text(a.rules.map(\.id).joined(separator: "; ")),
                CSV.text(a.reason),
                String(a.demandShare),
                CSV.text(a.basis),
                CSV.text(a.conflict ?? ""),
                CSV.text(a.schedule.map(String.init).joined(separator: "; ")),
                String(a.signalYear),
                a.sensitivity.map(\.label) ?? "",
                CSV.text(a.sensitivity?.flips.joined(separator: "; ") ?? ""),
            ]
            return row
        }
        return CSV.document(header: header, rows: rows)
    }

    /// `unserved.csv`: one row per role with unfilled headcount in scope, in role order.
    public func unservedCSV() -> [UInt8] {
        let header = ["role", "name", "cluster", "district", "unmet", "reason", "reasonText", "linkedMajors"]
        let rows: [[String]] = unservedInScope.map { u in
            let r = role(u.role)
            return [
                CSV.text(roleRef(u.role)),
                CSV.text(r?.name ?? "?"),
                CSV.text(roleCluster(u.role)),
                CSV.text(r?.district ?? ""),
                String(u.unmet),
                u.reason.rawValue,
                CSV.text(u.reason.chinese),
                CSV.text(u.linkedMajors.map { major($0)?.code ?? "?" }.joined(separator: "; ")),
            ]
        }
        return CSV.document(header: header, rows: rows)
    }

    /// `openings.csv`: one row per proposed opening in scope, in the plan's order.
    public func openingsCSV() -> [UInt8] {
        let header = [
            "major", "majorName", "college", "collegeName", "unmet", "score", "sameDistrict", "sameClassMajors",
            "roles", "reason", "majorUnmet", "offeredBy",
        ]
        let rows: [[String]] = openingIndices.map { i in
            let o = plan.openings[i]
            let m = major(o.major)
            return [
                CSV.text(m?.code ?? "?"),
                CSV.text(m?.name ?? ""),
                CSV.text(collegeID(o.college)),
                CSV.text(collegeName(o.college)),
                String(o.unmet),
                Fmt.fixed(Double(o.score), 4, or: ""),
                o.sameDistrict ? "true" : "false",
                CSV.text(o.sameClassMajors.map { major($0)?.code ?? "?" }.joined(separator: "; ")),
                CSV.text(o.roles.map(roleRef).joined(separator: "; ")),
                CSV.text(o.reason),
                String(o.majorUnmet),
                String(o.offeredBy),
            ]
        }
        return CSV.document(header: header, rows: rows)
    }

    /// `consortia.csv`: one row per (pairing, consortium, member college); `inOther` says whether
    /// the same college–anchor pair is also in the other pairing.
    public func consortiaCSV() -> [UInt8] {
        let header = [
            "pairing", "kind", "anchor", "name", "consortiumWeight", "member", "college", "collegeName", "inOther",
            "leadEnterprise", "note",
        ]
        let optimalPairs = Set(plan.consortia.optimal.flatMap { c in c.colleges.map { "\($0)\u{1F}\(c.anchor)" } })
        let stablePairs = Set(plan.consortia.stable.flatMap { c in c.colleges.map { "\($0)\u{1F}\(c.anchor)" } })
        var rows: [[String]] = []
        for (pairing, list, other) in [("optimal", optimal, stablePairs), ("stable", stable, optimalPairs)] {
            for c in list {
                for (k, m) in c.colleges.enumerated() {
                    if let s = scopeCollege, m != s { continue }
                    rows.append([
                        pairing,
                        c.kind.rawValue,
                        CSV.text(c.anchor),
                        CSV.text(c.name),
                        Fmt.fixed(c.weight, 4, or: ""),
                        String(k + 1),
                        CSV.text(collegeID(m)),
                        CSV.text(collegeName(m)),
                        other.contains("\(m)\u{1F}\(c.anchor)") ? "true" : "false",
                        CSV.text(c.leadEnterprise ?? ""),
                        CSV.text(c.note ?? ""),
                    ])
                }
            }
        }
        return CSV.document(header: header, rows: rows)
    }
}
