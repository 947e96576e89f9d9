import Catalog
import Planner

/// One row of the years table: a year's graduates, their flows and the allocation.
struct PipelineRow {
    var label: String
    var graduates: Int
    var furtherStudy: Int
    var labourMarket: Int
    var available: Int
    var demand: Int
    var placed: Int
}

extension PlanReport {
    /// The multi-year plan's rows: this year (from the accounts), then each year of the horizon.
    func pipelineRows(_ p: PipelinePlan) -> [PipelineRow] {
        let g0 = p.baseLevels.reduce(0) { $0 + $1.graduates }
        let f0 = p.baseLevels.reduce(0) { $0 + $1.furtherStudy }
        var rows = [
            PipelineRow(
                label: p.label(0), graduates: g0, furtherStudy: f0, labourMarket: g0 - f0, available: plan.accounts.available,
                demand: plan.accounts.demand, placed: plan.accounts.placed)
        ]
        for y in p.years {
            let g = y.levels.reduce(0) { $0 + $1.graduates }
            let f = y.levels.reduce(0) { $0 + $1.furtherStudy }
            rows.append(
                PipelineRow(
                    label: p.label(y.offset), graduates: g, furtherStudy: f, labourMarket: g - f, available: y.available,
                    demand: y.demand, placed: y.placed))
        }
        return rows
    }

    /// Each cluster's supply and demand in this year and each year of the horizon, most unfilled
    /// in the last year first (ties in the plan's cluster order).
    func pipelineClusters(_ p: PipelinePlan) -> [(key: String, name: String, cells: [(supply: Int, demand: Int, unfilled: Int)])] {
        var out: [(key: String, name: String, cells: [(supply: Int, demand: Int, unfilled: Int)])] = []
        for (c, b) in plan.clusters.enumerated() {
            var cells = [(supply: b.supply, demand: b.demand, unfilled: b.unfilled)]
            for y in p.years where y.clusters.indices.contains(c) {
                let x = y.clusters[c]
                cells.append((x.supply, x.demand, x.unfilled))
            }
            out.append((b.key, b.name, cells))
        }
        let order = out.indices.sorted { a, b in
            let ua = out[a].cells.last?.unfilled ?? 0
            let ub = out[b].cells.last?.unfilled ?? 0
            return ua != ub ? ua > ub : a < b
        }
        return order.map { out[$0] }
    }

    /// The pipeline's explanation for people.
    func pipelineIntro(_ p: PipelinePlan) -> String {
        let years = EducationLevel.allCases.map { "\($0.chinese) \(p.stages[$0.index].years) 年" }.joined(separator: "、")
        let shares = EducationLevel.allCases.map { l in
            let s = p.stages[l.index]
            return "\(l.chinese)流失 \(Exact.percent(s.dropout))、升学 \(Exact.percent(s.furtherStudy))"
        }.joined(separator: "；")
        let illustrative = p.stages.contains(where: \.illustrative) ? "（示例参数，未经核实）" : ""
        return "按学制（\(years)）推算在校生逐年毕业；\(shares)\(illustrative)。升学者进入上一层次，不计入劳动力市场；"
            + "岗位需求按各岗位的年增长率逐年推算；每年进入劳动力市场的本地毕业生按当年需求重新分配（候选专业点与匹配分不变，只有人数变化）。"
            + "未来各年的招生按本年招生规模不变推算；本年的招生建议按下一届新生毕业当年的缺口测算。"
    }

    /// The years table (header and rows as text).
    func pipelineYearTable(_ p: PipelinePlan) -> (header: [String], rows: [[String]]) {
        let header = ["年份", "毕业生", "升学", "进入劳动力市场", "本地可供给", "岗位需求", "已满足", "缺口", "供需比"]
        let rows = pipelineRows(p).map { r in
            [
                r.label, Fmt.count(r.graduates), Fmt.count(r.furtherStudy), Fmt.count(r.labourMarket), Fmt.count(r.available),
                Fmt.count(r.demand), Fmt.count(r.placed), Fmt.count(r.demand - r.placed),
                r.demand > 0 ? Fmt.ratio(Double(r.available) / Double(r.demand)) : "—",
            ]
        }
        return (header, rows)
    }

