import Catalog

extension Diagnostic {
    /// A diagnostic about the whole of `file` (a workbook, not one of its cells): no line, column or cell.
    static func whole(_ file: String, _ message: String, severity: Severity = .error) -> Diagnostic {
        Diagnostic(file: file, line: 0, column: 0, severity: severity, message: message, cell: "")
    }
}
