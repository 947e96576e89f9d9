import Catalog

/// A submission that passed the schema and the link checks.
struct CheckedSubmission: Sendable {
    /// The demand's `id` (demand only).
    var demandID: String?
    /// The demand's `submitter` (demand only).
    var submitter: String?
    /// The colleges in a programs document, with where each starts.
    var colleges: [(id: String, line: Int, column: Int)]
}

/// Validates a request body with the CLI's ingest: the XSD, then links against the catalogs.
enum SubmissionCheck {
    /// The name diagnostics give the body.
    static func fileName(_ kind: DocumentKind) -> String { kind == .demand ? "demand.xml" : "programs.xml" }

    /// Checks `body` as a document of `kind`; the diagnostics are errors (and warnings) as the CLI prints them.
    static func check(
        _ body: UnsafeRawBufferPointer, kind: DocumentKind, base: CatalogBase, maxBytes: Int
    ) -> Result<CheckedSubmission, DiagnosticList> {
        var set = base.skeleton
        let name = fileName(kind)
        let (_, parsed) = CatalogLoader.parse(
            bytes: body, name: name, into: &set, options: IngestOptions(maxBytes: maxBytes), expecting: kind)
        var diagnostics = parsed
        if !diagnostics.contains(where: { $0.severity == .error }) {
            diagnostics += CatalogLoader.linkSubmission(set)
        }
        if diagnostics.contains(where: { $0.severity == .error }) { return .failure(DiagnosticList(diagnostics)) }
        switch kind {
        case .demand:
            guard let d = set.demands.last else {
                return .failure(
                    DiagnosticList([Diagnostic(file: name, line: 0, column: 0, severity: .error, message: "no <demand> element")]))
            }
            return .success(CheckedSubmission(demandID: d.id, submitter: d.submitter, colleges: []))
        default:
            return .success(
                CheckedSubmission(
                    demandID: nil, submitter: nil, colleges: set.colleges.map { ($0.id, Int($0.source.line), Int($0.source.column)) }))
        }
    }

    /// For a programs upload to `/v1/colleges/{id}/programs`: the body must hold exactly that college.
    static func collegeMismatch(_ checked: CheckedSubmission, path id: String) -> DiagnosticList? {
        let name = fileName(.colleges)
        if checked.colleges.isEmpty {
            return DiagnosticList([
                Diagnostic(file: name, line: 0, column: 0, severity: .error, message: "no <college> element; expected college '\(id)'")
            ])
        }
        var out: [Diagnostic] = []
        for (i, c) in checked.colleges.enumerated() where c.id != id || i > 0 {
            out.append(
                Diagnostic(
                    file: name, line: c.line, column: c.column, severity: .error,
                    message: "a programs upload for college '\(id)' must hold exactly that college; found '\(c.id)'"))
        }
        return out.isEmpty ? nil : DiagnosticList(out)
    }
}

/// Located diagnostics as an error value.
struct DiagnosticList: Error, Sendable {
    var diagnostics: [Diagnostic]
    init(_ d: [Diagnostic]) { diagnostics = d }
}
