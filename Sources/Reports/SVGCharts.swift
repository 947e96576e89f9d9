import Catalog
import Planner

/// Colours shared by the charts and the tables.
enum Palette {
    static let supply = "#1565c0"
    static let demand = "#ef6c00"
    static let grid = "#d0d7de"
    static let text = "#24292f"
    static let muted = "#57606a"

    static func card(_ c: Card) -> String {
        switch c {
        case .green: "#2e7d32"
        case .yellow: "#f9a825"
        case .red: "#c62828"
        }
    }

    /// A colour per supply/demand band name (DESIGN.md's five bands); grey for others.
    static func band(_ name: String) -> String {
        switch name {
        case "undersupply": "#c62828"
        case "slightUndersupply": "#ef6c00"
        case "balanced": "#2e7d32"
        case "slightOversupply": "#0277bd"
        case "oversupply": "#6a1b9a"
        default: "#6e7781"
        }
    }

    /// White → blue by `t` in [0, 1], as `#rrggbb`.
    static func heat(_ t: Double) -> String {
        let t = max(0, min(1, t))
        let from = (255.0, 255.0, 255.0)
        let to = (21.0, 101.0, 192.0)
        func hex(_ a: Double, _ b: Double) -> String {
            let v = Int((a + (b - a) * t).rounded())
            let s = String(v, radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        return "#" + hex(from.0, to.0) + hex(from.1, to.1) + hex(from.2, to.2)
    }
}

/// A coordinate with one decimal.
private func n(_ x: Double) -> String { Fmt.fixed(x, 1, or: "0") }
private func n(_ x: Int) -> String { String(x) }

extension PlanReport {
    /// Most programs the utilisation chart draws one bar each for; above it, a stacked histogram.
    static let programBarsLimit = 60
    /// Most rows (专业类) and columns (clusters) of the heat map.
    static let heatMapLimit = 40

    /// (a) Supply vs demand per cluster: grouped horizontal bars, with the band.
    func clusterChart() -> String {
        // The tables' order: by tier, then by unfilled demand.
        let rows = clusterGroups.flatMap(\.balances)
        let labelW = 230.0
        let barW = 520.0
        let bandW = 110.0
        let rowH = 30.0
        let top = 34.0
        let valueW = 70.0
        let width = labelW + barW + valueW + bandW + 20
        let height = top + rowH * Double(max(rows.count, 1)) + 12
        var s = svgOpen(width: width, height: height, label: "各产业集群毕业生供给与岗位需求")
        s += legend(x: labelW, y: 14, [("供给（毕业生）", Palette.supply), ("需求（岗位人数）", Palette.demand)])
        if rows.isEmpty {
            s += "<text x=\"\(n(labelW))\" y=\"\(n(top + 18))\" fill=\"\(Palette.muted)\">无数据</text>"
            return s + "</svg>\n"
        }
        let maxV = Double(max(1, rows.map { max($0.supply, $0.demand) }.max() ?? 1))
        for (i, b) in rows.enumerated() {
            let y = top + rowH * Double(i)
            let ws = barW * Double(b.supply) / maxV
            let wd = barW * Double(b.demand) / maxV
            let tip = Fmt.html("\(b.name)：供给 \(b.supply)，需求 \(b.demand)，供需比 \(Fmt.ratio(b.ratio))，\(b.bandLabel)")
            s += "<g><title>\(tip)</title>"
            s +=
                "<text x=\"\(n(labelW - 8))\" y=\"\(n(y + 17))\" text-anchor=\"end\" font-size=\"12\">"
                + Fmt.html(truncated(b.name, 16)) + "</text>"
            s += "<rect x=\"\(n(labelW))\" y=\"\(n(y + 3))\" width=\"\(n(ws))\" height=\"11\" fill=\"\(Palette.supply)\"/>"
            s += "<rect x=\"\(n(labelW))\" y=\"\(n(y + 15))\" width=\"\(n(wd))\" height=\"11\" fill=\"\(Palette.demand)\"/>"
            s +=
                "<text x=\"\(n(labelW + max(ws, wd) + 4))\" y=\"\(n(y + 18))\" font-size=\"10\" fill=\"\(Palette.muted)\">"
                + "\(Fmt.count(b.supply)) / \(Fmt.count(b.demand))</text>"
            let bx = labelW + barW + valueW + 10
            s +=
                "<rect x=\"\(n(bx))\" y=\"\(n(y + 5))\" width=\"\(n(bandW - 10))\" height=\"18\" rx=\"4\" fill=\"\(Palette.band(b.band))\"/>"
            s +=
                "<text x=\"\(n(bx + (bandW - 10) / 2))\" y=\"\(n(y + 18))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#fff\">"
                + Fmt.html(chipLabel(b)) + "</text></g>"
        }
        return s + "</svg>\n"
    }

    /// (b) Utilisation per program coloured by card: one bar per program (sorted) when there are
    /// few, else a histogram of utilisation in 0.05 bins stacked by card (light at any scale).
    func utilisationChart() -> String {
        let xs = advices.filter(hasUtilisation)
        if xs.count <= Self.programBarsLimit { return utilisationBars(xs) }
        return utilisationHistogram(xs)
    }

    /// Whether a program's utilisation says something: it has graduates to place and some
    /// submitted demand it could serve (the others are counted beside the chart, not as zeros).
    func hasUtilisation(_ a: ProgramAdvice) -> Bool {
        a.available > 0 && !a.rules.contains { $0.id == "card.yellow.noDemandData" }
    }

    /// The line under the utilisation chart: which programs it leaves out, and why.
    var utilisationFootnote: String {
        let noGraduates = advices.filter { $0.available <= 0 }.count
        let noDemand = advices.filter { $0.available > 0 && !hasUtilisation($0) }.count
        var parts: [String] = []
        if noDemand > 0 { parts.append("\(Fmt.count(noDemand)) 个专业点没有对口的岗位需求数据") }
        if noGraduates > 0 { parts.append("\(Fmt.count(noGraduates)) 个专业点本年没有可供给的毕业生") }
        return parts.isEmpty ? "" : "图中未画出：" + parts.joined(separator: "，") + "。"
    }

    private func utilisationBars(_ xs: [ProgramAdvice]) -> String {
        let sorted = xs.sorted { $0.utilisation != $1.utilisation ? $0.utilisation < $1.utilisation : $0.program < $1.program }
        let labelW = 260.0
        let barW = 560.0
        let rowH = 18.0
        let top = 34.0
        let width = labelW + barW + 60
        let height = top + rowH * Double(max(sorted.count, 1)) + 24
        var s = svgOpen(width: width, height: height, label: "各专业点毕业生利用率（按牌色着色）")
        s += legend(x: labelW, y: 14, Card.allCases.map { ($0.chinese, Palette.card($0)) })
        let maxU = max(1.0, sorted.map(\.utilisation).filter(\.isFinite).max() ?? 1)
        // Reference lines at the card thresholds.
        for (u, label) in [(plan.policy.cards.yellowUtilisation, "黄牌线"), (plan.policy.cards.greenUtilisation, "绿牌线"), (1.0, "100%")] {
            let x = labelW + barW * u / maxU
            s +=
                "<line x1=\"\(n(x))\" y1=\"\(n(top - 4))\" x2=\"\(n(x))\" y2=\"\(n(height - 20))\" stroke=\"\(Palette.grid)\" stroke-dasharray=\"3 3\"/>"
            s +=
                "<text x=\"\(n(x))\" y=\"\(n(height - 6))\" text-anchor=\"middle\" font-size=\"10\" fill=\"\(Palette.muted)\">"
                + Fmt.html(label == "100%" ? label : "\(label) \(Fmt.wholePercent(u))") + "</text>"
        }
        for (i, a) in sorted.enumerated() {
            let y = top + rowH * Double(i)
            let p = program(a.program)
            // A college's own review names the majors only; the city's names the college too.
            let label =
                p.map { scopeCollege == nil ? "\(collegeName($0.college))·\(majorName(ofProgram: $0))" : majorName(ofProgram: $0) } ?? "?"
            let u = a.utilisation.isFinite ? a.utilisation : 0
            s += "<g><title>" + Fmt.html("\(label)：利用率 \(Fmt.wholePercent(a.utilisation))，\(a.card.chinese)") + "</title>"
            s +=
                "<text x=\"\(n(labelW - 6))\" y=\"\(n(y + 12))\" text-anchor=\"end\" font-size=\"11\">"
                + Fmt.html(truncated(label, 22)) + "</text>"
            s +=
                "<rect x=\"\(n(labelW))\" y=\"\(n(y + 3))\" width=\"\(n(barW * u / maxU))\" height=\"12\" fill=\"\(Palette.card(a.card))\"/>"
            s +=
                "<text x=\"\(n(labelW + barW * u / maxU + 4))\" y=\"\(n(y + 13))\" font-size=\"10\" fill=\"\(Palette.muted)\">"
                + Fmt.wholePercent(a.utilisation) + "</text></g>"
        }
        return s + "</svg>\n"
    }

    private func utilisationHistogram(_ xs: [ProgramAdvice]) -> String {
        let bins = 21  // [0, 0.05), …, [0.95, 1.0), ≥ 1.0
        var counts = Array(repeating: [0, 0, 0], count: bins)  // red, yellow, green
        for a in xs {
            let u = a.utilisation.isFinite ? max(0, a.utilisation) : 0
            let b = min(Int(u * 20), bins - 1)
            counts[b][a.card == .red ? 0 : a.card == .yellow ? 1 : 2] += 1
        }
        let left = 50.0
        let top = 34.0
        let plotW = 820.0
        let plotH = 300.0
        let width = left + plotW + 20
        let height = top + plotH + 40
        var s = svgOpen(width: width, height: height, label: "专业点利用率分布（按牌色堆叠，共 \(xs.count) 个）")
        s += legend(x: left, y: 14, Card.allCases.map { ($0.chinese, Palette.card($0)) })
        let maxC = Double(max(1, counts.map { $0.reduce(0, +) }.max() ?? 1))
        let bw = plotW / Double(bins)
        for k in 0...4 {
            let v = Int((maxC * Double(k) / 4).rounded())
            let y = top + plotH - plotH * Double(v) / maxC
            s += "<line x1=\"\(n(left))\" y1=\"\(n(y))\" x2=\"\(n(left + plotW))\" y2=\"\(n(y))\" stroke=\"\(Palette.grid)\"/>"
            s += "<text x=\"\(n(left - 6))\" y=\"\(n(y + 4))\" text-anchor=\"end\" font-size=\"10\" fill=\"\(Palette.muted)\">\(v)</text>"
        }
        for (b, c) in counts.enumerated() {
            var y = top + plotH
            let x = left + bw * Double(b)
            let range = b == bins - 1 ? "≥ 1.00" : "\(Fmt.fixed(Double(b) * 0.05, 2, or: ""))–\(Fmt.fixed(Double(b + 1) * 0.05, 2, or: ""))"
            s += "<g><title>" + Fmt.html("利用率 \(range)：红牌 \(c[0])，黄牌 \(c[1])，绿牌 \(c[2])") + "</title>"
            for (j, card) in [Card.red, .yellow, .green].enumerated() where c[j] > 0 {
                let h = plotH * Double(c[j]) / maxC
                y -= h
                s += "<rect x=\"\(n(x + 1))\" y=\"\(n(y))\" width=\"\(n(bw - 2))\" height=\"\(n(h))\" fill=\"\(Palette.card(card))\"/>"
            }
            s += "</g>"
            if b % 2 == 0 || b == bins - 1 {
                let label = b == bins - 1 ? "≥1" : Fmt.fixed(Double(b) * 0.05, 1, or: "")
                s +=
                    "<text x=\"\(n(x + bw / 2))\" y=\"\(n(top + plotH + 14))\" text-anchor=\"middle\" font-size=\"10\" fill=\"\(Palette.muted)\">\(label)</text>"
            }
        }
        s +=
            "<text x=\"\(n(left + plotW / 2))\" y=\"\(n(top + plotH + 32))\" text-anchor=\"middle\" font-size=\"11\">利用率（已分配 ÷ 可供给毕业生）</text>"
        return s + "</svg>\n"
    }

    /// (b′) Which programs got which card and why: one horizontal bar per card and cause.
    func cardCauseChart() -> String {
        let rows = cardCauses()
        let labelW = 360.0
        let barW = 460.0
        let rowH = 24.0
        let top = 12.0
        let width = labelW + barW + 70
        let height = top + rowH * Double(max(rows.count, 1)) + 8
        var s = svgOpen(width: width, height: height, label: "各牌色专业点的主要原因")
        let maxC = Double(max(1, rows.map(\.count).max() ?? 1))
        for (i, r) in rows.enumerated() {
            let y = top + rowH * Double(i)
            let w = max(1, (barW * Double(r.count) / maxC).rounded())
            let label = "\(r.card.chinese) · \(r.cause)"
            s += "<g><title>" + Fmt.html("\(label)：\(Fmt.count(r.count)) 个专业点") + "</title>"
            s += "<text x=\"\(n(labelW - 8))\" y=\"\(n(y + 16))\" text-anchor=\"end\" font-size=\"12\">" + Fmt.html(label) + "</text>"
            s += "<rect x=\"\(n(labelW))\" y=\"\(n(y + 4))\" width=\"\(n(w))\" height=\"16\" fill=\"\(Palette.card(r.card))\"/>"
            s +=
                "<text x=\"\(n(labelW + w + 6))\" y=\"\(n(y + 16))\" font-size=\"11\" fill=\"\(Palette.muted)\">"
                + Fmt.count(r.count) + "</text></g>"
        }
        return s + "</svg>\n"
    }

    /// The heat map's data: 专业类 rows × cluster columns of allocated flow, in display order.
    func heatMapData() -> (rows: [String], columns: [String], cells: [[Int]], droppedRows: Int, droppedColumns: Int) {
        var rowTotals: [String: Int] = [:]
        var colTotals: [String: Int] = [:]
        var cell: [String: [String: Int]] = [:]
        for i in flowIndices {
            let f = plan.flows[i]
            guard let p = program(f.program) else { continue }
            let r = majorClass(ofProgram: p)
            let c = roleCluster(f.role)
            rowTotals[r, default: 0] += Int(f.count)
            colTotals[c, default: 0] += Int(f.count)
            cell[r, default: [:]][c, default: 0] += Int(f.count)
        }
        let rows = rowTotals.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
        // Columns in the cluster catalog's order (the order of the clusters chart), unknown ids last.
        let order = Dictionary(catalog.clusters.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        var columns = colTotals.keys.sorted { a, b in
            let oa = order[a] ?? Int.max
            let ob = order[b] ?? Int.max
            return oa != ob ? oa < ob : a < b
        }
        var droppedColumns = 0
        if columns.count > Self.heatMapLimit {
            let keep = Set(
                colTotals.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                    .prefix(Self.heatMapLimit).map(\.key))
            droppedColumns = columns.count - keep.count
            columns = columns.filter(keep.contains)
        }
        let shownRows = Array(rows.prefix(Self.heatMapLimit))
        let cells = shownRows.map { r in columns.map { cell[r]?[$0] ?? 0 } }
        return (shownRows, columns, cells, rows.count - shownRows.count, droppedColumns)
    }

    /// (c) 专业类 × cluster heat map of allocated flow.
    func heatMapChart() -> String {
        let d = heatMapData()
        let longest = d.columns.map { truncated(clusterName($0), 12).count }.max() ?? 4
        let labelW = 170.0
        let cellW = 26.0
        let cellH = 20.0
        let top = 30.0 + 11.0 * Double(longest)
        let width = max(labelW + cellW * Double(d.columns.count) + 30, 400)
        let height = top + cellH * Double(max(d.rows.count, 1)) + 40
        var s = svgOpen(width: width, height: height, label: "专业类 × 产业集群 已分配毕业生热力图")
        if d.rows.isEmpty {
            s += "<text x=\"\(n(labelW))\" y=\"\(n(top + 14))\" fill=\"\(Palette.muted)\">无已分配的毕业生</text>"
            return s + "</svg>\n"
        }
        let maxV = Double(max(1, d.cells.flatMap { $0 }.max() ?? 1))
        for (j, c) in d.columns.enumerated() {
            let x = labelW + cellW * Double(j) + cellW / 2
            s +=
                "<text transform=\"translate(\(n(x)) \(n(top - 6))) rotate(-60)\" font-size=\"11\"><title>"
                + Fmt.html("\(clusterName(c))（\(c)）") + "</title>" + Fmt.html(truncated(clusterName(c), 12)) + "</text>"
        }
        for (i, r) in d.rows.enumerated() {
            let y = top + cellH * Double(i)
            s +=
                "<text x=\"\(n(labelW - 6))\" y=\"\(n(y + 14))\" text-anchor=\"end\" font-size=\"11\">"
                + Fmt.html(truncated(r, 12)) + "</text>"
            for (j, v) in d.cells[i].enumerated() {
                let x = labelW + cellW * Double(j)
                let fill = v == 0 ? "#f6f8fa" : Palette.heat(0.15 + 0.85 * (Double(v) / maxV).squareRoot())
                s +=
                    "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(cellW - 1))\" height=\"\(n(cellH - 1))\" fill=\"\(fill)\">"
                    + "<title>" + Fmt.html("\(r) × \(clusterName(d.columns[j]))：\(v) 人") + "</title></rect>"
            }
        }
        var foot = "颜色越深，分配的毕业生越多（最大 \(Int(maxV)) 人）"
        if d.droppedRows > 0 || d.droppedColumns > 0 {
            foot += "；另有 \(d.droppedRows) 个专业类、\(d.droppedColumns) 个集群未画出"
        }
        s += "<text x=\"\(n(labelW))\" y=\"\(n(height - 14))\" font-size=\"11\" fill=\"\(Palette.muted)\">" + Fmt.html(foot) + "</text>"
        return s + "</svg>\n"
    }

    // MARK: Pieces.

    private func svgOpen(width: Double, height: Double, label: String) -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-label=\"\(Fmt.html(label))\">"
            + "<title>\(Fmt.html(label))</title>"
    }

    private func legend(x: Double, y: Double, _ items: [(String, String)]) -> String {
        var s = ""
        var cx = x
        for (label, colour) in items {
            s += "<rect x=\"\(n(cx))\" y=\"\(n(y - 9))\" width=\"12\" height=\"12\" fill=\"\(colour)\"/>"
            s += "<text x=\"\(n(cx + 16))\" y=\"\(n(y + 1))\" font-size=\"12\">\(Fmt.html(label))</text>"
            cx += 28 + Double(label.count) * 12
        }
        return s
    }

    /// A band chip's short text: the band's name before any parenthesised detail (which the
    /// tooltip and the table carry), then the ratio.
    func chipLabel(_ b: Balance) -> String {
        let name = b.bandLabel.split(separator: "（", maxSplits: 1).first.map(String.init) ?? b.bandLabel
        return name.hasPrefix("结构性错配") ? name : "\(name) \(Fmt.ratio(b.ratio))"
    }

    /// At most `limit` characters, with an ellipsis when cut.
    func truncated(_ s: String, _ limit: Int) -> String {
        s.count <= limit ? s : String(s.prefix(limit - 1)) + "…"
    }
}
