import Catalog
import Foundation
import Testing

@testable import Workbook

/// The hand-written colleges document the filled template must convert to.
let handWrittenColleges = """
    <?xml version="1.0" encoding="UTF-8"?>
    <colleges xmlns="urn:chanjiao:colleges:1">
      <college id="T01" name="重庆示例职业学院" district="渝中区" type="higher">
        <program id="T01-460113" major="460113" enrolment="120" graduates="110" employmentRate="0.92" capacity="150" dualTeacherRatio="0.8" occupations="replace">
          <occupation code="4-12-01-01"/>
          <occupation code="6-20-01"/>
          <term>汽车构造</term>
          <term>电工</term>
          <year year="2024" enrolment="100" graduates="95" employmentRate="0.9" firstChoiceRate="0.55"/>
        </program>
        <program major="460103" enrolment="40" graduates="38" employmentRate="0.75" capacity="60">
        </program>
      </college>
    </colleges>

    """

/// The hand-written demand document the filled demand template must convert to.
let handWrittenDemand = """
    <?xml version="1.0" encoding="UTF-8"?>
    <demand xmlns="urn:chanjiao:demand:1" id="D1" submitter="示例行业协会" cluster="c33618-auto-nev" period="2026" district="渝中区">
      <role id="R1" name="汽车维修工" occupation="4-12-01-01" level="operator" headcount="1200" educationLevel="secondary" growth="0.1">
        <skill weight="2">汽车底盘</skill>
        <skill>电路检修</skill>
      </role>
    </demand>

    """

@Suite("Import of .xlsx workbooks")
struct ImportTests {
    typealias V = WorkbookDocument.Value

    /// Appends a row of values to the template's sheet `name`.
    static func fill(_ book: inout WorkbookDocument, _ name: String, _ values: [V?]) {
        let i = book.sheets.firstIndex { $0.name == name }!
        book.sheets[i].rows.append(values.map { $0.map { WorkbookDocument.Cell($0) } })
    }

    static func convert(_ book: WorkbookDocument, name: String = "book.xlsx") throws -> WorkbookImport {
        WorkbookImporter.convert(data: Data(try book.xlsx()), name: name)
    }

    @Test("template → filled → XML equal to the hand-written document (colleges)")
    func collegesRoundTrip() throws {
        var book = TemplateWriter.workbook(.colleges, districts: ["万州区", "渝中区"], clusters: [])
        Self.fill(&book, "college", [.text("T01"), .text("重庆示例职业学院"), .text("渝中区"), .text("高职专科(higher)")])
        Self.fill(
            &book, "program",
            [
                .text("T01"), .text("T01-460113"), .text("460113"), .number("120"), .number("110"), .number("0.92"),
                .number("150"), .number("0.8"), nil, .text("替换(replace)"), .text("4-12-01-01；6-20-01"), .text("汽车构造; 电工"),
            ])
        Self.fill(&book, "program", [.text("T01"), nil, .text("460103"), .number("40"), .number("38"), .number("0.75"), .number("60")])
        Self.fill(
            &book, "year",
            [.text("T01-460113"), .number("2024"), .number("100"), .number("95"), .number("0.90000000000000002"), .number("0.55")])
        let imp = try Self.convert(book)
        #expect(imp.diagnostics.isEmpty, "\(imp.diagnostics)")
        #expect(imp.form == .colleges)
        #expect(String(decoding: imp.document, as: UTF8.self) == handWrittenColleges)
    }

    @Test("template → filled → XML equal to the hand-written document (demand)")
    func demandRoundTrip() throws {
        var book = TemplateWriter.workbook(
            .demand, districts: ["渝中区"], clusters: [TemplateWriter.Choice(id: "c33618-auto-nev", name: "智能网联新能源汽车")])
        Self.fill(
            &book, "demand",
            [.text("D1"), .text("示例行业协会"), .text("智能网联新能源汽车(c33618-auto-nev)"), nil, .text("2026"), .text("渝中区")])
        Self.fill(
            &book, "role",
            [
                .text("R1"), .text("汽车维修工"), .text("4-12-01-01"), .text("操作工(operator)"), .number("1200"), .text("中职"),
                .number("0.1"),
            ])
        Self.fill(&book, "skill", [.text("R1"), .text("汽车底盘"), .number("2")])
        Self.fill(&book, "skill", [.text("R1"), .text("电路检修")])
        let imp = try Self.convert(book)
        #expect(imp.diagnostics.isEmpty, "\(imp.diagnostics)")
        #expect(String(decoding: imp.document, as: UTF8.self) == handWrittenDemand)
    }

