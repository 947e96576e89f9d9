import CatalogImport
import Foundation
import Testing

@Suite("import-moe --texts: cutting the tables from a source folder")
struct TextCutTests {
    /// The hand-written source folder cut with a generic share of 0.5: with 4 profiled majors a
    /// phrase in 3 of them is generic, and with 10 occupations a phrase in 6 of them.
    func fixtureCut() throws -> MoeTables.Cut {
        try MoeTables.cut(sourceDirectory: Fixture.source, share: 0.5)
    }

    @Test("the fact tables keep the listed columns of every row, quoting as needed")
    func factTables() throws {
        let cut = try fixtureCut()
        #expect(Set(cut.tables.keys) == Set(MoeTables.written))
        #expect(
            cut.tables[MoeTables.majors] == """
                level,category_code,category_name,class_code,class_name,major_code,major_name,national_control
                secondary,66,装备制造大类,6601,机械设计制造类,660101,机械制造技术,
                higher,46,装备制造大类,4601,机械设计制造类,460103,数控技术,
                higher,52,医药卫生大类,5201,临床医学类,520101K,临床医学,K
                bachelor,26,装备制造大类,2601,机械设计制造类,260101,机械设计制造及自动化,

                """
        )
        #expect(
            cut.tables[MoeTables.occupations]?.hasPrefix(
                "code,level,name,flags\n6-18,中类,机械制造基础加工人员,\n6-18-01-01,细类,车工,\n"
            ) == true
        )
        #expect(cut.tables[MoeTables.occupations]?.contains("4-04-05-07,细类,服务机器人应用技术员,L/S\n") == true)
        #expect(cut.tables[MoeTables.map]?.contains("普通本科,080202,2-02-07-01,机械设计工程技术人员\n") == true)
        // The cluster table is the whole source file; a field holding a comma would be quoted.
        let clusters = try String(
            contentsOf: Fixture.source.appendingPathComponent(MoeImporter.SourceFile.clusters),
            encoding: .utf8
        )
        #expect(cut.tables[MoeTables.clusters] == clusters)
    }

    @Test("no sentence of the texts reaches the tables: definitions and task lists are not copied")
    func noSentences() throws {
        let cut = try fixtureCut()
        let all = cut.tables.values.joined()
        #expect(!all.contains("示例定义"))
        #expect(!all.contains("。"))
        #expect(!all.contains("具有"))
        #expect(!all.contains("本职业包含"))
        #expect(!all.contains("数据标注员"))  // the 工种 list after 本职业包含 is ignored
    }

    @Test("major terms: one row per major and kind, in the order course, foundation, ability, certificate")
    func majorTerms() throws {
        let cut = try fixtureCut()
        #expect(
            cut.tables[MoeTables.majorTerms] == """
                major_code\tkind\tterms
                260101\tcourse\t机械设计
                260101\tability\t示例机构设计\t数控编程与仿真
                460103\tcourse\t数控编程技术\t多轴加工技术
                460103\tfoundation\t工程制图与CAD
                460103\tability\t复杂零件数控编程与仿真\t计算机辅助制造
                660101\tcourse\t车削加工技术\t铣削加工技术\t机械制图
                660101\tfoundation\t机械基础
                660101\tability\t操作普通车床\t示例零件加工
                660101\tcertificate\t车工\t铣工

                """
        )
        // 机械制图识读 is in 3 of the 4 profiled majors (> 0.5 · 4): generic; 终身学习 is stop-listed.
        #expect(cut.summary.profiles == 4)
        #expect(cut.genericPhrases.map(\.phrase).contains("机械制图识读"))
        #expect(cut.genericPhrases.first { $0.phrase == "机械制图识读" }?.frequent == true)
        #expect(cut.genericPhrases.contains { $0.phrase.contains("终身学习") && $0.stopListed })
        #expect(cut.summary.majorTerms == [6, 2, 6, 2])
    }

    @Test("occupation terms: task phrases in order, those in more than the share of occupations dropped")
    func occupationTerms() throws {
        let cut = try fixtureCut()
        #expect(
            cut.tables[MoeTables.occupationTerms] == """
                occupation_code\tkind\tterms
                6-18-01-01\ttask\t操作车床\t加工示例零件\t调整刀具和夹具\t检验零件尺寸\t填写生产记录
                6-18-01-02\ttask\t操作铣床\t加工平面和沟槽\t调整刀具和夹具\t检验零件尺寸
                2-02-07-01\ttask\t设计机械零部件\t编制设计图样\t检验零件尺寸
                2-02-38-01\ttask\t研究示例算法\t设计智能系统架构
                4-04-05-05\ttask\t标注和清洗数据\t训练示例模型
                4-04-05-13\ttask\t部署示例系统

                """
        )
        #expect(cut.summary.genericTaskPhrases == 0)
        // At a share of 0.2 (a phrase in more than 2 of 10 occupations is generic) 检验零件尺寸 goes.
        let strict = try MoeTables.cut(sourceDirectory: Fixture.source, share: 0.2)
        #expect(strict.summary.genericTaskPhrases == 1)
        #expect(strict.tables[MoeTables.occupationTerms]?.contains("检验零件尺寸") == false)
        #expect(strict.tables[MoeTables.occupationTerms]?.contains("调整刀具和夹具") == true)
    }

    @Test("the cut tables import: links by code and level, map-only codes added, names cleaned, clusters")
    func cutThenImport() throws {
        let dir = try Fixture.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try MoeTables.write(try fixtureCut(), to: dir)
        try FileManager.default.copyItem(
            at: Fixture.tables.appendingPathComponent(MoeTables.notes),
            to: dir.appendingPathComponent(MoeTables.notes)
        )
        let out = try MoeImporter(tablesDirectory: dir, outputDirectory: dir).build()
        #expect(out.summary.majors2021 == [1, 2, 1])
        #expect(out.summary.additions == [0, 1, 0])
        #expect(out.summary.majorsWithoutTerms == 2)  // 520101K (only a generic phrase) and the addition
        #expect(out.summary.links == 5)
        #expect(out.summary.linksSkipped == 2)  // 中职 460103 (the major is 高职) and 普通本科 080202
        #expect(out.summary.occupationsAdded == 1)
        let majors = parseMajors(out.majors)
        #expect(majors.map(\.code) == ["660101", "460103", "460120", "520101K", "260101"])
        #expect(majors.first { $0.code == "460103" }?.occupations == ["2-10-05-00", "6-18-01-01"])
        #expect(majors.first { $0.code == "520101K" }?.national == true)
        #expect(majors.first { $0.code == "460120" }?.added == "2025-12")
        let occupations = FlatXML.parse(out.occupations).all("occupation")
        let byCode = Dictionary(uniqueKeysWithValues: occupations.map { ($0.attributes["code"] ?? "", $0) })
        #expect(byCode["4-04-05-13"]?.attributes["name"] == "生成式人工智能系统应用员")
        #expect(byCode["4-04-05-13"]?.attributes["digital"] == "true")
        #expect(byCode["4-04-05-07"]?.attributes["green"] == "true")
        #expect(byCode["2-10-05-00"]?.attributes["name"] == "翻译")
        let clusters = FlatXML.parse(out.clusters).all("cluster")
        #expect(clusters.map { $0.attributes["id"] ?? "" } == ["c416-field-ai", "future-ai"])
        #expect(clusters.map { $0.attributes["source"] ?? "" } == ["https://example.org/a", "https://example.org/a"])
    }

    @Test("malformed JSON in the profiles fails the cut with file and line")
    func profileErrors() throws {
        let dir = try Fixture.copy(of: Fixture.source)
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent(MoeImporter.SourceFile.profiles)
        for text in [
            "[\n {\"major_code\": \"660101\"},\n {\"major_code\": 7}\n]\n",
            "[\n {\"major_code\": \"660101\"},\n {\"major_code\": }\n]\n",
        ] {
            try Data(text.utf8).write(to: json)
            #expect {
                _ = try MoeTables.cut(sourceDirectory: dir)
            } throws: { error in
                guard let e = error as? CatalogImportError else { return false }
                return e.file == json.path && e.line == 3
            }
        }
        // A source without the tasks column is not a full source folder.
        let occupations = dir.appendingPathComponent(MoeImporter.SourceFile.occupations)
        try Data("code,level,name,flags\n6-18,中类,机械制造基础加工人员,\n".utf8).write(to: occupations)
        #expect {
            _ = try MoeTables.cut(sourceDirectory: dir)
        } throws: { error in
            guard let e = error as? CatalogImportError else { return false }
            return e.file == occupations.path && e.line == 1 && e.message.contains("tasks")
        }
    }

    @Test(
        "drift: the shipped tables equal a fresh cut of the full source folder (CHANJIAO_SOURCE_DATA)",
        .enabled(if: Fixture.fullSource != nil, "set CHANJIAO_SOURCE_DATA to the full source folder")
    )
    func drift() throws {
        let source = try #require(Fixture.fullSource)
        let cut = try MoeTables.cut(sourceDirectory: source)
        for name in MoeTables.written {
            let shipped = try String(contentsOf: Fixture.tables.appendingPathComponent(name), encoding: .utf8)
            #expect(
                shipped == cut.tables[name],
                "Catalogs/sources/\(name) differs from a fresh cut: run `chanjiao import-moe --texts \(source.path)`"
            )
        }
        #expect(cut.summary.profiles == 1_337)
        #expect(cut.summary.genericPhrases > 0)
    }
}
