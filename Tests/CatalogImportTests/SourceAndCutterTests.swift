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

    /// Builds from a copy of the repository's tables with `file` changed by `edit`; the error it throws.
    func importError(_ file: String, _ edit: (String) -> String) throws -> CatalogImportError? {
        let dir = try Fixture.copy(of: Fixture.tables)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(file)
        try Data(edit(try String(contentsOf: url, encoding: .utf8)).utf8).write(to: url)
        let out = dir.appendingPathComponent("out")
        let result = Result { () throws(CatalogImportError) -> MoeImporter.Output in
            try MoeImporter(tablesDirectory: dir, outputDirectory: out).run()
        }
        guard case .failure(let error) = result else { return nil }
        #expect(!FileManager.default.fileExists(atPath: out.path))
        return error.file == url.path ? error : nil
    }

    @Test("bad rows in the repository's tables fail the whole import with file and line")
    func importErrors() throws {
        func first(_ text: String, _ old: String, _ new: String) -> String {
            guard let r = text.range(of: old) else { return text }
            return text.replacingCharacters(in: r, with: new)
        }
        let level = try importError(MoeTables.majors) { first($0, "\nsecondary,", "\nprimary,") }
        #expect(level?.line == 2 && level?.message.contains("primary") == true)
        // Edits field `field` of the first line (≥ 2) that `pick` accepts; the line edited, 1-based.
        func editTerms(_ field: Int, to value: String, where pick: ([String], [String]) -> Bool) throws
            -> (Int, CatalogImportError?)
        {
            var edited = 0
            let error = try importError(MoeTables.majorTerms) { text in
                var lines = text.components(separatedBy: "\n").map { $0.components(separatedBy: "\t") }
                guard let i = lines.indices.dropFirst().first(where: { pick(lines[$0 - 1], lines[$0]) }) else {
                    return text
                }
                lines[i][field] = value
                edited = i + 1
                return lines.map { $0.joined(separator: "\t") }.joined(separator: "\n")
            }
            return (edited, error)
        }
        let (line1, unknown) = try editTerms(0, to: "619999") { _, _ in true }
        #expect(line1 == 2 && unknown?.line == 2 && unknown?.message.contains("619999") == true)
        let (line2, kind) = try editTerms(1, to: "lesson") { _, _ in true }
        #expect(line2 == 2 && kind?.line == 2 && kind?.message.contains("lesson") == true)
        let (line3, order) = try editTerms(1, to: "course") { previous, this in
            previous.count > 1 && previous[0] == this[0] && previous[1] == "course" && this[1] == "foundation"
        }
        #expect(line3 > 2 && order?.line == line3 && order?.message.contains("once each") == true)
        let task = try importError(MoeTables.occupationTerms) { $0 + "9-99-99-99\ttask\t示例\n" }
        #expect(task?.message.contains("9-99-99-99") == true && (task?.line ?? 0) > 1_000)
        let note = try importError(MoeTables.notes) { first($0, "clusters.note,", "clusters.notes,") }
        #expect(note?.message.contains("clusters.notes") == true && note?.line == 9)
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