    @Test("the written files are byte-identical for the same content")
    func deterministic() throws {
        let a = try TemplateWriter.workbook(.colleges, districts: ["渝中区"], clusters: []).xlsx()
        let b = try TemplateWriter.workbook(.colleges, districts: ["渝中区"], clusters: []).xlsx()
        #expect(a == b)
        // Two writes within the zip's 2-second date resolution would be equal with the time of
        // writing too: each entry's date and time in its local header and in the directory must be
        // the fixed 1980-01-01 00:00 (DOS date 0x0021, time 0).
        func u16(_ i: Int) -> Int { Int(a[i]) | Int(a[i + 1]) << 8 }
        var local = 0
        var central = 0
        for i in 0..<(a.count - 16) where a[i] == 0x50 && a[i + 1] == 0x4B {
            if a[i + 2] == 3 && a[i + 3] == 4 {
                local += 1
                #expect(u16(i + 10) == 0 && u16(i + 12) == 0x0021, "local header at \(i)")
            } else if a[i + 2] == 1 && a[i + 3] == 2 {
                central += 1
                #expect(u16(i + 12) == 0 && u16(i + 14) == 0x0021, "directory entry at \(i)")
            }
        }
        let sheets = TemplateWriter.workbook(.colleges, districts: ["渝中区"], clusters: []).sheets.count
        #expect(local == 5 + sheets && central == local)
    }

    @Test("a literal _xHHHH_ in a cell's text is written with its _ escaped and reads back as typed")
    func literalOOXMLEscape() throws {
        #expect(WorkbookDocument.escape("a_x0041_b") == "a_x005F_x0041_b")
        #expect(WorkbookDocument.escape("a_x00G1_b_x12_") == "a_x00G1_b_x12_")
        #expect(OOXMLText.unescape(WorkbookDocument.escape("a_x0041_\r\u{1}_x005F_")) == "a_x0041_\r\u{1}_x005F_")
        var book = TemplateWriter.workbook(.colleges, districts: ["渝中区"], clusters: [])
        Self.fill(&book, "college", [.text("T01"), .text("学院_x0041_"), .text("渝中区"), .text("higher")])
        let imp = try Self.convert(book)
        #expect(!imp.hasErrors, "\(imp.diagnostics)")
        #expect(String(decoding: imp.document, as: UTF8.self).contains("name=\"学院_x0041_\""))
    }

    @Test("numbers stored as text, thousands separators, full-width digits and spaces: normalised, each warned of at its cell")
    func normalisations() throws {
        let rows = RawBook.row(
            2, RawBook.s("A2", "T01"), RawBook.s("C2", "460113 "), RawBook.s("D2", "１２０"), RawBook.s("E2", "1,100"),
            RawBook.s("F2", "0.92"), RawBook.n("G2", "150"))
        let imp = WorkbookImporter.convert(data: try RawBook.colleges(programRows: rows), name: "x.xlsx")
        #expect(!imp.hasErrors, "\(imp.diagnostics)")
        let warnings = imp.diagnostics.map(\.description)
        #expect(warnings.contains { $0.hasPrefix("x.xlsx:program!C2: warning: spaces") })
        #expect(warnings.contains { $0.hasPrefix("x.xlsx:program!D2: warning: full-width characters in '１２０' read as '120'") })
        #expect(warnings.contains { $0.hasPrefix("x.xlsx:program!E2: warning: thousands separators in '1,100' removed") })
        #expect(warnings.contains { $0.hasPrefix("x.xlsx:program!F2: warning: the number 0.92 is stored as text") })
        let xml = String(decoding: imp.document, as: UTF8.self)
        #expect(xml.contains("major=\"460113\" enrolment=\"120\" graduates=\"1100\" employmentRate=\"0.92\" capacity=\"150\""))
    }

