import Catalog
import Planner

extension PlanReport {
    /// `report.html`: one self-contained page in Chinese (inline CSS, inline SVG charts, a tiny
    /// optional inline script for sorting tables; no network references).
    public func html() -> [UInt8] {
        let h = Fmt.html
        var s = """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="\(h(Self.generator))">
            <title>\(h(title))</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            <h1>\(h(title))</h1>

            """
        if let note = illustrativeNote { s += "<p class=\"note\">\(h(note))</p>\n" }

        s += "<h2 id=\"overview\">总体概况</h2>\n<ul>\n"
        for line in overviewLines() { s += "<li>\(h(line))</li>\n" }
        s += "</ul>\n"

        s += "<h2 id=\"clusters\">产业集群供需</h2>\n"
        s += "<figure>\(clusterChart())<figcaption>图 1 各产业集群的毕业生供给与岗位需求（右侧为供需比分档）</figcaption></figure>\n"
        s += table(
            ["集群", "编号", "供给", "需求", "已分配", "供需比", "分档"],
            plan.clusters.map { b in
                [h(b.name), h(b.key), String(b.supply), String(b.demand), String(b.allocated), h(Fmt.ratio(b.ratio)),
                 chip(b.bandLabel, Palette.band(b.band))]
            }, numeric: [2, 3, 4, 5])

        s += "<h2 id=\"unserved\">未满足岗位</h2>\n"
        let unserved = unservedInScope.sorted { $0.unmet > $1.unmet || ($0.unmet == $1.unmet && $0.role < $1.role) }
        if unserved.isEmpty {
            s += "<p class=\"muted\">（无）</p>\n"
        } else {
            s += table(
                ["岗位", "集群", "未满足", "原因"],
                unserved.prefix(Self.topOpenings).map { u in
                    [h(role(u.role)?.name ?? "?"), h(clusterName(roleCluster(u.role))), String(u.unmet), h(u.reason.chinese)]
                }, numeric: [2])
            if unserved.count > Self.topOpenings {
                s += "<p class=\"muted\">另有 \(unserved.count - Self.topOpenings) 个岗位见 unserved.csv。</p>\n"
            }
        }

        s += "<h2 id=\"programs\">专业调整建议</h2>\n<p>\(h(cardCountsLine))</p>\n"
        s += "<figure>\(utilisationChart())<figcaption>图 2 专业点利用率（按红/黄/绿牌着色）</figcaption></figure>\n"
        for card in [Card.red, .yellow, .green] {
            let xs = ranked(card)
            s += "<h3>\(chip(card.chinese, Palette.card(card))) \(xs.count) 个，\(h(cardAdvice(card)))</h3>\n"
            if xs.isEmpty {
                s += "<p class=\"muted\">（无）</p>\n"
                continue
            }
            s += table(
                ["学校", "专业", "利用率", "可供给", "已分配", "招生", "建议招生", "区间", "课程缺口", "理由与规则"],
                xs.prefix(Self.topPerCard).map { a in
                    let p = program(a.program)
                    let rs = reasons(a)
                    let why = "<b>\(h(rs[0]))</b>" + rs.dropFirst().map { "<br><span class=\"rule\">\(h($0))</span>" }.joined()
                    return [
                        h(p.map { collegeName($0.college) } ?? "?"),
                        h(p.map { "\(majorName(ofProgram: $0))（\($0.majorCode)）" } ?? "?"),
                        h(Fmt.ratio(a.utilisation)), String(a.available), String(a.allocated),
                        String(p?.enrolment ?? 0), String(a.suggestedEnrolment), "\(a.lowerBound)–\(a.upperBound)",
                        h(a.gaps.prefix(6).map(term).joined(separator: "、")), why,
                    ]
                }, numeric: [2, 3, 4, 5, 6])
            if xs.count > Self.topPerCard {
                s += "<p class=\"muted\">另有 \(xs.count - Self.topPerCard) 个\(card.chinese)专业点见 programs.csv。</p>\n"
            }
        }

        s += "<h2 id=\"heatmap\">专业类 × 产业集群</h2>\n"
        s += "<figure>\(heatMapChart())<figcaption>图 3 各专业类向各产业集群分配的毕业生人数</figcaption></figure>\n"

        s += "<h2 id=\"openings\">建议新设专业</h2>\n"
        if openingIndices.isEmpty {
            s += "<p class=\"muted\">（无）</p>\n"
        } else {
            s += table(
                ["学校", "专业", "未满足需求", "匹配分", "同区", "对应岗位", "理由"],
                openingIndices.prefix(Self.topOpenings).map { i in
                    let o = plan.openings[i]
                    let m = major(o.major)
                    return [
                        h(collegeName(o.college)), h("\(m?.name ?? "?")（\(m?.code ?? "?")）"), String(o.unmet),
                        h(Fmt.score(Double(o.score))), o.sameDistrict ? "是" : "否",
                        h(o.roles.prefix(5).map { role($0)?.name ?? "?" }.joined(separator: "、")), h(o.reason),
                    ]
                }, numeric: [2, 3])
            if openingIndices.count > Self.topOpenings {
                s += "<p class=\"muted\">另有 \(openingIndices.count - Self.topOpenings) 条建议见 openings.csv。</p>\n"
            }
        }

        s += "<h2 id=\"consortia\">产教联合体</h2>\n<p>\(h(consortiaSummary))</p>\n"
        for (title, list) in [("最优配对（b-匹配）", optimal), ("稳定配对（学校提议的延迟接受）", stable)] {
            s += "<h3>\(h(title))</h3>\n"
            if list.isEmpty {
                s += "<p class=\"muted\">（无）</p>\n"
                continue
            }
            s += table(
                ["类型", "锚点", "名称", "成员学校", "权重"],
                list.map { c in
                    [h(kindLabel(c.kind)), h(anchorLabel(c)), h(c.name),
                     h(c.colleges.map(collegeName).joined(separator: "、")), h(Fmt.score(c.weight))]
                }, numeric: [4])
        }
        s += "<h3>两种配对的差异</h3>\n"
        if onlyOptimal.isEmpty && onlyStable.isEmpty {
            s += "<p>两种配对相同。</p>\n"
        } else {
            s += table(
                ["学校", "锚点", "所在配对"],
                onlyOptimal.map { [h(collegeName($0.college)), h(anchorName($0.anchor)), "仅最优配对"] }
                    + onlyStable.map { [h(collegeName($0.college)), h(anchorName($0.anchor)), "仅稳定配对"] },
                numeric: [])
        }

        s += "<footer>由 \(h(Self.generator)) 生成。完整数据见 plan.json 与 CSV 文件（UTF-8，带 BOM）。</footer>\n"
        s += "<script>\(Self.sortScript)</script>\n</body>\n</html>\n"
        return Array(s.utf8)
    }

