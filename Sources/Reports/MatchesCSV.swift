import Catalog
import Planner

extension PlanReport {
    /// `matches.csv`: one row per allocated flow in scope (program → role), in the plan's order,
    /// with the evidence that links them (同职业 / 同小类 / 同中类 / 仅文本).
    public func matchesCSV() -> [UInt8] {
        let header = [
            "program", "college", "collegeName", "major", "majorName", "role", "roleName", "cluster", "allocated",
            "score", "evidence", "evidenceLabel",
        ]
        let rows: [[String]] = flowIndices.map { i in
            let f = plan.flows[i]
            let p = program(f.program)
            var row = programCells(p)
            row += [
                CSV.text(roleRef(f.role)),
                CSV.text(role(f.role)?.name ?? "?"),
                CSV.text(roleCluster(f.role)),
                String(f.count),
                Fmt.fixed(Double(f.score), 4, or: ""),
                f.evidence.rawValue,
                f.evidence.chinese,
            ]
            return row
        }
        return CSV.document(header: header, rows: rows)
    }
}
