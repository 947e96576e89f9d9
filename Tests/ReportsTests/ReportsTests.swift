import Foundation
import Testing

@testable import Catalog
@testable import Planner
@testable import Reports

/// Parses bytes as a JSON object with JSONSerialization (tests only; the writer never uses it).
func parseObject(_ bytes: [UInt8]) throws -> [String: Any] {
    let any = try JSONSerialization.jsonObject(with: Data(bytes))
    return try #require(any as? [String: Any])
}

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

@Suite("plan.json")
struct PlanJSONTests {
    @Test func parsesBackWithTheContractKeys() throws {
        let root = try parseObject(PlanReport(plan: Fixture.plan()).planJSON())
        #expect(root["generator"] as? String == PlanReport.generator)
        let policy = try #require(root["policy"] as? [String: Any])
        #expect(policy["id"] as? String == "cq")
        #expect(policy["name"] as? String == "重庆 policy")

        let inputs = try #require(root["inputs"] as? [String: Any])
        #expect(inputs["colleges"] as? Int == 2)
        #expect(inputs["programs"] as? Int == 3)
        #expect(inputs["roles"] as? Int == 3)
        #expect(inputs["majors"] as? Int == 3)
        let files = try #require(inputs["files"] as? [[String: Any]])
        #expect(files.count == 4)
        #expect(files[2]["kind"] as? String == "colleges")
        #expect(files[2]["illustrative"] as? Bool == true)
        #expect(files[0]["illustrative"] as? Bool == false)

        let alloc = try #require(root["allocation"] as? [String: Any])
        #expect((alloc["totalScore"] as? NSNumber)?.doubleValue == 111.4437)
        #expect(alloc["objective"] as? Int == 1_114_437)
        #expect(alloc["candidateEdges"] as? Int == 7)
        #expect(alloc["idle"] as? Int == 55)
        let flows = try #require(alloc["flows"] as? [[String: Any]])
        #expect(flows.count == 3)
        #expect(flows[0]["program"] as? String == "col-a/460301")
        #expect(flows[0]["college"] as? String == "col-a")
        #expect(flows[0]["major"] as? String == "460301")
        #expect(flows[0]["role"] as? String == "d-auto/r1")
        #expect(flows[0]["cluster"] as? String == "c-auto")
        #expect(flows[0]["count"] as? Int == 90)
        #expect((flows[0]["score"] as? NSNumber)?.doubleValue == 0.8123)
        let unmet = try #require(alloc["unmet"] as? [[String: Any]])
        #expect(unmet.map { $0["role"] as? String } == ["d-auto/r1", "d-auto/r2", "d-robot/r3"])
        #expect(unmet.map { $0["unmet"] as? Int } == [30, 10, 25])

        let programs = try #require(root["programs"] as? [[String: Any]])
        #expect(programs.count == 3)
        let red = programs[1]
        #expect(red["program"] as? String == "col-a/460701")
        #expect(red["majorName"] as? String == "汽车制造与试验技术")
        #expect(red["card"] as? String == "red")
        #expect(red["adjustment"] as? String == "shrink")
        #expect((red["utilisation"] as? NSNumber)?.doubleValue == 0.429)
        #expect(red["enrolment"] as? Int == 80)
        #expect(red["suggestedEnrolment"] as? Int == 64)
        #expect(red["bounds"] as? [Int] == [64, 80])
        #expect(red["gaps"] as? [String] == ["CAD制图"])
        let rules = try #require(red["rules"] as? [[String: Any]])
        #expect(rules.first?["id"] as? String == "emp-2y")
        #expect(rules.first?["source"] as? String == "policy-cq.xml")
        let reasons = try #require(red["reasons"] as? [String])
        #expect(reasons.count == 2)
        #expect(reasons[0] == "就业率连续两年低于70%，建议缩减")
        #expect(programs[0]["rules"].flatMap { ($0 as? [[String: Any]])?.first?["source"] } is NSNull)
        #expect(programs[2]["gaps"] as? [String] == ["焊接, \"机器人\"", "CAD制图"])

        let clusters = try #require(root["clusters"] as? [[String: Any]])
        #expect(clusters.map { $0["key"] as? String } == ["c-auto", "c-robot"])
        #expect((clusters[1]["ratio"] as? NSNumber)?.doubleValue == 0.833)
        #expect(clusters[1]["bandLabel"] as? String == "供给略缺")
        let majors = try #require(root["majors"] as? [[String: Any]])
        #expect(majors[0]["ratio"] is NSNull)

        let openings = try #require(root["openings"] as? [[String: Any]])
        #expect(openings.count == 1)
        #expect(openings[0]["major"] as? String == "460305")
        #expect(openings[0]["college"] as? String == "col-a")
        #expect(openings[0]["roles"] as? [String] == ["d-robot/r3"])
        #expect(openings[0]["sameClassMajors"] as? [String] == ["460301"])
        #expect(openings[0]["sameDistrict"] as? Bool == false)

        let consortia = try #require(root["consortia"] as? [String: Any])
        let optimal = try #require(consortia["optimal"] as? [[String: Any]])
        #expect(optimal.count == 2)
        #expect(optimal[0]["cluster"] as? String == "c-auto")
        #expect(optimal[1]["cluster"] is NSNull)
        #expect(optimal[0]["colleges"] as? [String] == ["col-a", "col-b"])
        #expect((optimal[0]["weight"] as? NSNumber)?.doubleValue == 88.1234)
        #expect((consortia["stable"] as? [Any])?.count == 2)
        #expect((consortia["optimalWeight"] as? NSNumber)?.doubleValue == 100.6234)
        #expect(consortia["relaxedMinimum"] as? Bool == true)
        let diff = try #require(consortia["differences"] as? [String: Any])
        let onlyOptimal = try #require(diff["onlyOptimal"] as? [[String: Any]])
        #expect(onlyOptimal.map { $0["college"] as? String } == ["col-b", "col-a"])
        #expect((diff["onlyStable"] as? [[String: Any]])?.first?["anchor"] as? String == "c-robot")
    }