    /// The clusters table: one column per year, `供给 / 需求（缺 n）`.
    func pipelineClusterTable(_ p: PipelinePlan) -> (header: [String], rows: [[String]]) {
        let header = ["集群"] + (0...p.horizon).map { "\(p.label($0)) 供给 / 需求" }
        let rows = pipelineClusters(p).map { c in
            [c.name]
                + c.cells.map { x in
                    "\(Fmt.count(x.supply)) / \(Fmt.count(x.demand))" + (x.unfilled > 0 ? "（缺 \(Fmt.count(x.unfilled))）" : "")
                }
        }
        return (header, rows)
    }

    /// Flows by level and year: graduates, further study, labour market, entrants from below.
    func pipelineLevelTable(_ p: PipelinePlan) -> (header: [String], rows: [[String]]) {
        let header = ["年份", "层次", "毕业生", "升学（进入上一层次）", "进入劳动力市场", "来自下一层次的升学生源"]
        var rows: [[String]] = []
        let all = [(0, p.baseLevels)] + p.years.map { ($0.offset, $0.levels) }
        for (t, levels) in all {
            for l in levels where l.graduates > 0 || l.fromBelow > 0 {
                rows.append([
                    p.label(t), l.level.chinese, Fmt.count(l.graduates), Fmt.count(l.furtherStudy), Fmt.count(l.labourMarket),
                    Fmt.count(l.fromBelow),
                ])
            }
        }
        return (header, rows)
    }

    /// Students in school by level and year of study.
    func pipelineCohortTable(_ p: PipelinePlan) -> (header: [String], rows: [[String]]) {
        let maxYears = p.cohorts.map(\.years).max() ?? 0
        let ordinals = ["一", "二", "三", "四", "五", "六", "七", "八"]
        let header = ["层次", "专业点"] + (0..<maxYears).map { "\(ordinals[min($0, 7)])年级" } + ["在校生合计", "估算的年级招生数"]
        let rows = p.cohorts.filter { $0.programs > 0 }.map { c in
            [c.level.chinese, Fmt.count(c.programs)]
                + (0..<maxYears).map { $0 < c.students.count ? Fmt.count(c.students[$0]) : "—" }
                + [Fmt.count(c.students.reduce(0, +)), Fmt.count(c.estimatedIntakes)]
        }
        return (header, rows)
    }

    /// `## 未来 N 年` of report.md (empty without a horizon or in a college's review).
    func pipelineMarkdown() -> String {
        guard scopeCollege == nil, let p = plan.pipeline else { return "" }
        var md = "## 未来 \(p.horizon) 年：劳动力市场毕业生与需求\n\n"
        md += Fmt.markdown(pipelineIntro(p)) + "\n\n"
        let y = pipelineYearTable(p)
        md += table(y.header, y.rows)
        md += "### 各产业集群逐年供需\n\n按最后一年缺口从大到小排列。\n\n"
        let c = pipelineClusterTable(p)
        md += table(c.header, c.rows)
        md += "### 各层次毕业去向\n\n"
        let l = pipelineLevelTable(p)
        md += table(l.header, l.rows)
        md += "### 在校生（按年级）\n\n"
        let k = pipelineCohortTable(p)
        md += table(k.header, k.rows)
        return md
    }

    /// The pipeline section of report.html (empty without a horizon or in a college's review).
    func pipelineHTML() -> String {
        guard scopeCollege == nil, let p = plan.pipeline else { return "" }
        let h = Fmt.html
        var s = "<h2 id=\"pipeline\">未来 \(p.horizon) 年：劳动力市场毕业生与需求</h2>\n<p>\(h(pipelineIntro(p)))</p>\n"
        let y = pipelineYearTable(p)
        s += table(y.header, y.rows.map { $0.map(h) }, numeric: Set(1..<y.header.count))
        s += "<h3>各产业集群逐年供需</h3>\n<p class=\"muted\">按最后一年缺口从大到小排列。</p>\n"
        let c = pipelineClusterTable(p)
        s += table(c.header, c.rows.map { $0.map(h) }, numeric: Set(1..<c.header.count), nowrap: Set(1..<c.header.count))
        s += "<h3>各层次毕业去向</h3>\n"
        let l = pipelineLevelTable(p)
        s += table(l.header, l.rows.map { $0.map(h) }, numeric: Set(2..<l.header.count))
        s += "<h3>在校生（按年级）</h3>\n"
        let k = pipelineCohortTable(p)
        s += table(k.header, k.rows.map { $0.map(h) }, numeric: Set(1..<k.header.count))
        return s
    }

