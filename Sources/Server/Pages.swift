import Catalog
import Planner
import Reports

/// Small HTML pages the Reports module has no renderer for: a cluster's supply, and "not found".
enum Pages {
    static let style = """
        body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2rem;max-width:72rem;color:#222}
        table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
        td.n{text-align:right;font-variant-numeric:tabular-nums}h2{margin-top:2rem}.muted{color:#777}
        """

    static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>\(HTMLText.escaped(title))</title><style>\(style)</style></head>
        <body>
        \(body)
        </body></html>

        """
    }

    static func notFound(_ what: String, _ id: String) -> String {
        let label = what == "college" ? "学校" : what == "cluster" ? "产业集群" : what
        return document(
            title: "未找到", body: "<h1>未找到</h1><p>当前规划中没有编号为 <code>\(HTMLText.escaped(id))</code> 的\(HTMLText.escaped(label))。</p>")
    }

    /// A cluster's page: its balance (supply, demand, allocated, ratio, band) and, per role, the
    /// programs that supply it; nil when the cluster is in neither the catalog nor the demand.
    static func cluster(_ id: String, plan: Plan) -> String? {
        let set = plan.set
        let cluster = set.clusterIndex[id].map { set.clusters[Int($0)] }
        let balance = plan.clusters.first { $0.key == id }
        guard cluster != nil || balance != nil else { return nil }
        let name = cluster?.name ?? balance?.name ?? id
        var out = "<h1>\(HTMLText.escaped(name)) <span class=\"muted\">\(HTMLText.escaped(id))</span></h1>\n"
        if let c = cluster {
            // As the report words it: a national standard's classification is not "reliable sources".
            let sure = c.confidence == "standard" ? "国家标准分类" : c.listIsVerified ? "来源可靠" : "名单待官方文件核实"
            out += "<p>\(HTMLText.escaped(c.system)) · \(HTMLText.escaped(c.tierName)) · \(sure)</p>\n"
        }
        out += "<h2>供需（Balance）</h2>\n"
        if let b = balance {
            out += "<table><tr><th>可供给毕业生</th><th>岗位需求</th><th>已满足</th><th>供需比</th><th>分档</th></tr>"
            out += "<tr><td class=\"n\">\(b.supply)</td><td class=\"n\">\(b.demand)</td><td class=\"n\">\(b.allocated)</td>"
            out +=
                "<td class=\"n\">\(b.ratio.isFinite ? fixed(b.ratio, 2) : "—")</td><td>\(HTMLText.escaped(b.bandLabel))</td></tr></table>\n"
        } else {
            out += "<p class=\"muted\">该集群尚无提交的岗位需求。</p>\n"
        }
        // Flows by role, in the plan's order (program, then role).
        var flowsByRole: [Int32: [Flow]] = [:]
        for f in plan.flows { flowsByRole[f.role, default: []].append(f) }
        let roles = set.roles.indices.filter { r in
            let s = Int(set.roles[r].submission)
            return set.demands.indices.contains(s) && set.demands[s].cluster == id
        }
        out += "<h2>岗位及其毕业生来源</h2>\n"
        if roles.isEmpty { out += "<p class=\"muted\">（无岗位）</p>\n" }
        for r in roles {
            let role = set.roles[r]
            let sub = set.demands[Int(role.submission)]
            let unmet = plan.unmet.indices.contains(r) ? plan.unmet[r] : 0
            out +=
                "<h3>\(HTMLText.escaped(role.name)) <span class=\"muted\">\(HTMLText.escaped(sub.id))/\(HTMLText.escaped(role.id))</span></h3>\n"
            out +=
                "<p>\(HTMLText.escaped(sub.submitter)) · \(HTMLText.escaped(role.educationLevel.chinese)) · 需求 \(role.headcount) 人 · 未满足 \(unmet) 人</p>\n"
            let flows = flowsByRole[Int32(r)] ?? []
            if flows.isEmpty {
                out += "<p class=\"muted\">暂无匹配的毕业生来源。</p>\n"
                continue
            }
            out += "<table><tr><th>学校</th><th>专业</th><th>分配人数</th><th>匹配分</th></tr>"
            for f in flows {
                guard set.programs.indices.contains(Int(f.program)) else { continue }
                let p = set.programs[Int(f.program)]
                let college = set.colleges.indices.contains(Int(p.college)) ? set.colleges[Int(p.college)] : nil
                let major = set.majors.indices.contains(Int(p.major)) ? set.majors[Int(p.major)].name : p.majorCode
                let collegeCell =
                    college.map { "<a href=\"/colleges/\(HTMLText.escaped($0.id))\">\(HTMLText.escaped($0.name))</a>" } ?? "?"
                out +=
                    "<tr><td>\(collegeCell)</td><td>\(HTMLText.escaped(major)) <span class=\"muted\">\(HTMLText.escaped(p.majorCode))</span></td>"
                out += "<td class=\"n\">\(f.count)</td><td class=\"n\">\(fixed(Double(f.score), 4))</td></tr>"
            }
            out += "</table>\n"
        }
        return document(title: "\(name) — 毕业生供给", body: out)
    }

    /// `x` with `decimals` digits, without Foundation's locale.
    static func fixed(_ x: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let n = Int64((abs(x) * scale).rounded())
        let whole = n / Int64(scale)
        var frac = String(n % Int64(scale))
        while frac.count < decimals { frac = "0" + frac }
        return (x < 0 && n != 0 ? "-" : "") + String(whole) + (decimals > 0 ? "." + frac : "")
    }
}
