import Catalog
import Foundation
import Testing

@testable import Planner
@testable import Reports

/// What a reader who knows the field but not this project meets in the reports (issue 20).
@Suite("Reports for their readers")
struct ReaderTests {
    static let snapshot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots/report-fixture.md")

    /// Any printed decimal with a run of seven 0s or 9s: binary-float noise such as 0.7000000000000001.
    static func floatNoise(_ s: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: "[0-9]\\.[0-9]*(0000000|9999999)[0-9]*")
        let ns = s as NSString
        return pattern.matches(in: s, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range) }
    }

    @Test("report.md of the small world equals the recorded one (wording regressions show in review)")
    func markdownGolden() throws {
        let produced = Data(PlanReport(plan: Fixture.plan()).markdown())
        if ProcessInfo.processInfo.environment["CHANJIAO_RECORD"] == "1" { try produced.write(to: Self.snapshot) }
        let recorded = try Data(contentsOf: Self.snapshot)
        #expect(produced == recorded, "report.md changed: review it, then re-record with CHANJIAO_RECORD=1")
    }

    @Test("a how-to-read section explains cards, utilisation, bands, the match score and a consortium's weight")
    func readingGuide() {
        let r = PlanReport(plan: Fixture.plan())
        let md = text(r.markdown())
        let html = text(r.html())
        for term in ["红牌、黄牌、绿牌", "利用率", "供需比与分档", "匹配分", "联合体权重"] {
            #expect(md.contains("**\(term)**"), "report.md lacks \(term)")
            #expect(html.contains("<dt>\(term)</dt>"), "report.html lacks \(term)")
        }
        // The thresholds are the policy's, printed as people write them.
        #expect(md.contains("就业率低于 70%"))
        #expect(md.contains("不低于 90% 可得绿牌"))
    }

    @Test("clusters are grouped by tier, sorted by unfilled demand, and an unverified list is marked")
    func clustersByTier() throws {
        let md = text(PlanReport(plan: Fixture.plan()).markdown())
        let first = try #require(md.range(of: "### 万亿级"))
        let second = try #require(md.range(of: "### 百亿级"))
        #expect(first.lowerBound < second.lowerBound)
        // c-robot's list has medium confidence: its group carries the caveat.
        #expect(md[second.upperBound...].hasPrefix("\n\n注：名单来自多篇公开报道"))
        #expect(md.contains("| 智能网联新能源汽车 | 160 | 160 | 120 | 40 |"))
    }

    @Test("every CSV header cell has a Chinese name with its identifier beside it")
    func csvHeadersInChinese() {
        let r = PlanReport(plan: Fixture.plan())
        for file in r.files() where file.name.hasSuffix(".csv") {
            let name = file.name
            let header = text(file.bytes).dropFirst().prefix { $0 != "\r\n" }
            for cell in header.split(separator: ",") {
                #expect(cell.range(of: #"^[^\x00-\x7F]+\([A-Za-z]+\)$"#, options: .regularExpression) != nil, "\(name): \(cell)")
            }
        }
    }

    @Test("a national standard's sector list is not marked unverified; a low-confidence list is")
    func standardListsCarryNoCaveat() {
        var plan = Fixture.plan()
        let auto = plan.set.clusters.firstIndex { $0.id == "c-auto" }!
        plan.set.clusters[auto].confidence = "standard"
        #expect(PlanReport(plan: plan).clusterGroups.first { $0.title == "万亿级" }?.caveat == nil)
        plan.set.clusters[auto].confidence = "low"
        #expect(PlanReport(plan: plan).clusterGroups.first { $0.title == "万亿级" }?.caveat?.contains("未经官方文件核实") == true)
    }

    @Test("rules are named in Chinese with their id beside, and no project file is cited")
    func rulesInChinese() {
        let md = text(PlanReport(plan: Fixture.plan()).markdown())
        #expect(md.contains("对口岗位仍有缺口（card.green）：扩招"))
        #expect(!md.contains("card.green: expand"))
        #expect(!md.contains(".md]") && !md.contains("DESIGN.md"))
    }

    @Test("counts have thousands separators and no output carries float noise")
    func numbers() {
        #expect(Fmt.count(0) == "0" && Fmt.count(999) == "999" && Fmt.count(1000) == "1,000")
        #expect(Fmt.count(-1_234_567) == "-1,234,567")
        #expect(Fmt.grouped(71904.84, 1, or: "—") == "71,904.8" && Fmt.grouped(-1234.5, 1, or: "—") == "-1,234.5")
        #expect(Fmt.grouped(12.25, 1, or: "—") == Fmt.fixed(12.25, 1, or: "—") && Fmt.grouped(.nan, 1, or: "—") == "—")
        #expect(Fmt.wholePercent(0.7) == "70%" && Exact.text(0.7000000000000001) == "0.7")
        #expect(Self.floatNoise("x 0.7000000000000001 y") == ["0.7000000000000001"])
        let r = PlanReport(plan: Fixture.plan())
        for (name, bytes) in [("md", r.markdown()), ("html", r.html()), ("programs", r.programsCSV())] {
            #expect(Self.floatNoise(text(bytes)).isEmpty, "\(name): \(Self.floatNoise(text(bytes)))")
        }
    }

    @Test("the HTML folds the illustrative file list away and compares the pairings in a table")
    func htmlNoticeAndPairings() {
        let html = text(PlanReport(plan: Fixture.plan()).html())
        #expect(html.contains("<details><summary>示例数据文件清单（2 个）</summary>"))
        #expect(html.contains("<h3>两种配对的比较</h3>"))
        #expect(html.contains("<th class=\"num\">总权重</th>"))
    }
}

/// A college's review is about the college (issue 20: it mixed city-wide tables into the dean's view).
@Suite("A dean's review")
struct DeanReviewTests {
    @Test("the college comes first, every program with its advice, partners named, the city in one line")
    func reviewIsAboutTheCollege() throws {
        let r = try PlanReport.review(plan: Fixture.plan(), college: "col-a")
        let md = text(r.markdown())
        let sections = md.components(separatedBy: "\n").filter { $0.hasPrefix("## ") }
        #expect(sections == ["## 本校概况", "## 各专业的建议", "## 毕业生去向与合作方", "## 建议新设的专业", "## 本校参与的产教联合体", "## 如何阅读本报告"])
        // No city-wide tables.
        #expect(!md.contains("## 产业集群供需") && !md.contains("机器人\\<与\\>智能装备 | 50"))
        // Both of col-a's programs, expand before shrink, with enrolment now → suggested.
        let expand = try #require(md.range(of: "| 机电一体化技术（460301） | 绿牌 | 扩招 | 100 → 120 |"))
        let shrink = try #require(md.range(of: "| 汽车制造与试验技术（460701） | 红牌 | 缩减招生 | 80 → 64 |"))
        #expect(expand.lowerBound < shrink.lowerBound)
        #expect(md.contains("全校招生由 180 人变为 184 人（+4）"))
        // The submitter behind each match.
        #expect(md.contains("| 机电一体化技术 | 装调工 | 汽车协会 | 智能网联新能源汽车 | 90 |"))
        #expect(md.contains("全市参照："))
        let html = text(r.html())
        #expect(html.contains("<h2>毕业生去向与合作方</h2>") && !html.contains("id=\"clusters\""))
    }
}