    /// A sortable table; `cells` are already HTML.
    private func table(_ header: [String], _ rows: [[String]], numeric: Set<Int>) -> String {
        var s = "<table class=\"sortable\">\n<thead><tr>"
        for (i, c) in header.enumerated() { s += numeric.contains(i) ? "<th class=\"num\">\(Fmt.html(c))</th>" : "<th>\(Fmt.html(c))</th>" }
        s += "</tr></thead>\n<tbody>\n"
        for r in rows {
            s += "<tr>"
            for (i, c) in r.enumerated() { s += numeric.contains(i) ? "<td class=\"num\">\(c)</td>" : "<td>\(c)</td>" }
            s += "</tr>\n"
        }
        return s + "</tbody>\n</table>\n"
    }

    private func chip(_ label: String, _ colour: String) -> String {
        "<span class=\"chip\" style=\"background:\(colour)\">\(Fmt.html(label))</span>"
    }

    static let css = """
        body{font-family:"PingFang SC","Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;\
        color:#24292f;margin:24px auto;max-width:1320px;padding:0 16px;line-height:1.5}
        h1{font-size:26px;border-bottom:2px solid #1565c0;padding-bottom:6px}
        h2{font-size:20px;margin-top:32px;border-left:4px solid #1565c0;padding-left:8px}
        h3{font-size:16px}
        .note{background:#fff8c5;border:1px solid #d4a72c;padding:8px 12px;border-radius:6px}
        .muted,footer{color:#57606a;font-size:13px}
        footer{margin-top:40px;border-top:1px solid #d0d7de;padding-top:8px}
        table{border-collapse:collapse;margin:8px 0 16px;font-size:13px;width:100%}
        th,td{border:1px solid #d0d7de;padding:4px 8px;vertical-align:top;text-align:left}
        th{background:#f6f8fa;cursor:pointer;user-select:none}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        tbody tr:nth-child(even){background:#fafbfc}
        .rule{color:#57606a;font-size:12px}
        .chip{display:inline-block;color:#fff;border-radius:4px;padding:0 6px;font-size:12px;line-height:18px}
        figure{margin:12px 0}
        figcaption{color:#57606a;font-size:13px}
        svg.chart{max-width:100%;height:auto;font-family:inherit;display:block}
        """

    /// Click a header to sort its table (numbers numerically); nothing on the page needs it.
    static let sortScript = """
        document.querySelectorAll("table.sortable th").forEach(function(th){th.addEventListener("click",function(){\
        var t=th.closest("table"),b=t.tBodies[0],i=Array.prototype.indexOf.call(th.parentNode.children,th),\
        d=th.dataset.dir==="asc"?-1:1;th.dataset.dir=d===1?"asc":"desc";\
        var rs=Array.prototype.slice.call(b.rows);rs.sort(function(x,y){var a=x.cells[i].textContent,c=y.cells[i].textContent,\
        p=parseFloat(a),q=parseFloat(c);if(!isNaN(p)&&!isNaN(q))return (p-q)*d;return a.localeCompare(c,"zh-CN")*d;});\
        rs.forEach(function(r){b.appendChild(r);});});});
        """
}
