import Catalog
import Foundation
public import Planner

/// Why two plans could not be compared.
public struct ComparisonError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, naming the file.
    public var description: String

    /// Creates an error.
    public init(_ description: String) { self.description = description }
}

/// Two plans side by side (`chanjiao compare A B`, `plan --scenario`): the cards that flip, the
/// enrolment changes that differ, unmet demand by cluster, the consortia that change. Built from
/// the plans' `plan.json`, so any two plan outputs can be compared (two policies, two demand
/// variants, two horizons).
public struct ScenarioComparison: Sendable {
    /// One program in both plans.
    public struct ProgramRow: Sendable {
        /// Program id.
        public var program: String
        /// College id.
        public var college: String
        /// Major name (code).
        public var major: String
        /// Current enrolment.
        public var enrolment: Int
        /// Card in A and in B.
        public var card: (a: String, b: String)
        /// Suggested enrolment in A and in B.
        public var suggested: (a: Int, b: Int)
        /// Adjustment in A and in B.
        public var adjustment: (a: String, b: String)
    }

    /// One cluster's unmet demand in both plans (this year, and the horizon's last year when both have one).
    public struct ClusterRow: Sendable {
        /// Cluster id.
        public var key: String
        /// Name.
        public var name: String
        /// Unfilled this year in A and B (nil where the plan has no such cluster).
        public var unfilled: (a: Int?, b: Int?)
        /// Unfilled in the last year of each plan's horizon (nil without a horizon).
        public var unfilledLast: (a: Int?, b: Int?)
    }

    /// A consortium whose members differ.
    public struct ConsortiumRow: Sendable {
        /// `cluster` or `district`.
        public var kind: String
        /// Anchor id.
        public var anchor: String
        /// Name.
        public var name: String
        /// Member colleges in A only.
        public var onlyA: [String]
        /// Member colleges in B only.
        public var onlyB: [String]
        /// Whether the consortium exists in A, in B.
        public var exists: (a: Bool, b: Bool)
    }

    /// Labels of the two plans (policy name, and the folder or file they came from).
    public var labels: (a: String, b: String)
    /// Card counts (green, yellow, red) in A and B.
    public var cardCounts: (a: [Int], b: [Int])
    /// Programs whose card differs.
    public var flips: [ProgramRow]
    /// Programs whose suggested enrolment differs, largest difference first.
    public var enrolment: [ProgramRow]
    /// Totals of suggested expansion and cut in A and B.
    public var totals: (expandA: Int, cutA: Int, expandB: Int, cutB: Int)
    /// Every cluster of either plan.
    public var clusters: [ClusterRow]
    /// The horizon's last year in A and B, when each has one.
    public var lastYear: (a: String?, b: String?)
    /// Consortia (optimal pairing) that differ.
    public var consortia: [ConsortiumRow]
    /// Programs in one plan only.
    public var unmatchedPrograms: Int

    /// One plan as the comparison reads it: the same fields whether it comes from a `plan.json`
    /// or from a `Plan` in memory, so that the comparison itself exists once.
    struct Side {
        /// One program's row (`id` nil when a plan.json entry has none: counted, never matched).
        struct Program {
            var id: String?
            var college: String
            var major: String
            var majorName: String
            var enrolment: Int
            var card: String
            var adjustment: String
            var suggested: Int
        }
        /// One optimal consortium.
        struct Consortium {
            var kind: String
            var anchor: String
            var name: String
            var members: [String]
        }
        var policyName: String
        var programs: [Program]
        var clusters: [(key: String, name: String, unfilled: Int)]
        /// The horizon's last year: its label and each cluster's unfilled (nil label without a horizon).
        var lastLabel: String?
        var lastUnfilled: [String: Int]
        var consortia: [Consortium]

