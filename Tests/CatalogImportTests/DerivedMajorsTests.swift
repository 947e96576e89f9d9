import Foundation
import Testing

@testable import CatalogImport

@Suite("Terms and links derived for the majors without any")
struct DerivedMajorsTests {
    @Test("the shipped derived table is what import-moe --derive writes from the shipped tables")
    func reproducible() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chanjiao-derive-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in [MoeTables.majors, MoeTables.additions, MoeTables.map, MoeTables.majorTerms] {
            try FileManager.default.copyItem(at: Fixture.tables.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        try MoeTables.derive(tablesDirectory: dir)
        let fresh = try Data(contentsOf: dir.appendingPathComponent(MoeTables.derivedTerms))
        let shipped = try Data(contentsOf: Fixture.tables.appendingPathComponent(MoeTables.derivedTerms))
        #expect(fresh == shipped)
    }

    @Test("a new major takes the links shared by its nearest siblings by name, and the derived marks reach majors.xml")
    func nearestSiblings() throws {
        func row(_ code: String, _ name: String) -> MajorRow {
            MajorRow(
                level: .higher, categoryCode: "51", categoryName: "电子与信息大类", classCode: "5102", className: "计算机类",
                code: code, name: name, national: false, added: nil)
        }
        var new = row("510219", "智能体技术应用")
        new.added = "2025-12"
        let rows = [row("510209", "人工智能技术应用"), row("510206", "云计算技术应用"), row("510201", "计算机应用技术"), new]
        let links: [String: Set<String>] = [
            "510209": ["2-02-38-01", "4-04-05-05"], "510206": ["2-02-38-04"], "510201": ["2-02-10-03"],
        ]
        let terms: [String: [MajorTerms.Term]] = ["510209": [.init(kind: .course, text: "深度学习应用开发")]]
        let d = DerivedMajors.derive(rows: rows, links: links, terms: terms)
        // 智能体技术应用 shares 技术 and 术应 and 应用 with all three, and 智能 with 人工智能技术应用 only.
        #expect(d.map(\.code) == ["510219"])
        #expect(d[0].basis.first == "510209")
        #expect(d[0].links.contains("2-02-38-01") && d[0].courses == ["深度学习应用开发"])
        let shipped = try String(contentsOf: Fixture.catalogs.appendingPathComponent("majors.xml"), encoding: .utf8)
        #expect(shipped.contains(#"<major code="510219" name="智能体技术应用" level="higher" added="2025-12">"#))
        #expect(shipped.contains(#"<occupation code="2-02-38-01" derived="true"/>"#))
    }
}
