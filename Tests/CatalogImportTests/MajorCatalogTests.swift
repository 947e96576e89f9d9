import CatalogImport
import Foundation
import Testing

@Suite("majors.xml from the repository's tables")
struct MajorCatalogTests {
    @Test("2021 majors per level and the later additions")
    func countsPerLevel() throws {
        let majors = try Fixture.majors()
        let base = majors.filter { $0.added == nil }
        #expect(base.filter { $0.level == "secondary" }.count == 358)
        #expect(base.filter { $0.level == "higher" }.count == 744)
        #expect(base.filter { $0.level == "bachelor" }.count == 247)
        let added = majors.filter { $0.added != nil }
        #expect(added.count == 141)
        #expect(added.filter { $0.level == "secondary" }.count == 10)
        #expect(added.filter { $0.level == "higher" }.count == 57)
        #expect(added.filter { $0.level == "bachelor" }.count == 74)
        #expect(added.filter { $0.added == "2025-12" }.count == 54)
        #expect(added.filter { $0.added == "2022-2024" }.count == 87)
        #expect(majors.filter(\.national).count == 47)
        let summary = try Fixture.built().summary
        #expect(summary.majors2021 == [358, 744, 247])
        #expect(summary.additions == [10, 57, 74])
    }

    @Test("every 2021 code, name, level and hierarchy equals the table")
    func equalsTable() throws {
        let t = try Fixture.csv(
            MoeTables.majors,
            ["level", "category_code", "class_code", "major_code", "major_name", "national_control"]
        )
        let byCode = Dictionary(uniqueKeysWithValues: try Fixture.majors().map { ($0.code, $0) })
        #expect(t.rows.count == 1349)
        for row in t.rows {
            let f = { (c: String) in row.fields[t.column(c)] }
            let m = try #require(byCode[f("major_code")], "line \(row.line)")
            #expect(m.name == f("major_name"), "line \(row.line)")
            #expect(m.level == MajorLevel(source: f("level"))?.rawValue, "line \(row.line)")
            #expect(m.category == f("category_code") && m.classCode == f("class_code"), "line \(row.line)")
            #expect(m.national == (f("national_control") == "K"), "line \(row.line)")
            #expect(m.added == nil)
        }
    }

    @Test("every occupation link exists in occupations.xml, and every map code does too")
    func linksExist() throws {
        let out = try Fixture.built()
        let codes = Set(FlatXML.parse(out.occupations).all("occupation").compactMap { $0.attributes["code"] })
        let majors = try Fixture.majors()
        let links = majors.flatMap(\.occupations)
        // 5,550 MoE links and 792 derived for the majors without any (DerivedMajors, derived="true").
        #expect(links.count == 6342)
        #expect(out.majors.components(separatedBy: #"derived="true"/>"#).count - 1 == 792)
        #expect(links.allSatisfy { codes.contains($0) })
        let map = try Fixture.csv(MoeTables.map, ["occupation_code"])
        let mapCodes = Set(map.rows.map { $0.fields[map.column("occupation_code")] })
        #expect(mapCodes.subtracting(codes).isEmpty)
        #expect(out.summary.occupationsAdded == 9)
    }

    @Test("terms are short: ≤ 64 characters, no 。 or ；, ability phrases 2–12 characters")
    func termsAreShort() throws {
        let majors = try Fixture.majors()
        let terms = majors.flatMap(\.terms)
        #expect(terms.count > 30_000)
        for t in terms {
            #expect(!t.text.isEmpty && t.text.count <= 64, "\(t.text)")
            #expect(!t.text.contains("。") && !t.text.contains("；"), "\(t.text)")
            if t.kind == "ability" { #expect((2...12).contains(t.text.count), "\(t.text)") }
        }
        #expect(Set(terms.map(\.kind)) == ["course", "foundation", "ability", "certificate"])
        // Majors without a profile (12 of 7501 艺术设计类 and the 141 additions) and the 14 whose
        // profile is empty (公安 and 司法 majors 5801–5803, 3802–3803) still appear, without terms.
        #expect(try Fixture.built().summary.majorsWithoutTerms == 167)
        // The additions' only terms are courses derived from their nearest siblings (derived="true").
        let derivedTerms = try Fixture.built().majors.components(separatedBy: #"<term kind="course" derived="true">"#).count - 1
        #expect(majors.filter { $0.added != nil }.reduce(0) { $0 + $1.terms.count } <= derivedTerms)
        #expect(majors.filter { $0.code.hasPrefix("7501") && $0.added == nil }.allSatisfy { $0.terms.isEmpty })
        // The example of the brief.
        let cnc = try #require(majors.first { $0.code == "460103" })
        let abilities = cnc.terms.filter { $0.kind == "ability" }.map(\.text)
        #expect(abilities.contains("数控编程与仿真") && abilities.contains("计算机辅助制造"))
    }

    @Test("generic phrases (stop-list or > 5 % of majors) are dropped")
    func genericDropped() throws {
        let majors = try Fixture.majors()
        let profiled = majors.filter { !$0.terms.isEmpty }.count
        var df: [String: Int] = [:]
        for m in majors {
            for t in Set(m.terms.filter { $0.kind == "ability" }.map(\.text)) { df[t, default: 0] += 1 }
        }
        for (phrase, n) in df {
            #expect(Double(n) <= Double(profiled) * MoeImporter.genericShare, "\(phrase) in \(n) majors")
            #expect(!TermCutter.isStopListed(phrase), "\(phrase)")
        }
        for phrase in ["终身学习", "信息技术应用", "安全意识", "团队合作", "职业道德", "可持续发展"] {
            #expect(df[phrase] == nil, "\(phrase)")
        }
    }

    @Test("the import is deterministic: two builds give byte-identical documents")
    func deterministic() throws {
        let first = try Fixture.built()
        let second = try MoeImporter(tablesDirectory: Fixture.tables, outputDirectory: Fixture.catalogs).build()
        #expect(first.majors == second.majors)
        #expect(first.occupations == second.occupations)
        #expect(first.clusters == second.clusters)
    }

    @Test("run writes the three files atomically, valid against the XSDs")
    func runWritesValidFiles() throws {
        let dir = try Fixture.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = try Fixture.built()
        try MoeImporter(tablesDirectory: Fixture.tables, outputDirectory: dir).write(out)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(names == ["clusters.xml", "majors.xml", "occupations.xml"])  // no temporary files left
        for (name, text) in [("majors", out.majors), ("occupations", out.occupations), ("clusters", out.clusters)] {
            let file = dir.appendingPathComponent("\(name).xml")
            #expect(try String(contentsOf: file, encoding: .utf8) == text)
            #expect(FlatXML.parse(text).error == nil)
            let schema = Fixture.catalogs.appendingPathComponent("schema/\(name).xsd")
            if let (status, output) = xmllint(file, schema: schema) {
                #expect(status == 0, "\(output)")
            }
        }
    }

    @Test("the shipped Catalogs/*.xml equal a fresh import of Catalogs/sources, byte for byte")
    func shippedEqualsFresh() throws {
        let out = try Fixture.built()
        for (name, text) in [("majors", out.majors), ("occupations", out.occupations), ("clusters", out.clusters)] {
            let shipped = try String(
                contentsOf: Fixture.catalogs.appendingPathComponent("\(name).xml"),
                encoding: .utf8
            )
            #expect(shipped == text, "Catalogs/\(name).xml is stale: run `swift run chanjiao import-moe`")
        }
    }
}