    @Test func fixedDecimalsInTheText() {
        let s = text(PlanReport(plan: Fixture.plan()).planJSON())
        #expect(s.contains("\"totalScore\": 111.4437"))
        #expect(s.contains("\"utilisation\": 1.000"))
        #expect(s.contains("\"ratio\": 0.833"))
        #expect(s.contains("\"ratio\": null"))
        #expect(s.contains("\"score\": 0.5000"))
        #expect(s.contains("\\\"机器人\\\""))
    }

    @Test func stringEscaping() {
        var out = ""
        JSON.quote("a\"b\\c\nd\u{01}\u{2028}e", into: &out)
        #expect(out == "\"a\\\"b\\\\c\\nd\\u0001\\u2028e\"")
    }

    @Test func fixedFormatting() {
        #expect(Fmt.fixed(0.0005, 3) == "0.001")
        #expect(Fmt.fixed(-0.0001, 3) == "0.000")
        #expect(Fmt.fixed(-1.25, 1) == "-1.3")
        #expect(Fmt.fixed(12, 0) == "12")
        #expect(Fmt.fixed(0.05, 4) == "0.0500")
        #expect(Fmt.fixed(.infinity, 3) == nil)
        #expect(Fmt.fixed(.nan, 3) == nil)
    }
}

@Suite("CSV")
struct CSVTests {
    @Test func quotesCommaAndQuote() {
        #expect(CSV.field("Acme, \"Polytechnic\"") == "\"Acme, \"\"Polytechnic\"\"\"")
        #expect(CSV.field("plain") == "plain")
        #expect(CSV.field("two\nlines") == "\"two\nlines\"")
        #expect(CSV.text("=SUM(A1)") == "'=SUM(A1)")
    }

    @Test func programsFileHasBOMHeaderAndQuotedName() {
        let bytes = PlanReport(plan: Fixture.plan()).programsCSV()
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let s = text(Array(bytes.dropFirst(3)))
        let lines = s.components(separatedBy: "\r\n")
        #expect(lines[0].hasPrefix("专业点(program),学校代码(college),学校名称(collegeName),专业代码(major),专业名称(majorName)"))
        #expect(lines.count == 5)  // header, 3 rows, empty after the final CRLF
        #expect(lines[3].contains("\"Acme, \"\"Polytechnic\"\"\""))
        #expect(lines[3].contains("\"焊接, \"\"机器人\"\"; CAD制图\""))
    }

    @Test func openingsAndConsortiaFiles() {
        let r = PlanReport(plan: Fixture.plan())
        let openings = text(r.openingsCSV()).components(separatedBy: "\r\n")
        #expect(openings.count == 3)
        #expect(openings[1].hasPrefix("460305,工业机器人技术,col-a,"))
        let consortia = text(r.consortiaCSV()).components(separatedBy: "\r\n")
        // optimal: 2 + 1 members, stable: 1 + 1.
        #expect(consortia.count == 1 + 5 + 1)
        #expect(consortia[1].hasPrefix("optimal,cluster,c-auto,"))
        // inOther, then the lead enterprise and the note (empty in the fixture).
        #expect(consortia[1].hasSuffix(",true,,"))
        #expect(consortia[2].hasSuffix(",false,,"))
    }
}