        /// Reads a `plan.json` document.
        init(json j: [String: Any]) {
            policyName = ((j["policy"] as? [String: Any])?["name"] as? String) ?? "?"
            programs = ScenarioComparison.programs(j).map { p in
                Program(
                    id: p["program"] as? String, college: p["college"] as? String ?? "?", major: p["major"] as? String ?? "?",
                    majorName: p["majorName"] as? String ?? "", enrolment: ScenarioComparison.int(p["enrolment"]),
                    card: p["card"] as? String ?? "?", adjustment: p["adjustment"] as? String ?? "?",
                    suggested: ScenarioComparison.int(p["suggestedEnrolment"]))
            }
            clusters = (j["clusters"] as? [[String: Any]] ?? []).map {
                ($0["key"] as? String ?? "?", $0["name"] as? String ?? "?", ScenarioComparison.int($0["unfilled"]))
            }
            lastLabel = nil
            lastUnfilled = [:]
            if let p = j["pipeline"] as? [String: Any], let ys = p["years"] as? [[String: Any]], let y = ys.last {
                for c in y["clusters"] as? [[String: Any]] ?? [] {
                    lastUnfilled[c["key"] as? String ?? "?"] = ScenarioComparison.int(c["unfilled"])
                }
                lastLabel = PipelinePlan.yearLabel(offset: ScenarioComparison.int(y["offset"]), year: (y["year"] as? NSNumber)?.intValue)
            }
            let optimal = (j["consortia"] as? [String: Any])?["optimal"] as? [[String: Any]] ?? []
            consortia = optimal.map { c in
                let anchor = c["anchor"] as? String ?? "?"
                return Consortium(
                    kind: c["kind"] as? String ?? "?", anchor: anchor, name: c["name"] as? String ?? anchor,
                    members: c["colleges"] as? [String] ?? [])
            }
        }

        /// Reads a city-wide report's plan in memory: the fields its `plan.json` would hold.
        init(report r: PlanReport) {
            policyName = r.plan.policy.name
            programs = r.advices.map { a in
                let p = r.program(a.program)
                return Program(
                    id: p?.id ?? "?", college: p.map { r.collegeID($0.college) } ?? "?", major: p?.majorCode ?? "?",
                    majorName: p.map(r.majorName(ofProgram:)) ?? "", enrolment: Int(p?.enrolment ?? 0),
                    card: a.card.rawValue, adjustment: a.adjustment.rawValue, suggested: Int(a.suggestedEnrolment))
            }
            clusters = r.plan.clusters.map { ($0.key, $0.name, $0.unfilled) }
            lastLabel = nil
            lastUnfilled = [:]
            if let p = r.plan.pipeline, let y = p.years.last {
                for c in y.clusters { lastUnfilled[c.key] = c.unfilled }
                lastLabel = PipelinePlan.yearLabel(offset: y.offset, year: y.year)
            }
            consortia = r.optimal.map { c in
                Consortium(kind: c.kind.rawValue, anchor: c.anchor, name: c.name, members: c.colleges.map(r.collegeID))
            }
        }
    }

    /// Compares two `plan.json` documents; `nameA`/`nameB` say where they come from.
    public init(a: [UInt8], nameA: String, b: [UInt8], nameB: String) throws(ComparisonError) {
        let ja = try Self.object(a, nameA)
        let jb = try Self.object(b, nameB)
        self.init(Side(json: ja), nameA: nameA, Side(json: jb), nameB: nameB)
    }

    /// Compares two plans in memory (`plan --scenario`): the comparison their `plan.json` files give.
    public init(a: Plan, nameA: String, b: Plan, nameB: String) {
        self.init(Side(report: PlanReport(plan: a)), nameA: nameA, Side(report: PlanReport(plan: b)), nameB: nameB)
    }

