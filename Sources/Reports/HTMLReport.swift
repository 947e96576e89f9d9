import Catalog
import Planner

extension PlanReport {
    /// `report.html`: one self-contained page in Chinese (inline CSS, inline SVG charts, a tiny
    /// optional inline script for sorting tables; no network references).
    public func html() -> [UInt8] {
        var s = headHTML()
        if let c = scopeCollege {
            s += reviewHTML(college: c)
            s += guideHTML(open: false)
        } else {
            s += overviewHTML()
            s += guideHTML(open: true)
            s += clustersHTML()
            s += pipelineHTML()
            s += unservedHTML()
            s += evidenceHTML()
            s += programsHTML()
            s += heatMapHTML()
            s += openingsHTML()
            s += consortiaHTML()
            if let c = comparison { s += c.htmlSection(table: { Self.tableHTML($0, $1, numeric: $2) }) }
        }
        s += footerHTML()
        return Array(s.utf8)
    }

    /// The page's head, its title and the data notice (with the illustrative files' list).
    func headHTML() -> String {
        let h = Fmt.html
        var s = Self.pageOpening(title: title)
        if let note = dataNotice {
            s += "<div class=\"note\"><p>\(h(note))</p>"
            let files = illustrativeFiles
            if !files.isEmpty {
                s += "<details><summary>示例数据文件清单（\(Fmt.count(files.count)) 个）</summary><ul class=\"files\">"
                for f in files { s += "<li>\(h(Self.displayName(f)))</li>" }
                s += "</ul></details>"
            }
            s += "</div>\n"
        }
        return s
    }

    /// A page's opening up to its heading: doctype, head (charset, viewport, generator, title,
    /// the style sheet) and the `<h1>` of `title`. Every HTML file the reports write starts so.
    static func pageOpening(title: String) -> String {
        let h = Fmt.html
        return """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="\(h(generator))">
            <title>\(h(title))</title>
            <style>\(css)</style>
            </head>
            <body>
            <h1>\(h(title))</h1>

            """
    }

    /// A college's review: its sections, the utilisation chart after the first.
    func reviewHTML(college c: Int32) -> String {
        let h = Fmt.html
        var s = ""
        for (i, section) in reviewSections(college: c).enumerated() {
            s += sectionHTML(section)
            if i == 0 {
                s +=
                    "<figure>\(utilisationChart())<figcaption>本校各专业点的毕业生利用率（按红/黄/绿牌着色）"
                    + "\(h(utilisationFootnote))</figcaption></figure>\n"
            }
        }
        return s
    }

    /// The reading guide (folded away in a review, open on the city's page).
    func guideHTML(open: Bool) -> String {
        let h = Fmt.html
        var s = "<details class=\"guide\"\(open ? " open" : "")><summary>如何阅读本报告</summary><dl>\n"
        for (term, meaning) in readingGuide { s += "<dt>\(h(term))</dt><dd>\(h(meaning))</dd>\n" }
        s += "</dl></details>\n"
        return s
    }

    /// The page's footer and sorting script, and its end.
    func footerHTML() -> String {
        "<footer>由 \(Fmt.html(Self.generator)) 生成。完整数据见 plan.json 与 CSV 文件（UTF-8，带 BOM）。</footer>\n"
            + "<script>\(Self.sortScript)</script>\n</body>\n</html>\n"
    }

    /// 总体概况: the overview's lines.
    func overviewHTML() -> String {
        let h = Fmt.html
        var s = "<h2 id=\"overview\">总体概况</h2>\n<ul>\n"
        for line in overviewLines() { s += "<li>\(h(line))</li>\n" }
        s += "</ul>\n"
        return s
    }

    /// 产业集群供需: the supply–demand chart and a table per cluster tier.
    func clustersHTML() -> String {
        let h = Fmt.html
        var s = "<h2 id=\"clusters\">产业集群供需</h2>\n"
        s += "<figure>\(clusterChart())<figcaption>图 1 各产业集群的毕业生供给与岗位需求（右侧为供需比分档）</figcaption></figure>\n"
        s += "<p class=\"muted\">按集群层级分组，组内按岗位缺口从大到小排列。</p>\n"
        for group in clusterGroups {
            s += "<h3>\(h(group.title))</h3>\n"
            if let caveat = group.caveat { s += "<p class=\"caveat\">注：\(h(caveat))。</p>\n" }
            s += table(
                ["集群", "编号", "可供给毕业生", "岗位需求", "已满足", "缺口", "供需比", "分档"],
                group.balances.map { b in
                    [
                        h(b.name), h(b.key), Fmt.count(b.supply), Fmt.count(b.demand), Fmt.count(b.allocated),
                        Fmt.count(max(0, b.demand - b.allocated)), h(Fmt.ratio(b.ratio)), chip(b.bandLabel, Palette.band(b.band)),
                    ]
                }, numeric: [2, 3, 4, 5, 6])
        }
        return s
    }