    /// `pipeline.csv`: supply, demand, placed and unfilled by year and cluster (this year first).
    public func pipelineCSV() -> [UInt8] {
        guard let p = plan.pipeline else { return CSV.document(header: [], rows: []) }
        let header = ["offset", "year", "cluster", "clusterName", "supply", "demand", "placed", "unfilled"]
        var rows: [[String]] = []
        let yearText = { (t: Int) in p.baseYear.map { String($0 + t) } ?? "" }
        for b in plan.clusters {
            rows.append([
                "0", yearText(0), CSV.text(b.key), CSV.text(b.name), String(b.supply), String(b.demand),
                String(b.allocated), String(b.unfilled),
            ])
        }
        for y in p.years {
            for c in y.clusters {
                rows.append([
                    String(y.offset), yearText(y.offset), CSV.text(c.key), CSV.text(c.name), String(c.supply),
                    String(c.demand), String(c.placed), String(c.unfilled),
                ])
            }
        }
        return CSV.document(header: header, rows: rows)
    }

    /// plan.json's `pipeline` object.
    func pipelineJSON(_ p: PipelinePlan) -> JSON {
        func levels(_ xs: [LevelFlow]) -> JSON {
            .array(
                xs.map { l in
                    .object([
                        ("level", .string(l.level.rawValue)), ("graduates", .int(l.graduates)),
                        ("furtherStudy", .int(l.furtherStudy)), ("labourMarket", .int(l.labourMarket)),
                        ("available", .int(l.available)), ("fromBelow", .int(l.fromBelow)),
                    ])
                })
        }
        let stages: [JSON] = EducationLevel.allCases.map { l in
            let s = p.stages[l.index]
            return .object([
                ("level", .string(l.rawValue)), ("years", .int(s.years)), ("dropout", .number(Exact.text(s.dropout))),
                ("furtherStudy", .number(Exact.text(s.furtherStudy))), ("source", .optional(s.source)),
                ("illustrative", .bool(s.illustrative)),
            ])
        }
        let cohorts: [JSON] = p.cohorts.map { c in
            .object([
                ("level", .string(c.level.rawValue)), ("years", .int(c.years)), ("programs", .int(c.programs)),
                ("students", .array(c.students.map { .int($0) })), ("estimatedIntakes", .int(c.estimatedIntakes)),
            ])
        }
        let years: [JSON] = p.years.map { y in
            .object([
                ("offset", .int(y.offset)), ("year", y.year.map { .int($0) } ?? .null), ("levels", levels(y.levels)),
                ("available", .int(y.available)), ("demand", .int(y.demand)), ("placed", .int(y.placed)),
                ("unfilled", .int(y.demand - y.placed)), ("unplacedMatchingNoDemand", .int(y.unplacedNoDemand)),
                ("totalScore", .fixed(y.totalScore, 4)),
                (
                    "clusters",
                    .array(
                        y.clusters.map { c in
                            .object([
                                ("key", .string(c.key)), ("supply", .int(c.supply)), ("demand", .int(c.demand)),
                                ("placed", .int(c.placed)), ("unfilled", .int(c.unfilled)),
                            ])
                        })
                ),
            ])
        }
        return .object([
            ("baseYear", p.baseYear.map { .int($0) } ?? .null),
            ("horizon", .int(p.horizon)),
            ("stages", .array(stages)),
            ("cohorts", .array(cohorts)),
            ("baseLevels", levels(p.baseLevels)),
            ("years", .array(years)),
        ])
    }
}

extension PlanReport {
    /// The sensitivity of a card as a line of its reasons (none when not tested).
    func sensitivityLines(_ a: ProgramAdvice) -> [String] {
        guard let s = a.sensitivity else { return [] }
        let step = Exact.text(plan.policy.pipeline.sensitivity)
        if s.robust { return ["稳健性：稳健（各阈值单独移动 ±\(step) 时牌色不变）"] }
        return ["稳健性：临界（" + s.flips.joined(separator: "；") + "）"]
    }

    /// Robust and borderline cards in scope, in words (nil when not tested).
    var sensitivitySummary: String? {
        let tested = advices.compactMap(\.sensitivity)
        guard !tested.isEmpty else { return nil }
        let borderline = tested.filter { !$0.robust }.count
        return
            "牌色稳健性（各阈值单独移动 ±\(Exact.text(plan.policy.pipeline.sensitivity))）：稳健 \(Fmt.count(tested.count - borderline)) 个，临界 \(Fmt.count(borderline)) 个"
    }
}