    @Test("the table's other rules: 15 significant digits, a major code that lost its leading 0, U+3000 and U+00A0 spaces, a column twice")
    func otherRules() throws {
        let rows = RawBook.row(
            2, RawBook.s("A2", "T01"), RawBook.s("C2", "\u{3000}460113\u{00A0}"), RawBook.n("D2", "120"), RawBook.n("E2", "110"),
            RawBook.n("F2", "0.86899999999999999"), RawBook.n("G2", "150"))
        let imp = WorkbookImporter.convert(data: try RawBook.colleges(programRows: rows), name: "x.xlsx")
        #expect(!imp.hasErrors, "\(imp.diagnostics)")
        #expect(imp.diagnostics.map(\.description).contains { $0.hasPrefix("x.xlsx:program!C2: warning: spaces") }, "\(imp.diagnostics)")
        #expect(
            String(decoding: imp.document, as: UTF8.self).contains(
                "major=\"460113\" enrolment=\"120\" graduates=\"110\" employmentRate=\"0.869\" capacity=\"150\""))

        let lost = RawBook.row(
            2, RawBook.s("A2", "T01"), RawBook.n("C2", "60113"), RawBook.n("D2", "1"), RawBook.n("E2", "1"), RawBook.n("F2", "1"),
            RawBook.n("G2", "1"))
        let zero = WorkbookImporter.convert(data: try RawBook.colleges(programRows: lost), name: "x.xlsx")
        #expect(zero.hasErrors && zero.document.isEmpty)
        #expect(
            zero.diagnostics.map(\.description).contains {
                $0.hasPrefix("x.xlsx:program!C2: error: major code '60113' is stored as a number and has 5 digits")
            }, "\(zero.diagnostics)")

        let twice = try RawBook.book([
            ("college", false, RawBook.collegeSheet),
            (
                "program", false,
                "<sheetData>" + RawBook.programHeader.replacingOccurrences(of: "</row>", with: RawBook.s("H1", "major") + "</row>")
                    + "</sheetData>"
            ),
        ])
        let header = WorkbookImporter.convert(data: twice, name: "x.xlsx").diagnostics.map(\.description)
        #expect(
            header.contains { $0.hasPrefix("x.xlsx:program!H1: error: a second column for 'major' (the first is column C)") }, "\(header)")
    }

    @Test("a decimal comma is not taken for a thousands separator")
    func decimalCommaNotGuessed() {
        #expect(Conversion.withoutThousandsSeparators("0,920") == nil)
        #expect(Conversion.withoutThousandsSeparators("12,34") == nil)
        #expect(Conversion.withoutThousandsSeparators("1,234,567.5") == "1234567.5")
    }

    @Test("merged cells, formulas without saved values, error values: errors at their cells, nothing guessed")
    func refusedCells() throws {
        let rows =
            RawBook.row(
                2, RawBook.s("A2", "T01"), RawBook.s("C2", "460113"), "<c r=\"D2\"><f>SUM(X1:X9)</f></c>", RawBook.n("E2", "9"),
                "<c r=\"F2\" t=\"e\"><v>#N/A</v></c>", RawBook.n("G2", "10"))
            + RawBook.row(
                3, RawBook.s("A3", "T01"), RawBook.s("C3", "460103"), RawBook.n("D3", "1"), RawBook.n("E3", "1"), RawBook.n("F3", "1"),
                RawBook.n("G3", "1"))
        let data = try RawBook.colleges(programRows: rows, after: "<mergeCells count=\"1\"><mergeCell ref=\"A3:A4\"/></mergeCells>")
        let imp = WorkbookImporter.convert(data: data, name: "x.xlsx")
        let lines = imp.diagnostics.map(\.description)
        #expect(imp.hasErrors && imp.document.isEmpty)
        #expect(lines.contains { $0.hasPrefix("x.xlsx:program!D2: error: a formula without a saved value") })
        #expect(lines.contains { $0.hasPrefix("x.xlsx:program!F2: error: the cell holds the error value #N/A") })
        #expect(lines.contains { $0.hasPrefix("x.xlsx:program!A3: error: merged cells A3:A4") })
    }

    @Test("a formula with its saved value is read as that value")
    func formulaWithValue() throws {
        let rows = RawBook.row(
            2, RawBook.s("A2", "T01"), RawBook.s("C2", "460113"), "<c r=\"D2\"><f>40+80</f><v>120</v></c>", RawBook.n("E2", "9"),
            RawBook.n("F2", "0.5"), RawBook.n("G2", "130"))
        let imp = WorkbookImporter.convert(data: try RawBook.colleges(programRows: rows), name: "x.xlsx")
        #expect(!imp.hasErrors, "\(imp.diagnostics)")
        #expect(String(decoding: imp.document, as: UTF8.self).contains("enrolment=\"120\""))
    }

    @Test("hidden and extra sheets are reported; a program of no college and a missing column are errors at their cells")
    func sheetsAndLinks() throws {
        let rows = RawBook.row(
            2, RawBook.s("A2", "T99"), RawBook.s("C2", "460113"), RawBook.n("D2", "1"), RawBook.n("E2", "1"), RawBook.n("F2", "1"),
            RawBook.n("G2", "1"))
        let extra = [(name: "year", hidden: true, body: "<sheetData/>"), (name: "草稿", hidden: false, body: "<sheetData/>")]
        let imp = WorkbookImporter.convert(data: try RawBook.colleges(programRows: rows, extra: extra), name: "x.xlsx")
        let lines = imp.diagnostics.map(\.description)
        #expect(lines.contains { $0.hasPrefix("x.xlsx:year!A1: error: sheet 'year' is hidden") })
        #expect(lines.contains { $0.hasPrefix("x.xlsx:草稿!A1: warning: sheet '草稿' is not read") })
        let orphan = WorkbookImporter.convert(data: try RawBook.colleges(programRows: rows), name: "x.xlsx")
        #expect(
            orphan.diagnostics.map(\.description).contains {
                $0.hasPrefix("x.xlsx:program!A2: error: college 'T99' is not on sheet college")
            })
        let noCapacity = try RawBook.book([
            ("college", false, RawBook.collegeSheet),
            (
                "program", false,
                "<sheetData>" + RawBook.row(1, RawBook.s("A1", "学校代码(college)"), RawBook.s("B1", "专业代码(major)")) + "</sheetData>"
            ),
        ])
        let missing = WorkbookImporter.convert(data: noCapacity, name: "x.xlsx").diagnostics.map(\.description)
        #expect(missing.contains { $0.hasPrefix("x.xlsx:program!C1: error: no column for 'enrolment'") })
    }

    @Test("shared strings (as Excel writes them) are read, phonetic runs left out")
    func sharedStrings() throws {
        let sheet =
            "<sheetData>"
            + RawBook.row(
                1, "<c r=\"A1\" t=\"s\"><v>0</v></c>", "<c r=\"B1\" t=\"s\"><v>1</v></c>", "<c r=\"C1\" t=\"s\"><v>2</v></c>",
                "<c r=\"D1\" t=\"s\"><v>3</v></c>")
            + RawBook.row(
                2, "<c r=\"A2\" t=\"s\"><v>4</v></c>", "<c r=\"B2\" t=\"s\"><v>5</v></c>", "<c r=\"C2\" t=\"s\"><v>6</v></c>",
                "<c r=\"D2\" t=\"s\"><v>7</v></c>")
            + "</sheetData>"
        let shared = [
            "学校代码(id)", "学校名称(name)", "所在区县(district)", "办学层次(type)", "T01",
            "<r><t>重庆示例</t></r><r><t>职业学院</t></r><rPh sb=\"0\" eb=\"2\"><t>チョン</t></rPh>", "渝中区", "职业本科",
        ]
        let imp = WorkbookImporter.convert(data: try RawBook.book([("college", false, sheet)], shared: shared), name: "x.xlsx")
        #expect(!imp.hasErrors, "\(imp.diagnostics)")
        #expect(
            String(decoding: imp.document, as: UTF8.self).contains(
                "<college id=\"T01\" name=\"重庆示例职业学院\" district=\"渝中区\" type=\"bachelor\">"))
    }

    @Test("a diagnostic on the converted XML is moved to its cell")
    func locateMapsLines() throws {
        let rows = RawBook.row(
            2, RawBook.s("A2", "T01"), RawBook.s("C2", "46011 3"), RawBook.n("D2", "1"), RawBook.n("E2", "1"), RawBook.n("F2", "1"),
            RawBook.n("G2", "1"))
        let imp = WorkbookImporter.convert(data: try RawBook.colleges(programRows: rows), name: "x.xlsx")
        let xml = String(decoding: imp.xml, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let line = xml.firstIndex { $0.contains("major=\"46011 3\"") }! + 1
        let d = imp.locate(Diagnostic(file: "tmp.xml", line: line, column: 5, severity: .error, message: "bad major"))
        #expect(d.description == "x.xlsx:program!C2: error: bad major")
        let tag = xml.firstIndex { $0.contains("<program") }! + 1
        let m = imp.locate(
            Diagnostic(file: "tmp.xml", line: tag, column: 5, severity: .error, message: "The attribute 'capacity' is required"))
        #expect(m.cell == "program!G2")
    }
}