    /// 未满足岗位: the roles left short, most unmet first.
    func unservedHTML() -> String {
        let h = Fmt.html
        var s = "<h2 id=\"unserved\">未满足岗位</h2>\n"
        let unserved = unservedRanked
        if unserved.isEmpty {
            s += "<p class=\"muted\">（无）</p>\n"
        } else {
            s += table(
                ["岗位", "集群", "未满足", "原因"],
                unserved.prefix(Self.topOpenings).map { u in
                    [h(role(u.role)?.name ?? "?"), h(clusterName(roleCluster(u.role))), Fmt.count(u.unmet), h(u.reason.chinese)]
                }, numeric: [2])
            if unserved.count > Self.topOpenings {
                s += "<p class=\"muted\">另有 \(Fmt.count(unserved.count - Self.topOpenings)) 个岗位见 unserved.csv。</p>\n"
            }
        }
        return s
    }

    /// 专业调整建议: the card-cause chart and the top programs of each card.
    func programsHTML() -> String {
        let h = Fmt.html
        var s = "<h2 id=\"programs\">专业调整建议</h2>\n<p>\(h(cardCountsLine))</p>\n"
        s += "<figure>\(cardCauseChart())<figcaption>图 2 各牌色专业点的主要原因（每个专业点计一次）</figcaption></figure>\n"
        for card in [Card.red, .yellow, .green] {
            let xs = ranked(card)
            s += "<h3>\(chip(card.chinese, Palette.card(card))) \(h(cardHeading(card, xs)))</h3>\n"
            if xs.isEmpty {
                s += "<p class=\"muted\">（无）</p>\n"
                continue
            }
            s += table(
                ["学校", "专业", "利用率", "可供给", "已分配", "招生", "建议招生", "区间", "课程缺口", "理由与规则"],
                xs.prefix(Self.topPerCard).map { a in
                    let p = program(a.program)
                    let rs = reasons(a)
                    // The reason in bold; the rules behind it folded away (one click opens them).
                    let rules = rs.dropFirst().map { "<div class=\"rule\">\(h($0))</div>" }.joined()
                    let why =
                        "<b>\(h(rs[0]))</b>" + (rs.count > 1 ? "<details><summary>依据（\(rs.count - 1) 条）</summary>\(rules)</details>" : "")
                    return [
                        h(p.map { collegeName($0.college) } ?? "?"),
                        h(p.map { "\(majorName(ofProgram: $0))（\($0.majorCode)）" } ?? "?"),
                        h(Fmt.wholePercent(a.utilisation)), String(a.available), String(a.allocated),
                        String(p?.enrolment ?? 0), String(a.suggestedEnrolment), "\(a.lowerBound)–\(a.upperBound)",
                        h(a.gaps.prefix(6).map(term).joined(separator: "、")), why,
                    ]
                }, numeric: [2, 3, 4, 5, 6])
            if xs.count > Self.topPerCard {
                s += "<p class=\"muted\">另有 \(Fmt.count(xs.count - Self.topPerCard)) 个\(card.chinese)专业点见 programs.csv。</p>\n"
            }
        }
        return s
    }

    /// 专业类 × 产业集群: the heat map.
    func heatMapHTML() -> String {
        var s = "<h2 id=\"heatmap\">专业类 × 产业集群</h2>\n"
        s += "<figure>\(heatMapChart())<figcaption>图 3 各专业类向各产业集群分配的毕业生人数</figcaption></figure>\n"
        return s
    }

    /// 建议新设专业: the top openings.
    func openingsHTML() -> String {
        let h = Fmt.html
        var s = "<h2 id=\"openings\">建议新设专业</h2>\n"
        if openingIndices.isEmpty {
            s += "<p class=\"muted\">（无）</p>\n"
        } else {
            s += table(
                ["学校", "专业", "未满足需求", "匹配分", "同区", "对应岗位", "理由"],
                openingIndices.prefix(Self.topOpenings).map { i in
                    let o = plan.openings[i]
                    let m = major(o.major)
                    return [
                        h(collegeName(o.college)), h("\(m?.name ?? "?")（\(m?.code ?? "?")）"), Fmt.count(o.unmet),
                        h(Fmt.score(Double(o.score))), o.sameDistrict ? "是" : "否",
                        h(o.roles.prefix(5).map { role($0)?.name ?? "?" }.joined(separator: "、")), h(o.reason),
                    ]
                }, numeric: [2, 3])
            if openingIndices.count > Self.topOpenings {
                s += "<p class=\"muted\">另有 \(Fmt.count(openingIndices.count - Self.topOpenings)) 条建议见 openings.csv。</p>\n"
            }
        }
        return s
    }

