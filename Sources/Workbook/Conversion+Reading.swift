import Catalog
import Foundation

/// Reading a sheet: its header row to fields, its rows to `ReadRow`s.
extension Conversion {
    /// The field a header cell names: `专业代码(major)`, `major`, or `专业代码`.
    static func field(for header: String, in spec: SheetSpec) -> FieldSpec? {
        let t = header.trimmingCharacters(in: .whitespacesAndNewlines)
        for open in ["(", "（"] {
            if let r = t.range(of: open, options: .backwards) {
                var key = String(t[r.upperBound...])
                if key.hasSuffix(")") || key.hasSuffix("）") { key.removeLast() }
                if let f = spec.fields.first(where: { $0.key == key }) { return f }
            }
        }
        return spec.fields.first { $0.key == t || $0.chinese == t }
    }

    mutating func read(_ sheet: StoredSheet, _ spec: SheetSpec) -> [ReadRow] {
        for range in sheet.merged {
            let first = range.split(separator: ":").first.flatMap { CellRef(String($0)) } ?? CellRef(row: 1, column: 1)
            report(
                .error, sheet.name, first,
                "merged cells \(range): every row needs its own value in each cell; unmerge them and fill each cell")
        }
        var columns: [Int: FieldSpec] = [:]
        var seen: [String: Int] = [:]
        let headerCells = sheet.cells.filter { $0.key.row == 1 }.sorted { $0.key < $1.key }
        for (ref, cell) in headerCells {
            let text = cell.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { continue }
            guard let f = Self.field(for: text, in: spec) else {
                report(.warning, sheet.name, ref, "column '\(text)' is not read: it names no field of sheet \(spec.name)")
                continue
            }
            if let other = seen[f.key] {
                report(.error, sheet.name, ref, "a second column for '\(f.key)' (the first is column \(CellRef.letters(other)))")
                continue
            }
            seen[f.key] = ref.column
            columns[ref.column] = f
        }
        for f in spec.fields where f.required && seen[f.key] == nil {
            let next = (headerCells.last?.key.column ?? 0) + 1
            report(.error, sheet.name, CellRef(row: 1, column: next), "no column for '\(f.key)' (\(f.chinese)), which is required")
        }
        guard sheet.maxRow >= 2 else { return [] }
        var byRow: [Int: [(CellRef, StoredCell)]] = [:]
        for (ref, cell) in sheet.cells where ref.row >= 2 && columns[ref.column] != nil {
            byRow[ref.row, default: []].append((ref, cell))
        }
        var out: [ReadRow] = []
        for r in byRow.keys.sorted() {
            var row = ReadRow(row: r)
            for (ref, cell) in byRow[r]!.sorted(by: { $0.0 < $1.0 }) {
                let f = columns[ref.column]!
                if let v = normalise(cell, f, sheet.name, ref), !v.isEmpty {
                    row.values[f.key] = (v, ref.column)
                }
            }
            if row.values.isEmpty { continue }
            for f in spec.fields where f.required && row.values[f.key] == nil {
                if let c = seen[f.key] {
                    report(.error, sheet.name, CellRef(row: r, column: c), "\(f.chinese)(\(f.key)) is required and this cell is empty")
                }
            }
            out.append(row)
        }
        return out
    }
}
