import Catalog
import Foundation

/// One row of a sheet, read into its field values.
struct ReadRow {
    var row: Int
    /// Field key → (value, column).
    var values: [String: (value: String, column: Int)] = [:]

    func value(_ key: String) -> String? { values[key]?.value }
}

/// The work of one conversion: sheets to rows to XML, collecting located diagnostics.
struct Conversion {
    let name: String
    let sheets: [StoredSheet]
    var form: WorkbookForm?
    var diagnostics: [Diagnostic] = []
    var xml = ""
    /// The document with attributes on their element's line.
    var compact = ""
    var places: [Int: WorkbookImport.Place] = [:]
    /// The next line of `xml` to be written (1-based).
    var line = 1
    /// Normalisations already reported per sheet, column and kind: the first cell gets the warning.
    private var normalised: [String: (index: Int, count: Int)] = [:]

    init(name: String, sheets: [StoredSheet]) {
        self.name = name
        self.sheets = sheets
    }

    mutating func report(_ severity: Severity, _ sheet: String, _ ref: CellRef, _ message: String) {
        diagnostics.append(
            Diagnostic(
                file: name, line: ref.row, column: ref.column, severity: severity, message: message,
                cell: "\(sheet)!\(ref.name)"))
    }

    /// A warning reported once per sheet, column and kind, with the number of further cells.
    mutating func normalisation(_ sheet: String, _ ref: CellRef, kind: String, _ message: String) {
        let key = "\(sheet)\u{1}\(ref.column)\u{1}\(kind)"
        if let seen = normalised[key] {
            normalised[key] = (seen.index, seen.count + 1)
            return
        }
        normalised[key] = (diagnostics.count, 0)
        report(.warning, sheet, ref, message)
    }

    mutating func run(expecting: WorkbookForm? = nil) {
        let names = Set(sheets.map(\.name))
        let forms = WorkbookForm.allCases.filter { f in f.sheets.contains { names.contains($0.name) } }
        form = expecting.flatMap { forms.contains($0) ? $0 : nil } ?? forms.first
        if let expecting, let found = form, found != expecting {
            diagnostics.append(
                .whole(
                    name,
                    "a \(found.rawValue) workbook (sheets \(found.sheets.map(\.name).joined(separator: ", "))) where a \(expecting.rawValue) workbook is expected; start from `chanjiao template \(expecting.rawValue)`"
                ))
            return
        }
        guard let form else {
            diagnostics.append(
                .whole(
                    name,
                    "no sheet named college, program, year (a colleges workbook) or demand, role, skill (a demand workbook); start from `chanjiao template colleges|demand`"
                ))
            return
        }
        let specs = form.sheets
        var rows: [String: [ReadRow]] = [:]
        for sheet in sheets {
            if WorkbookImporter.ownSheets.contains(sheet.name) { continue }
            guard let spec = specs.first(where: { $0.name == sheet.name }) else {
                report(
                    .warning, sheet.name, CellRef(row: 1, column: 1),
                    "sheet '\(sheet.name)'\(sheet.hidden ? " (hidden)" : "") is not read: a \(form.rawValue) workbook has the sheets \(specs.map(\.name).joined(separator: ", "))"
                )
                continue
            }
            if sheet.hidden {
                report(
                    .error, sheet.name, CellRef(row: 1, column: 1),
                    "sheet '\(sheet.name)' is hidden: unhide it (or delete it) so that what is read is what you see")
                continue
            }
            rows[spec.name] = read(sheet, spec)
        }
        for spec in specs where rows[spec.name] == nil && !sheets.contains(where: { $0.name == spec.name }) {
            if spec.parent == nil {
                diagnostics.append(.whole(name, "the workbook has no sheet '\(spec.name)' (\(spec.chinese))"))
            }
        }
        for (key, seen) in normalised where seen.count > 0 {
            _ = key
            diagnostics[seen.index].message += "（本列另有 \(seen.count) 个单元格同样处理 / and \(seen.count) more cells in this column）"
        }
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return }
        switch form {
        case .colleges: writeColleges(rows)
        case .demand: writeDemand(rows)
        }
    }
}