@Suite("Determinism and review")
struct DeterminismTests {
    @Test func byteIdenticalOnTwoRuns() {
        let a = PlanReport(plan: Fixture.plan()).files()
        let b = PlanReport(plan: Fixture.plan()).files()
        #expect(a.map(\.name) == PlanReport.fileNames)
        #expect(a == b)
        let c = try? PlanReport.review(plan: Fixture.plan(), college: "col-b").files()
        let d = try? PlanReport.review(plan: Fixture.plan(), college: "col-b").files()
        #expect(c != nil && c == d)
    }

    @Test func reviewRestrictsToOneCollege() throws {
        let r = try PlanReport.review(plan: Fixture.plan(), college: "col-b")
        let root = try parseObject(r.planJSON())
        let scope = try #require(root["scope"] as? [String: Any])
        #expect(scope["college"] as? String == "col-b")
        let programs = try #require(root["programs"] as? [[String: Any]])
        #expect(programs.map { $0["program"] as? String } == ["col-b/460305"])
        let alloc = try #require(root["allocation"] as? [String: Any])
        #expect((alloc["flows"] as? [Any])?.count == 1)
        #expect((alloc["unmet"] as? [[String: Any]])?.map { $0["role"] as? String } == ["d-robot/r3"])
        #expect(alloc["idle"] as? Int == 15)
        #expect((root["openings"] as? [Any])?.count == 0)
        let consortia = try #require(root["consortia"] as? [String: Any])
        #expect((consortia["optimal"] as? [Any])?.count == 1)
        #expect((consortia["stable"] as? [[String: Any]])?.first?["anchor"] as? String == "c-robot")
        let consortiaCSV = text(r.consortiaCSV()).components(separatedBy: "\r\n")
        #expect(consortiaCSV.count == 1 + 2 + 1)
    }

    @Test func writesEveryFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reports-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = PlanReport(plan: Fixture.plan())
        try r.write(to: dir)
        for f in r.files() {
            let data = try Data(contentsOf: URL(fileURLWithPath: dir).appendingPathComponent(f.name))
            #expect(Array(data) == f.bytes, "\(f.name)")
        }
    }

    @Test func unknownCollegeThrows() {
        #expect(throws: ReportError.unknownCollege("nope")) {
            try PlanReport.review(plan: Fixture.plan(), college: "nope")
        }
    }
}

@Suite("Markdown")
struct MarkdownTests {
    @Test func chineseSectionsAndEscapes() {
        let s = text(PlanReport(plan: Fixture.plan()).markdown())
        for h in ["## 总体概况", "## 产业集群供需", "## 专业调整建议", "## 建议新设专业", "## 产教联合体", "### 红牌（1 个"] {
            #expect(s.contains(h), "missing \(h)")
        }
        #expect(s.contains("示例\\<职业\\>技术学院"))
        #expect(!s.contains("示例<职业>"))
        #expect(s.contains("红牌 1 个，黄牌 1 个，绿牌 1 个"))
        // The notice is one sentence with a count; the file list is folded away in the HTML page.
        #expect(s.contains("为示例数据（共 2 个文件）"))
        #expect(!s.contains("colleges.xml"))
    }
}

@Suite("HTML")
struct HTMLTests {
    @Test func selfContainedWithThreeChartsAndEscapes() {
        let s = text(PlanReport(plan: Fixture.plan()).html())
        #expect(s.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"))
        #expect(s.contains("<meta charset=\"utf-8\">"))
        #expect(s.components(separatedBy: "<svg").count - 1 == 3)
        #expect(!s.contains("http://"))
        #expect(!s.contains("https://"))
        #expect(s.contains("示例&lt;职业&gt;技术学院"))
        #expect(!s.contains("示例<职业>"))
        #expect(s.contains("Acme, &quot;Polytechnic&quot;"))
        #expect(s.contains("机器人&lt;与&gt;智能装备"))
        // The notice is one sentence with a count; the file list is folded away in the HTML page.
        #expect(s.contains("为示例数据（共 2 个文件）"))
        #expect(s.contains("<li>colleges.xml</li>"))
        for h in ["总体概况", "产业集群供需", "专业调整建议", "建议新设专业", "产教联合体", "两种配对的比较", "如何阅读本报告"] {
            #expect(s.contains(h), "missing \(h)")
        }
    }

    @Test("the city report counts each program once, under the cause that decided its card, red first")
    func cardCausesCountEachProgramOnce() {
        var plan = Fixture.plan()
        let base = plan.programs
        plan.programs = (0..<200).map { i in
            var a = base[i % 3]
            a.utilisation = Double(i % 23) / 20
            return a
        }
        plan.set.programs = (0..<200).map { plan.set.programs[$0 % 3] }
        for i in plan.programs.indices { plan.programs[i].program = Int32(i) }
        let r = PlanReport(plan: plan)
        let causes = r.cardCauses()
        #expect(causes.map(\.count).reduce(0, +) == 200)
        let rank: [Card: Int] = [.red: 0, .yellow: 1, .green: 2]
        #expect(causes.map { rank[$0.card]! } == causes.map { rank[$0.card]! }.sorted())
        for card in Card.allCases {
            #expect(causes.filter { $0.card == card }.map(\.count).reduce(0, +) == plan.programs.filter { $0.card == card }.count)
        }
        let s = text(r.html())
        #expect(s.contains("各牌色专业点的主要原因"))
        #expect(!s.contains("专业点利用率分布"))
        #expect(s.contains("另有 "))
    }