    init(_ sa: Side, nameA: String, _ sb: Side, nameB: String) {
        labels = ("\(sa.policyName)（\(nameA)）", "\(sb.policyName)（\(nameB)）")
        let pa = sa.programs
        let pb = sb.programs
        var byIdB: [String: Side.Program] = [:]
        for p in pb { if let id = p.id { byIdB[id] = p } }
        var flips: [ProgramRow] = []
        var changes: [ProgramRow] = []
        var matched = 0
        func count(_ ps: [Side.Program], _ card: String) -> Int { ps.filter { $0.card == card }.count }
        cardCounts = (["green", "yellow", "red"].map { count(pa, $0) }, ["green", "yellow", "red"].map { count(pb, $0) })
        var totals = (0, 0, 0, 0)
        for p in pa {
            let d = p.suggested - p.enrolment
            if d > 0 { totals.0 += d } else { totals.1 -= d }
        }
        for p in pb {
            let d = p.suggested - p.enrolment
            if d > 0 { totals.2 += d } else { totals.3 -= d }
        }
        self.totals = totals
        for p in pa {
            guard let id = p.id, let q = byIdB[id] else { continue }
            matched += 1
            let row = ProgramRow(
                program: id, college: p.college, major: "\(p.majorName)（\(p.major)）", enrolment: p.enrolment,
                card: (p.card, q.card), suggested: (p.suggested, q.suggested), adjustment: (p.adjustment, q.adjustment))
            if row.card.a != row.card.b { flips.append(row) }
            if row.suggested.a != row.suggested.b { changes.append(row) }
        }
        self.flips = flips
        self.enrolment = changes.enumerated().sorted { x, y in
            let dx = abs(x.element.suggested.a - x.element.suggested.b)
            let dy = abs(y.element.suggested.a - y.element.suggested.b)
            return dx != dy ? dx > dy : x.offset < y.offset
        }.map(\.element)
        unmatchedPrograms = pa.count + pb.count - 2 * matched

        // Clusters: A's order, then B's others.
        lastYear = (sa.lastLabel, sb.lastLabel)
        let ub = Dictionary(sb.clusters.map { ($0.key, $0.unfilled) }, uniquingKeysWith: { x, _ in x })
        var rows: [ClusterRow] = []
        var seen = Set<String>()
        for c in sa.clusters {
            seen.insert(c.key)
            rows.append(
                ClusterRow(
                    key: c.key, name: c.name, unfilled: (c.unfilled, ub[c.key]),
                    unfilledLast: (sa.lastUnfilled[c.key], sb.lastUnfilled[c.key])))
        }
        for c in sb.clusters where !seen.contains(c.key) {
            rows.append(ClusterRow(key: c.key, name: c.name, unfilled: (nil, c.unfilled), unfilledLast: (nil, sb.lastUnfilled[c.key])))
        }
        self.clusters = rows

        // Consortia of the optimal pairing, by kind and anchor.
        func id(_ c: Side.Consortium) -> String { "\(c.kind)/\(c.anchor)" }
        let mb = Dictionary(sb.consortia.map { (id($0), $0) }, uniquingKeysWith: { x, _ in x })
        var crow: [ConsortiumRow] = []
        var seenC = Set<String>()
        for c in sa.consortia {
            seenC.insert(id(c))
            let other = mb[id(c)]
            let bm = Set(other?.members ?? [])
            let am = Set(c.members)
            let onlyA = c.members.filter { !bm.contains($0) }
            let onlyB = (other?.members ?? []).filter { !am.contains($0) }
            if other == nil || !onlyA.isEmpty || !onlyB.isEmpty {
                crow.append(
                    ConsortiumRow(kind: c.kind, anchor: c.anchor, name: c.name, onlyA: onlyA, onlyB: onlyB, exists: (true, other != nil)))
            }
        }
        for c in sb.consortia where !seenC.contains(id(c)) {
            crow.append(ConsortiumRow(kind: c.kind, anchor: c.anchor, name: c.name, onlyA: [], onlyB: c.members, exists: (false, true)))
        }
        self.consortia = crow
    }

