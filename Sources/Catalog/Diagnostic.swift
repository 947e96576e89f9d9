/// How serious a diagnostic is: errors make input invalid, warnings do not.
public enum Severity: String, Sendable, Equatable, Hashable, Codable {
    case error
    case warning
}

/// One located problem in an input file: `file:line:col: severity: message`.
public struct Diagnostic: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// 1-based line, 0 when unknown.
    public var line: Int
    /// 1-based column in characters, 0 when unknown.
    public var column: Int
    /// Error or warning.
    public var severity: Severity
    /// What is wrong and what was expected.
    public var message: String
    /// For a spreadsheet, the cell (`program!C17`) in place of line and column (which then hold
    /// its row and column numbers); nil for text files.
    public var cell: String?

    /// Creates a diagnostic.
    public init(file: String, line: Int, column: Int, severity: Severity, message: String, cell: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
        self.cell = cell
    }

    /// `file:line:col: error: message`, the form compilers use and editors understand; for a
    /// spreadsheet `file.xlsx:sheet!C17: error: message` (or `file.xlsx: error: …` for the whole file).
    public var description: String {
        if let cell {
            return cell.isEmpty
                ? "\(file): \(severity.rawValue): \(message)" : "\(file):\(cell): \(severity.rawValue): \(message)"
        }
        return "\(file):\(line):\(column): \(severity.rawValue): \(message)"
    }
}

/// The Catalog module's one error type: located diagnostics, or a failure to read a file.
public struct CatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Every problem found (errors and warnings), in file order.
    public var diagnostics: [Diagnostic]

    /// Wraps diagnostics.
    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// Wraps one diagnostic.
    public init(_ diagnostic: Diagnostic) {
        self.diagnostics = [diagnostic]
    }

    /// One line per diagnostic.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }

    /// The diagnostics of error severity.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}

/// Collects the diagnostics of one file, keeping the first `limit` and counting the rest.
struct DiagnosticSink {
    let file: String
    let limit: Int
    private(set) var kept: [Diagnostic] = []
    private(set) var dropped = 0
    private(set) var errorCount = 0

    init(file: String, limit: Int = 100) {
        self.file = file
        self.limit = limit
    }

    mutating func add(_ severity: Severity, line: Int, column: Int, _ message: String) {
        if severity == .error { errorCount += 1 }
        if kept.count < limit {
            kept.append(Diagnostic(file: file, line: line, column: column, severity: severity, message: message))
        } else {
            dropped += 1
        }
    }

    /// The kept diagnostics plus, when some were dropped, a closing count.
    func finish() -> [Diagnostic] {
        guard dropped > 0 else { return kept }
        let last = kept.last
        return kept + [
            Diagnostic(
                file: file, line: last?.line ?? 0, column: last?.column ?? 0, severity: .error,
                message: "\(dropped) more diagnostics not shown (the first \(limit) are listed)")
        ]
    }
}
