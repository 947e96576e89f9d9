import Foundation
import Testing

@testable import Workbook

@Suite("Report tables as a workbook")
struct ReportBookTests {
    @Test("the CSV's formula guard is taken off before each character it is put before, tab and CR too")
    func unguarded() {
        for lead in ReportWorkbook.formulaLeads.unicodeScalars {
            let text = String(lead) + "1+1"
            #expect(ReportWorkbook.unguarded("'" + text) == text, "lead U+\(String(lead.value, radix: 16))")
        }
        #expect(ReportWorkbook.unguarded("'\tname") == "\tname")
        #expect(ReportWorkbook.unguarded("'\rname") == "\rname")
        #expect(ReportWorkbook.unguarded("'abc") == "'abc")
        // A quoted CSV field starting with the guard and a CR, as CSV.text writes it.
        let rows = CSVRows.parse(Array("h\r\n\"'\rx\"\r\n".utf8))
        #expect(rows.count == 2 && ReportWorkbook.unguarded(rows[1][0]) == "\rx", "\(rows)")
    }

    @Test("formulaLeads is the character set CSV.text (Reports) guards")
    func sameLeadsAsReports() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let source = try String(contentsOf: root.appendingPathComponent("Sources/Reports/CSVReport.swift"), encoding: .utf8)
        var literal = ""
        for u in ReportWorkbook.formulaLeads.unicodeScalars {
            switch u {
            case "\t": literal += "\\t"
            case "\r": literal += "\\r"
            default: literal.unicodeScalars.append(u)
            }
        }
        #expect(source.contains("\"\(literal)\".unicodeScalars.contains(first)"), "CSV.text's guard no longer reads \"\(literal)\"")
    }
}
