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
        #expect(Fmt.wholePercent(0.7) == "70%" && Fmt.decimal(0.7000000000000001) == "0.7")
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
