/// Report tables (the CSV files of a plan or review) as one workbook: a sheet per table, the
/// header row frozen, columns fitted, numbers as numbers and the card column coloured.
public enum ReportWorkbook {
    /// Sheet names for the report's CSV files.
    static let sheetNames: [String: String] = [
        "programs.csv": "专业点", "openings.csv": "新设专业建议", "consortia.csv": "产教联合体", "unserved.csv": "未满足需求",
        "matches.csv": "匹配明细", "pipeline.csv": "未来各年供需", "compare.csv": "方案对比",
    ]

    /// The workbook of the `.csv` files among `files` (name, bytes), in their order.
    public static func workbook(_ files: [(name: String, bytes: [UInt8])]) -> WorkbookDocument {
        var book = WorkbookDocument()
        for f in files where f.name.hasSuffix(".csv") {
            var rows = CSVRows.parse(f.bytes)
            guard !rows.isEmpty else { continue }
            let header = rows.removeFirst()
            var sheet = WorkbookDocument.Sheet(name: sheetNames[f.name] ?? String(f.name.dropLast(4)).prefix(31).description)
            sheet.frozenHeader = true
            sheet.rows.append(header.map { WorkbookDocument.Cell(.text($0), style: .header) })
            let card = header.firstIndex { $0.hasSuffix("(card)") }
            let codes = Set(header.indices.filter { i in codeColumns.contains { header[i].hasSuffix("(\($0))") } })
            for r in rows {
                let style: WorkbookDocument.Style
                switch card.flatMap({ $0 < r.count ? r[$0] : nil }) {
                case "green": style = .green
                case "yellow": style = .yellow
                case "red": style = .red
                default: style = .plain
                }
                sheet.rows.append(
                    r.enumerated().map { i, v in
                        if v.isEmpty { return nil }
                        let s = i == card ? style : .plain
                        return WorkbookDocument.Cell(!codes.contains(i) && isNumber(v) ? .number(v) : .text(unguarded(v)), style: s)
                    })
            }
            sheet.fitWidths()
            book.sheets.append(sheet)
        }
        return book
    }

    /// Columns of codes and ids: text even when all digits (a major code is not a quantity).
    static let codeColumns = ["program", "college", "major", "role", "occupation", "cluster", "anchor", "linkedMajors"]

    /// A plain decimal number (no leading zeros but `0.x`, at most 15 digits), which a spreadsheet stores exactly as written.
    static func isNumber(_ s: String) -> Bool {
        var digits = 0
        var dot = false
        let u = Array(s.utf8)
        guard !u.isEmpty else { return false }
        var i = u[0] == UInt8(ascii: "-") ? 1 : 0
        guard i < u.count else { return false }
        if u[i] == UInt8(ascii: "0"), i + 1 < u.count, u[i + 1] != UInt8(ascii: ".") { return false }
        while i < u.count {
            if u[i] == UInt8(ascii: ".") {
                if dot || digits == 0 { return false }
                dot = true
            } else if u[i] >= 48 && u[i] <= 57 {
                digits += 1
            } else {
                return false
            }
            i += 1
        }
        return digits > 0 && digits <= 15 && u.last != UInt8(ascii: ".")
    }

    /// The first characters before which the reports' CSV (`CSV.text` in Reports, which this module
    /// cannot import) puts its formula guard `'`; `ReportBookTests` ties the two together.
    static let formulaLeads = "=+-@\t\r"

    /// The CSV's formula guard (a `'` before a leading `formulaLeads` character) taken off: an
    /// inline string in a workbook is never read as a formula.
    static func unguarded(_ s: String) -> String {
        guard s.hasPrefix("'"), let second = s.unicodeScalars.dropFirst().first, formulaLeads.unicodeScalars.contains(second)
        else { return s }
        return String(s.dropFirst())
    }
}

/// RFC 4180 rows from the reports' CSV (UTF-8 with a byte-order mark, CRLF, quoted fields).
enum CSVRows {
    static func parse(_ bytes: [UInt8]) -> [[String]] {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text.unicodeScalars)[...]
        var fieldStarted = false
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" {
                        field.unicodeScalars.append("\"")
                        chars.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where !fieldStarted:
                quoted = true
                fieldStarted = true
            case ",":
                row.append(field)
                field = ""
                fieldStarted = false
            case "\r":
                continue
            case "\n":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
                fieldStarted = false
            default:
                field.unicodeScalars.append(c)
                fieldStarted = true
            }
        }
        if fieldStarted || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}
