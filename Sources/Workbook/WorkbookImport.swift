public import Catalog
import Foundation

/// An .xlsx workbook converted to the project's XML, with the conversion's own cell-located
/// diagnostics and the map from the XML's lines back to cells.
public struct WorkbookImport: Sendable {
    /// The workbook's name as the user gave it.
    public var name: String
    /// The form found (nil when the workbook could not be read or recognised).
    public var form: WorkbookForm?
    /// The converted document (UTF-8 XML), one element per line as a person writes it; empty
    /// when the conversion found errors.
    public var document: [UInt8] = []
    /// The same document with each attribute on a line of its own, so that a diagnostic's line
    /// says which cell it is about (`locate`); what `validate` and `plan` read.
    public var xml: [UInt8] = []
    /// The conversion's errors and warnings, each at its cell.
    public var diagnostics: [Diagnostic] = []
    /// XML line → the row (and cells) it came from.
    var places: [Int: Place] = [:]

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Where a line of the XML came from: a row of a sheet, and the column of the attribute or
    /// item written on that line (nil on an element's first line).
    struct Place: Sendable {
        var sheet: String
        var row: Int
        var column: Int?
        /// The row's values by attribute, with their columns (for errors that name a key or quote a value).
        var values: [(key: String, value: String, column: Int)]
    }

    /// `message` with every `path:line:col` of the converted XML (as a link check quotes the first
    /// of two duplicates) replaced by the cell of that line, `file.xlsx:program!C2`. `path` may be
    /// the workbook's own name (the XML loaded under it): the search goes on after each replacement.
    public func rewrite(_ message: String, mentioning path: String) -> String {
        var out = message
        var from = out.startIndex
        while let r = out.range(of: path + ":", range: from..<out.endIndex) {
            var end = r.upperBound
            var digits = ""
            while end < out.endIndex, out[end].isASCII, out[end].isNumber {
                digits.append(out[end])
                end = out.index(after: end)
            }
            // Only a whole name (`sub/x.xlsx` is not `x.xlsx`) followed by a line.
            let before = r.lowerBound > out.startIndex ? out[out.index(before: r.lowerBound)] : " "
            guard !digits.isEmpty, before.isWhitespace || "('\"".contains(before) else {
                from = r.upperBound
                continue
            }
            // The column after the line, if any.
            if end < out.endIndex, out[end] == ":" {
                var e2 = out.index(after: end)
                while e2 < out.endIndex, out[e2].isASCII, out[e2].isNumber { e2 = out.index(after: e2) }
                if e2 > out.index(after: end) { end = e2 }
            }
            let cell = Int(digits).map { locate(Diagnostic(file: path, line: $0, column: 0, severity: .error, message: "")) }
            let shown = cell.map { $0.cell.map { c in c.isEmpty ? name : "\(name):\(c)" } ?? name } ?? name
            let offset = out.distance(from: out.startIndex, to: r.lowerBound) + shown.count
            out.replaceSubrange(r.lowerBound..<end, with: shown)
            from = out.index(out.startIndex, offsetBy: offset)
        }
        return out
    }

    /// The diagnostic `d`, given on the converted XML (any file name), moved to the cell it is about:
    /// the attribute's own line, else the attribute the message names, else the value it quotes,
    /// else the row's first cell.
    public func locate(_ d: Diagnostic) -> Diagnostic {
        guard let place = places[d.line] else {
            return .whole(name, d.message, severity: d.severity)
        }
        var column = place.column
        if column == nil {
            for (key, _, c) in place.values where d.message.contains("attribute '\(key)'") {
                column = c
                break
            }
        }
        if column == nil {
            let quoted = place.values.filter { !$0.value.isEmpty && d.message.contains("'\($0.value)'") }
            column = quoted.max { $0.value.count < $1.value.count }?.column
        }
        let ref = CellRef(row: place.row, column: column ?? 1)
        return Diagnostic(
            file: name, line: ref.row, column: ref.column, severity: d.severity, message: d.message,
            cell: "\(place.sheet)!\(ref.name)")
    }
}