    /// 产教联合体: the two pairings compared, then each one's consortia.
    func consortiaHTML() -> String {
        let h = Fmt.html
        var s = "<h2 id=\"consortia\">产教联合体</h2>\n<p>\(h(consortiaSummary))</p>\n"
        s += "<h3>两种配对的比较</h3>\n<p>\(h(pairingComparisonSentence))</p>\n"
        s += table(["", "联合体数", "成员席位", "总权重"], pairingComparisonRows.map { $0.map(h) }, numeric: [1, 2, 3])
        for (title, list) in [("最优配对", byWeight(optimal)), ("稳定配对", byWeight(stable))] {
            s += "<h3>\(h(title))（按权重从高到低）</h3>\n"
            if list.isEmpty {
                s += "<p class=\"muted\">（无）</p>\n"
                continue
            }
            s += table(
                ["类型", "名称", "牵头企业", "牵头学校", "成员学校", "权重", "说明"],
                list.map { c in
                    [
                        h(kindLabel(c.kind)), h(consortiumName(c)), h(c.leadEnterprise ?? "—"), h(c.leadCollege.map(collegeName) ?? "—"),
                        h(c.colleges.map(collegeName).joined(separator: "、")), h(Fmt.fixed(c.weight, 1, or: "—")), h(c.note ?? ""),
                    ]
                }, numeric: [5])
        }
        return s
    }

    /// A file's name for the reader: the path below `Catalogs/` or the last two components.
    static func displayName(_ path: String) -> String {
        let parts = path.split(separator: "/")
        return parts.suffix(2).joined(separator: "/")
    }

    /// A sortable table; `cells` are already HTML. Columns in `nowrap` do not wrap.
    func table(_ header: [String], _ rows: [[String]], numeric: Set<Int>, nowrap: Set<Int> = []) -> String {
        Self.tableHTML(header, rows, numeric: numeric, nowrap: nowrap)
    }

    /// A sortable table; `cells` are already HTML (also for pages without a plan).
    static func tableHTML(_ header: [String], _ rows: [[String]], numeric: Set<Int>, nowrap: Set<Int> = []) -> String {
        func cls(_ i: Int) -> String {
            let names = (numeric.contains(i) ? ["num"] : []) + (nowrap.contains(i) ? ["nowrap"] : [])
            return names.isEmpty ? "" : " class=\"\(names.joined(separator: " "))\""
        }
        var s = "<div class=\"scroll\"><table class=\"sortable\">\n<thead><tr>"
        for (i, c) in header.enumerated() { s += "<th\(cls(i))>\(Fmt.html(c))</th>" }
        s += "</tr></thead>\n<tbody>\n"
        for r in rows {
            s += "<tr>"
            for (i, c) in r.enumerated() { s += "<td\(cls(i))>\(c)</td>" }
            s += "</tr>\n"
        }
        return s + "</tbody>\n</table></div>\n"
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
        .note p{margin:0}.note summary,.guide summary{cursor:pointer;color:#57606a;font-size:13px}
        .files{columns:2;font-size:12px;color:#57606a}
        .guide{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;margin:12px 0}
        .guide summary{font-size:16px;color:#24292f;font-weight:600}
        .guide dt{font-weight:600;margin-top:6px}.guide dd{margin:0 0 0 1em;font-size:14px}
        .caveat{color:#9a6700;font-size:13px}
        .muted,footer{color:#57606a;font-size:13px}
        footer{margin-top:40px;border-top:1px solid #d0d7de;padding-top:8px}
        table{border-collapse:collapse;margin:8px 0 16px;font-size:13px;width:100%}
        th,td{border:1px solid #d0d7de;padding:4px 8px;vertical-align:top;text-align:left}
        th{background:#f6f8fa;cursor:pointer;user-select:none}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        .nowrap{white-space:nowrap}
        tbody tr:nth-child(even){background:#fafbfc}
        .rule{color:#57606a;font-size:12px}
        td details summary{cursor:pointer;color:#57606a;font-size:12px}
        .chip{display:inline-block;color:#fff;border-radius:4px;padding:0 6px;font-size:12px;line-height:18px}
        figure{margin:12px 0}
        figcaption{color:#57606a;font-size:13px}
        svg.chart{max-width:100%;height:auto;font-family:inherit;display:block}
        .scroll{overflow-x:auto;margin:8px 0 16px}.scroll table{margin:0}
        figure{overflow-x:auto}
        @media (max-width:760px){body{margin:12px auto;padding:0 10px}svg.chart{max-width:none}\
        .scroll table{min-width:720px}.files{columns:1}}
        """

    /// Click a header to sort its table (numbers numerically); nothing on the page needs it.
    static let sortScript = """
        document.querySelectorAll("table.sortable th").forEach(function(th){th.addEventListener("click",function(){\
        var t=th.closest("table"),b=t.tBodies[0],i=Array.prototype.indexOf.call(th.parentNode.children,th),\
        d=th.dataset.dir==="asc"?-1:1;th.dataset.dir=d===1?"asc":"desc";\
        var rs=Array.prototype.slice.call(b.rows);rs.sort(function(x,y){var a=x.cells[i].textContent,c=y.cells[i].textContent,\
        p=parseFloat(a.replace(/[,%]/g,"")),q=parseFloat(c.replace(/[,%]/g,""));if(!isNaN(p)&&!isNaN(q))return (p-q)*d;return a.localeCompare(c,"zh-CN")*d;});\
        rs.forEach(function(r){b.appendChild(r);});});});
        """
}
