import Foundation
import Testing

@testable import Workbook

/// The Python with openpyxl: Debian's `python3-openpyxl` installs into the system Python, which
/// may not be the first `python3` on the PATH.
func pythonWithOpenpyxl() -> String? {
    for candidate in ["/usr/bin/python3", "/usr/local/bin/python3", "python3"] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [candidate, "-c", "import openpyxl"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { continue }
        p.waitUntilExit()
        if p.terminationStatus == 0 { return candidate }
    }
    return nil
}

@Suite("chanjiao template, import-xlsx, validate and plan with .xlsx", .serialized)
struct CommandTests {
    @Test("validate FILE.xlsx: an XSD error points at the cell, exit 1")
    func validateLocatesCell() throws {
        let dir = try Tool.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows =
            RawBook.row(
                2, RawBook.s("A2", "T01"), RawBook.s("C2", "46011 3"), RawBook.n("D2", "10"), RawBook.n("E2", "9"),
                RawBook.n("F2", "0.5"), RawBook.n("G2", "20"))
            + RawBook.row(
                3, RawBook.s("A3", "T01"), RawBook.s("C3", "460113"), RawBook.n("D3", "10"), RawBook.n("E3", "9"),
                RawBook.n("F3", "1.5"), RawBook.n("G3", "20"))
        let file = dir.appendingPathComponent("bad.xlsx")
        try RawBook.colleges(programRows: rows).write(to: file)
        let r = try Tool.run(["validate", file.path])
        #expect(r.status == 1)
        #expect(
            r.stderr.contains(
                "\(file.path):program!C2: error: Element 'program', attribute 'major': [facet 'pattern'] The value '46011 3'"),
            "\(r.stderr)")
        #expect(r.stderr.contains("\(file.path):program!F3: error:"), "\(r.stderr)")
        let j = try Tool.run(["validate", "--format", "json", file.path])
        #expect(j.status == 1)
        let parsed = try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [[String: Any]]
        #expect(
            parsed?.contains { $0["cell"] as? String == "program!C2" && $0["line"] as? Int == 2 && $0["column"] as? Int == 3 } == true,
            "\(j.stdout)")
        let x = try Tool.run(["import-xlsx", file.path, "--out", dir.appendingPathComponent("bad.xml").path])
        #expect(x.status == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("bad.xml").path))
    }

    @Test("a workbook is loaded from memory: validate and import-xlsx work where no temporary folder can be made; the --max-size hint")
    func noTemporaryFiles() throws {
        let dir = try Tool.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = RawBook.row(
            2, RawBook.s("A2", "T01"), RawBook.s("C2", "460113"), RawBook.n("D2", "10"), RawBook.n("E2", "9"),
            RawBook.n("F2", "0.5"), RawBook.n("G2", "20"))
        let file = dir.appendingPathComponent("good.xlsx")
        let data = try RawBook.colleges(programRows: rows)
        try data.write(to: file)
        // TMPDIR names a file: a folder cannot be made under it, even by root.
        let notAFolder = dir.appendingPathComponent("tmp-is-a-file")
        try Data("x".utf8).write(to: notAFolder)
        let env = ["TMPDIR": notAFolder.path]
        let v = try Tool.run(["validate", file.path], environment: env)
        #expect(v.status == 0, "\(v.stderr)")
        #expect(!v.stderr.contains("temporary"), "\(v.stderr)")
        let out = dir.appendingPathComponent("good.xml")
        let x = try Tool.run(["import-xlsx", file.path, "--out", out.path], environment: env)
        #expect(x.status == 0, "\(x.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.path))

        #expect(data.count > 1024, "the workbook must be over the limit for the hint to show")
        let big = try Tool.run(["validate", "--max-size", "1K", file.path])
        #expect(big.status == 1)
        #expect(
            big.stderr.contains(
                "\(file.path): error: file is \(data.count) bytes, over the limit of 1024 bytes (raise it with --max-size)"),
            "\(big.stderr)")
    }

    @Test("import-xlsx writes the hand-written XML; validate and plan read the .xlsx directly; plan --xlsx writes plan.xlsx")
    func importAndPlan() throws {
        let dir = try Tool.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        var book = TemplateWriter.workbook(.colleges, districts: ["渝中区"], clusters: [])
        ImportTests.fill(&book, "college", [.text("T01"), .text("重庆示例职业学院"), .text("渝中区"), .text("higher")])
        ImportTests.fill(
            &book, "program",
            [
                .text("T01"), .text("T01-460113"), .text("460113"), .number("120"), .number("110"), .number("0.92"),
                .number("150"), .number("0.8"), nil, .text("replace"), .text("4-12-01-01;6-20-01"), .text("汽车构造;电工"),
            ])
        ImportTests.fill(
            &book, "program", [.text("T01"), nil, .text("460103"), .number("40"), .number("38"), .number("0.75"), .number("60")])
        ImportTests.fill(
            &book, "year", [.text("T01-460113"), .number("2024"), .number("100"), .number("95"), .number("0.9"), .number("0.55")])
        let file = dir.appendingPathComponent("colleges.xlsx")
        try Data(try book.xlsx()).write(to: file)
        let out = dir.appendingPathComponent("colleges.xml")
        let r = try Tool.run(["import-xlsx", file.path, "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOf: out, encoding: .utf8) == handWrittenColleges)
        #expect(try Tool.run(["validate", file.path]).status == 0)
        let plan = dir.appendingPathComponent("plan")
        let p = try Tool.run(["plan", file.path, "Catalogs/chongqing/demand-c33618-auto-nev.xml", "--out", plan.path, "--xlsx"])
        #expect(p.status == 0, "\(p.stderr)")
        let json = try String(contentsOf: plan.appendingPathComponent("plan.json"), encoding: .utf8)
        #expect(json.contains("\"\(file.path)\""), "plan.json names the workbook, not the converted temporary file")
        let written = try Data(contentsOf: plan.appendingPathComponent("plan.xlsx"))
        let sheets = try WorkbookReader.read(written, name: "plan.xlsx", limits: WorkbookLimits())
        // Every sheet of the plan's tables is named in Chinese (the no-policy plan has no pipeline).
        #expect(sheets.map(\.name) == ["专业点", "新设专业建议", "产教联合体", "未满足需求", "匹配明细"])
        let programs = sheets[0]
        #expect(programs.cells[CellRef(row: 1, column: 1)]?.text == "专业点(program)")
        #expect(programs.cells[CellRef(row: 2, column: 2)]?.text == "T01")
    }

    @Test("a real reader (openpyxl) opens the template, plan.xlsx and review.xlsx, and a template it fills imports as the hand-written XML")
    func openpyxlReadsAndWrites() throws {
        guard let python = pythonWithOpenpyxl() else {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                Issue.record("openpyxl is missing: .ci/run installs python3-openpyxl")
            } else {
                print("skipped: openpyxl is not installed (apt-get install python3-openpyxl)")
            }
            return
        }
        let dir = try Tool.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let template = dir.appendingPathComponent("template.xlsx")
        #expect(try Tool.run(["template", "colleges", "--out", template.path]).status == 0)
        let demandTemplate = dir.appendingPathComponent("demand.xlsx")
        #expect(try Tool.run(["template", "demand", "--out", demandTemplate.path]).status == 0)
        let out = dir.appendingPathComponent("out")
        let fixtures = "Tests/CatalogTests/Fixtures/valid"
        #expect(try Tool.run(["plan", fixtures, "--out", out.path, "--xlsx"]).status == 0)
        #expect(try Tool.run(["review", "--college", "c1", fixtures, "--out", out.path, "--xlsx"]).status == 0)
        let filled = dir.appendingPathComponent("filled.xlsx")
        let script = """
            import sys, openpyxl
            t = openpyxl.load_workbook(sys.argv[1])
            assert t.sheetnames == ["说明", "college", "program", "year", "列表"], t.sheetnames
            assert t["列表"].sheet_state == "hidden"
            c = t["college"]
            assert c.freeze_panes == "A2" and c["A1"].value == "学校代码(id)", (c.freeze_panes, c["A1"].value)
            lists = {str(v.sqref): v.formula1 for v in c.data_validations.dataValidation}
            assert lists.get("D2:D2000", "").startswith("'列表'!$"), lists
            levels = [r[0].value for r in t["列表"].iter_rows(min_row=2)]
            c.append(["T01", "重庆示例职业学院", "渝中区", "高职专科(higher)"])
            p = t["program"]
            p.append(["T01", "T01-460113", "460113", 120, 110, 0.92, 150, 0.8, None, "替换(replace)", "4-12-01-01；6-20-01", "汽车构造; 电工"])
            p.append(["T01", None, "460103", 40, 38, 0.75, 60])
            t["year"].append(["T01-460113", 2024, 100, 95, 0.9, 0.55])
            t.save(sys.argv[2])
            d = openpyxl.load_workbook(sys.argv[3])
            assert d.sheetnames == ["说明", "demand", "role", "skill", "列表"], d.sheetnames
            for name in ("plan.xlsx", "review.xlsx"):
                b = openpyxl.load_workbook(sys.argv[4] + "/" + name)
                assert b.sheetnames[0] == "专业点", b.sheetnames
                s = b["专业点"]
                assert s.freeze_panes == "A2", s.freeze_panes
                header = [x.value for x in s[1]]
                card = header.index("牌色(card)")
                colours = {"green": "FFC6EFCE", "yellow": "FFFFEB9C", "red": "FFFFC7CE"}
                rows = list(s.iter_rows(min_row=2))
                assert rows, name
                for row in rows:
                    assert row[card].fill.fgColor.rgb == colours[row[card].value], (row[card].value, row[card].fill.fgColor.rgb)
                assert s.column_dimensions["A"].width >= 6
            print("ok")
            """
        let py = try Tool.run(
            [python, "-c", script, template.path, filled.path, demandTemplate.path, out.path],
            executable: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(py.status == 0 && py.stdout.contains("ok"), "\(py.stderr)")
        let xml = dir.appendingPathComponent("filled.xml")
        let r = try Tool.run(["import-xlsx", filled.path, "--out", xml.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOf: xml, encoding: .utf8) == handWrittenColleges)
    }
}