    @Test func reviewPageNamesTheCollege() throws {
        let s = text(try PlanReport.review(plan: Fixture.plan(), college: "col-a").html())
        #expect(s.contains("<h1>示例&lt;职业&gt;技术学院 专业评估报告</h1>"))
        #expect(!s.contains("Acme, &quot;Polytechnic&quot;</td><td>工业机器人技术"))
    }
}

@Suite("City scale")
struct ScaleTests {
    @Test func fiveThousandProgramsStayLight() throws {
        let plan = Fixture.cityScale()
        let r = PlanReport(plan: plan)
        let html = r.html()
        #expect(html.count < 600_000, "report.html is \(html.count) bytes")
        let s = text(html)
        #expect(s.components(separatedBy: "<svg").count - 1 == 3)
        #expect(s.contains("各牌色专业点的主要原因"))
        #expect(s.contains("另有 "))
        #expect(r.files() == PlanReport(plan: plan).files())
        let root = try parseObject(r.planJSON())
        #expect((root["programs"] as? [Any])?.count == 5000)
    }
}

@Suite("Match evidence in the reports")
struct EvidenceSectionTests {
    /// The fixture's three flows given three kinds of evidence: 90 graduates on an exact occupation
    /// link, 35 on a shared 小类, 30 on text alone — 155 in all.
    static func plan() -> Plan {
        var plan = Fixture.plan()
        plan.flows[0].evidence = .exactCode
        plan.flows[1].evidence = .textOnly
        plan.flows[2].evidence = .sameMinorGroup
        plan.candidateEdgesByEvidence = [4, 1, 0, 2]
        plan.rolesWithoutCandidates = 1
        return plan
    }

    @Test("the city report counts the allocated graduates by the evidence of their flow")
    func cityCountsByEvidence() {
        let r = PlanReport(plan: Self.plan())
        let rows = r.evidenceRows()
        #expect(rows.map(\.evidence) == [.exactCode, .sameMinorGroup, .sameMiddleGroup, .textOnly])
        #expect(rows.map(\.graduates) == [90, 35, 0, 30])
        #expect(rows.map(\.flows) == [1, 1, 0, 1])
        #expect(rows.map(\.programs) == [1, 1, 0, 1])
        #expect(rows.map(\.edges) == [4, 1, 0, 2])
        let md = text(r.markdown())
        #expect(md.contains("## 匹配依据"))
        // 90 / 155 = 58.06 %, (0 + 30) / 155 = 19.35 %.
        #expect(md.contains("已分配的 155 名毕业生中，58.1% 经“同职业”关联，19.4% 仅凭同中类或文字相似"))
        #expect(md.contains("仍无候选的岗位 1 个（共 3 个）"))
        #expect(md.contains("| 同职业 | 4 | 1 | 90 | 58.1% | 1 | "))
        let html = text(r.html())
        #expect(html.contains("<h2 id=\"evidence\">匹配依据</h2>"))
        #expect(html.contains("58.1%"))
    }

    @Test("a college's review counts only its own flows and leaves out the city-wide candidate counts")
    func reviewCountsItsOwnFlows() throws {
        let r = try PlanReport.review(plan: Self.plan(), college: "col-b")
        #expect(r.evidenceRows().map(\.graduates) == [0, 35, 0, 0])
        let t = r.evidenceTable(r.evidenceRows())
        #expect(!t.header.contains("候选关联"))
        #expect(t.rows[1].dropLast().suffix(3) == ["35", "100.0%", "1"])
        #expect(r.evidenceLead(r.evidenceRows()).contains("0.0% 经“同职业”关联"))
        #expect(!r.evidenceLead(r.evidenceRows()).contains("仍无候选"))
    }

    @Test("with no fallback floor below the floor, the report does not claim a fallback search")
    func noFallbackClaimWithoutFallback() {
        var plan = Self.plan()
        plan.policy.scoring.fallbackFloor = plan.policy.scoring.floor
        let r = PlanReport(plan: plan)
        #expect(!r.evidenceLead(r.evidenceRows()).contains("以上取最接近的专业点"))
        #expect(!text(r.markdown()).contains("以上取最接近的专业点"))
        #expect(text(PlanReport(plan: Self.plan()).markdown()).contains("以上取最接近的专业点"))
    }
}
