import CatalogImport
import Foundation
import Testing

@Suite("source parsing, errors and term cutting")
struct SourceAndCutterTests {
    func write(_ text: String, name: String = "t.csv") throws -> URL {
        let dir = try Fixture.tempDirectory()
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test("CSV: quotes, doubled quotes and quoted newlines; rows keep their line")
    func csvParses() throws {
        let url = try write("a,b\n1,\"x, \"\"y\"\"\"\n2,\"multi\nline\"\n3,z\n")
        let t = try CSVTable(contentsOf: url, required: ["a", "b"])
        #expect(t.rows.map(\.fields) == [["1", "x, \"y\""], ["2", "multi\nline"], ["3", "z"]])
        #expect(t.rows.map(\.line) == [2, 3, 5])
    }

    @Test(
        "CSV errors name the file and line",
        arguments: [
            ("a,b\n1,2\n3\n", 3, "expected 2 fields"),
            ("a,b\n1,\"open\n", 2, "never closed"),
            ("a,b\n1,x\"y\n", 2, "stray quote"),
            ("a,c\n1,2\n", 1, "missing column 'b'"),
        ]
    )
    func csvErrors(text: String, line: Int, message: String) throws {
        let url = try write(text)
        #expect {
            _ = try CSVTable(contentsOf: url, required: ["a", "b"])
        } throws: { error in
            guard let e = error as? CatalogImportError else { return false }
            return e.line == line && e.message.contains(message) && e.file == url.path
                && e.description.hasPrefix("\(url.path):\(line): ")
        }
    }

    @Test("malformed JSON and bad rows fail the whole import with file and line")
    func importErrors() throws {
        let dir = try Fixture.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let names = [
            MoeImporter.SourceFile.majors, MoeImporter.SourceFile.additions, MoeImporter.SourceFile.map,
            MoeImporter.SourceFile.occupations, MoeImporter.SourceFile.clusters,
        ]
        for name in names {
            try FileManager.default.copyItem(
                at: Fixture.data.appendingPathComponent(name),
                to: dir.appendingPathComponent(name)
            )
        }
        let json = dir.appendingPathComponent(MoeImporter.SourceFile.profiles)
        try Data("[\n {\"major_code\": \"610101\"},\n {\"major_code\": 7}\n]\n".utf8).write(to: json)
        let importer = MoeImporter(sourceDirectory: dir, outputDirectory: dir.appendingPathComponent("out"))
        #expect {
            _ = try importer.build()
        } throws: { error in
            guard let e = error as? CatalogImportError else { return false }
            return e.file == json.path && e.line == 3
        }
        try Data("[\n {\"major_code\": \"610101\"},\n {\"major_code\": }\n]\n".utf8).write(to: json)
        #expect {
            _ = try importer.build()
        } throws: { error in
            guard let e = error as? CatalogImportError else { return false }
            return e.file == json.path && e.line == 3
        }
        // A bad level in the majors CSV.
        let majors = dir.appendingPathComponent(MoeImporter.SourceFile.majors)
        var text = try String(contentsOf: majors, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "\nsecondary,",
            with: "\nprimary,",
            options: [],
            range: text.range(of: "\nsecondary,")
        )
        try Data(text.utf8).write(to: majors)
        #expect {
            _ = try importer.build()
        } throws: { error in
            guard let e = error as? CatalogImportError else { return false }
            return e.file == majors.path && e.line == 2 && e.message.contains("primary")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    @Test("ability phrases: object phrases, no openers or 的能力, conjunctions split")
    func abilityPhrases() {
        let p = TermCutter.abilityPhrases([
            "具有中等复杂零件数控加工工艺分析与设计、数控编程与仿真和进行计算机辅助制造的能力",
            "具备数据库设计与应用、计算机系统操作等能力",
            "具有探究学习、终身学习和可持续发展的能力",
        ])
        #expect(p.contains("数控编程与仿真"))
        #expect(p.contains("计算机辅助制造"))
        #expect(p.contains("数据库设计与应用"))
        #expect(p.contains("计算机系统操作"))
        #expect(p.allSatisfy { !$0.hasPrefix("具") && !$0.hasSuffix("能力") && $0.count <= 12 })
        #expect(p.filter { $0.contains("终身学习") }.allSatisfy(TermCutter.isStopListed))
        #expect(!p.filter { $0.contains("终身学习") }.isEmpty)
    }

    @Test("course names: LaTeX and stray spaces undone, section labels and notes dropped")
    func courseNames() {
        let c = TermCutter.courseNames([
            "$\\mathrm { C O } _ { 2 }$ 气体保护焊", "智能控制原理与应 用", "工程制图与 CAD",
            "专业核心课程（药品检验方向）：药物分析技术", "地方特色课程（各学校按照学校特色自行设置）", "工程制图与 CAD",
        ])
        #expect(c == ["CO2气体保护焊", "智能控制原理与应用", "工程制图与CAD", "药物分析技术"])
    }

    @Test("certificate names: labels removed, lists split, 暂无 dropped")
    func certificateNames() {
        #expect(
            TermCutter.certificateNames("职业资格证书：注册安全工程师、消防员 职业技能等级证书：建筑信息模型（BIM）")
                == ["注册安全工程师", "消防员", "建筑信息模型（BIM）"]
        )
        #expect(TermCutter.certificateNames("暂无").isEmpty)
    }

    @Test("task phrases: at most the limit, the 工种 list after 本职业包含 ignored")
    func taskPhrases() {
        let tasks = "操作和面设备,调制面团；熟化面团,进行面团压延和切条；本职业包含但不限于下列工种:；挂面制作工"
        let p = TermCutter.taskPhrases(tasks)
        #expect(p == ["操作和面设备", "调制面团", "熟化面团", "面团压延和切条"])
        #expect(TermCutter.taskPhrases(tasks, limit: 2).count == 2)
    }

    @Test("XML escaping of & < > \" '")
    func escaping() {
        #expect(XMLText.escape("a&b<c>\"d'") == "a&amp;b&lt;c&gt;&quot;d&apos;")
    }
}