    static func object(_ bytes: [UInt8], _ name: String) throws(ComparisonError) -> [String: Any] {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw ComparisonError("\(name): not a JSON document (\(error.localizedDescription))")
        }
        guard let o = value as? [String: Any], o["programs"] is [Any] else {
            throw ComparisonError("\(name): not a plan.json (no programs)")
        }
        return o
    }

    static func programs(_ j: [String: Any]) -> [[String: Any]] { j["programs"] as? [[String: Any]] ?? [] }

    static func int(_ v: Any?) -> Int { (v as? NSNumber)?.intValue ?? 0 }

    // MARK: Output

    /// A card's name in Chinese (`Card.chinese`), or the raw value when it is none.
    static func card(_ s: String) -> String { Card(rawValue: s)?.chinese ?? s }

    /// An adjustment's short name in Chinese (`Adjustment.chinese`), or the raw value when it is none.
    static func adjustment(_ s: String) -> String { Adjustment(rawValue: s)?.chinese ?? s }

    static func opt(_ v: Int?) -> String { v.map(Fmt.count) ?? "—" }

    /// `compare.json`.
    public func json() -> [UInt8] {
        func opt(_ v: Int?) -> JSON { v.map { .int($0) } ?? .null }
        func program(_ r: ProgramRow) -> JSON {
            .object([
                ("program", .string(r.program)), ("college", .string(r.college)), ("major", .string(r.major)),
                ("enrolment", .int(r.enrolment)),
                (
                    "a",
                    .object([
                        ("card", .string(r.card.a)), ("adjustment", .string(r.adjustment.a)), ("suggestedEnrolment", .int(r.suggested.a)),
                    ])
                ),
                (
                    "b",
                    .object([
                        ("card", .string(r.card.b)), ("adjustment", .string(r.adjustment.b)), ("suggestedEnrolment", .int(r.suggested.b)),
                    ])
                ),
            ])
        }
        let root: JSON = .object([
            ("a", .string(labels.a)), ("b", .string(labels.b)),
            (
                "cards",
                .object([
                    ("a", .object(zip(["green", "yellow", "red"], cardCounts.a).map { ($0, JSON.int($1)) })),
                    ("b", .object(zip(["green", "yellow", "red"], cardCounts.b).map { ($0, JSON.int($1)) })),
                ])
            ),
            (
                "enrolmentTotals",
                .object([
                    ("a", .object([("expand", .int(totals.expandA)), ("cut", .int(totals.cutA))])),
                    ("b", .object([("expand", .int(totals.expandB)), ("cut", .int(totals.cutB))])),
                ])
            ),
            ("flips", .array(flips.map(program))),
            ("enrolmentChanges", .array(enrolment.map(program))),
            ("lastYear", .object([("a", .optional(lastYear.a)), ("b", .optional(lastYear.b))])),
            (
                "clusters",
                .array(
                    clusters.map { c in
                        .object([
                            ("key", .string(c.key)), ("name", .string(c.name)),
                            ("unfilled", .object([("a", opt(c.unfilled.a)), ("b", opt(c.unfilled.b))])),
                            ("unfilledLastYear", .object([("a", opt(c.unfilledLast.a)), ("b", opt(c.unfilledLast.b))])),
                        ])
                    })
            ),
            (
                "consortia",
                .array(
                    consortia.map { c in
                        .object([
                            ("kind", .string(c.kind)), ("anchor", .string(c.anchor)), ("name", .string(c.name)),
                            ("inA", .bool(c.exists.a)), ("inB", .bool(c.exists.b)),
                            ("onlyA", .array(c.onlyA.map(JSON.string))), ("onlyB", .array(c.onlyB.map(JSON.string))),
                        ])
                    })
            ),
            ("programsInOnePlanOnly", .int(unmatchedPrograms)),
        ])
        return root.render()
    }

    /// `compare.csv`: one row per difference (`difference` = card, enrolment, clusterUnfilled,
    /// clusterUnfilledLastYear, consortium).
    public func csv() -> [UInt8] {
        let header = ["difference", "key", "name", "a", "b"]
        var rows: [[String]] = []
        for r in flips { rows.append(["card", CSV.text(r.program), CSV.text(r.major), r.card.a, r.card.b]) }
        for r in enrolment {
            rows.append(["enrolment", CSV.text(r.program), CSV.text(r.major), String(r.suggested.a), String(r.suggested.b)])
        }
        for c in clusters {
            rows.append([
                "clusterUnfilled", CSV.text(c.key), CSV.text(c.name), c.unfilled.a.map(String.init) ?? "",
                c.unfilled.b.map(String.init) ?? "",
            ])
            if c.unfilledLast.a != nil || c.unfilledLast.b != nil {
                rows.append([
                    "clusterUnfilledLastYear", CSV.text(c.key), CSV.text(c.name), c.unfilledLast.a.map(String.init) ?? "",
                    c.unfilledLast.b.map(String.init) ?? "",
                ])
            }
        }
        for c in consortia {
            rows.append([
                "consortium", CSV.text("\(c.kind)/\(c.anchor)"), CSV.text(c.name),
                CSV.text(c.exists.a ? c.onlyA.joined(separator: "; ") : "（无）"),
                CSV.text(c.exists.b ? c.onlyB.joined(separator: "; ") : "（无）"),
            ])
        }
        return CSV.document(header: header, rows: rows)
    }

    /// How many rows the HTML lists per table (the rest are in compare.csv).
    public static let topRows = 30

    /// The comparison as a section of an HTML page (`<h2 id="compare">` …).
    public func htmlSection(table: (_ header: [String], _ rows: [[String]], _ numeric: Set<Int>) -> String) -> String {
        let h = Fmt.html
        var s = "<h2 id=\"compare\">方案对比</h2>\n"
        s += "<p>方案 A：\(h(labels.a))；方案 B：\(h(labels.b))。</p>\n"
        s += "<ul>\n"
        s +=
            "<li>牌色：A 绿牌 \(Fmt.count(cardCounts.a[0]))、黄牌 \(Fmt.count(cardCounts.a[1]))、红牌 \(Fmt.count(cardCounts.a[2]))；"
            + "B 绿牌 \(Fmt.count(cardCounts.b[0]))、黄牌 \(Fmt.count(cardCounts.b[1]))、红牌 \(Fmt.count(cardCounts.b[2]))；牌色不同的专业点 \(Fmt.count(flips.count)) 个</li>\n"
        s +=
            "<li>建议招生：A 扩招 \(Fmt.count(totals.expandA)) 人、缩减 \(Fmt.count(totals.cutA)) 人；B 扩招 \(Fmt.count(totals.expandB)) 人、缩减 \(Fmt.count(totals.cutB)) 人；建议招生不同的专业点 \(Fmt.count(enrolment.count)) 个</li>\n"
        s += "<li>产教联合体（最优配对）成员不同的 \(Fmt.count(consortia.count)) 个</li>\n"
        if unmatchedPrograms > 0 { s += "<li>只在一个方案中出现的专业点 \(Fmt.count(unmatchedPrograms)) 个（不参与逐项比较）</li>\n" }
        s += "</ul>\n"
        s += "<h3>牌色变化的专业点</h3>\n"
        if flips.isEmpty {
            s += "<p class=\"muted\">（无）</p>\n"
        } else {
            s += table(
                ["专业点", "学校", "专业", "A 牌色", "B 牌色", "A 建议招生", "B 建议招生"],
                flips.prefix(Self.topRows).map { r in
                    [
                        h(r.program), h(r.college), h(r.major), h(Self.card(r.card.a)), h(Self.card(r.card.b)),
                        Fmt.count(r.suggested.a), Fmt.count(r.suggested.b),
                    ]
                }, [5, 6])
            if flips.count > Self.topRows { s += "<p class=\"muted\">另有 \(Fmt.count(flips.count - Self.topRows)) 个见 compare.csv。</p>\n" }
        }
        s += "<h3>建议招生不同的专业点（差异从大到小）</h3>\n"
        if enrolment.isEmpty {
            s += "<p class=\"muted\">（无）</p>\n"
        } else {
            s += table(
                ["专业点", "专业", "现招生", "A 建议", "B 建议", "A 调整", "B 调整"],
                enrolment.prefix(Self.topRows).map { r in
                    [
                        h(r.program), h(r.major), Fmt.count(r.enrolment), Fmt.count(r.suggested.a), Fmt.count(r.suggested.b),
                        h(Self.adjustment(r.adjustment.a)), h(Self.adjustment(r.adjustment.b)),
                    ]
                }, [2, 3, 4])
            if enrolment.count > Self.topRows {
                s += "<p class=\"muted\">另有 \(Fmt.count(enrolment.count - Self.topRows)) 个见 compare.csv。</p>\n"
            }
        }
        s += "<h3>各产业集群未满足需求</h3>\n"
        var header = ["集群", "A 本年缺口", "B 本年缺口"]
        let withLast = lastYear.a != nil || lastYear.b != nil
        if withLast { header += ["A \(lastYear.a ?? "—")缺口", "B \(lastYear.b ?? "—")缺口"] }
        s += table(
            header,
            clusters.map { c in
                [h(c.name), Self.opt(c.unfilled.a), Self.opt(c.unfilled.b)]
                    + (withLast ? [Self.opt(c.unfilledLast.a), Self.opt(c.unfilledLast.b)] : [])
            }, Set(1..<header.count))
        s += "<h3>成员变化的产教联合体</h3>\n"
        if consortia.isEmpty {
            s += "<p class=\"muted\">（无）</p>\n"
        } else {
            s += table(
                ["联合体", "仅 A 的成员", "仅 B 的成员"],
                consortia.map { c in
                    [
                        h(c.name), h(c.exists.a ? c.onlyA.joined(separator: "、") : "（A 无此联合体）"),
                        h(c.exists.b ? c.onlyB.joined(separator: "、") : "（B 无此联合体）"),
                    ]
                }, [])
        }
        return s
    }
}

extension PlanReport {
    /// A page holding only a comparison (`chanjiao compare A B`): `compare.html`.
    public static func comparisonPage(_ c: ScenarioComparison) -> [UInt8] {
        var s = pageOpening(title: "方案对比")
        s += c.htmlSection(table: { tableHTML($0, $1, numeric: $2) })
        s += "<footer>由 \(Fmt.html(generator)) 生成。完整差异见 compare.json 与 compare.csv（UTF-8，带 BOM）。</footer>\n"
        s += "<script>\(sortScript)</script>\n</body>\n</html>\n"
        return Array(s.utf8)
    }

    /// The files of `chanjiao compare`: compare.json, compare.csv, compare.html.
    public static func comparisonFiles(_ c: ScenarioComparison) -> [ReportFile] {
        [
            ReportFile(name: "compare.json", bytes: c.json()), ReportFile(name: "compare.csv", bytes: c.csv()),
            ReportFile(name: "compare.html", bytes: comparisonPage(c)),
        ]
    }
}
