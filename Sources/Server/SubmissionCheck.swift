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
            diagnostics += links(set, name: name)
        }
        if diagnostics.contains(where: { $0.severity == .error }) { return .failure(DiagnosticList(diagnostics)) }
        switch kind {
        case .demand:
            guard let d = set.demands.last else {
                return .failure(DiagnosticList([Diagnostic(file: name, line: 0, column: 0, severity: .error, message: "no <demand> element")]))
            }
            return .success(CheckedSubmission(demandID: d.id, submitter: d.submitter, colleges: []))
        default:
            return .success(CheckedSubmission(demandID: nil, submitter: nil, colleges: set.colleges.map { ($0.id, Int($0.source.line), Int($0.source.column)) }))
        }
    }

    /// The checks of `CatalogLoader.link` that concern one submission (same messages), against the
    /// skeleton's indexes, which were built when the catalogs were loaded. `link` itself rebuilds
    /// every index and rescans the catalogs: profiled at ~40 % of the server's CPU per submission.
    static func links(_ set: CatalogSet, name: String) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func at(_ s: SourceRef, _ message: String) {
            out.append(Diagnostic(file: name, line: Int(s.line), column: Int(s.column), severity: .error, message: message))
        }
        func location(_ s: SourceRef) -> String { "\(name):\(s.line):\(s.column)" }
        for d in set.demands where d.sector == nil && set.clusterIndex[d.cluster] == nil {
            at(d.source, "demand '\(d.id)': cluster '\(d.cluster)' is not in the cluster catalog")
        }
        var roleFirst: [String: SourceRef] = [:]
        for r in set.roles {
            let key = "\(r.submission)/\(r.id)"
            if let f = roleFirst[key] {
                at(r.source, "duplicate role id in one submission '\(r.id)' (first defined at \(location(f)))")
            } else {
                roleFirst[key] = r.source
            }
            if let c = r.occupation, set.occupationIndex[c] == nil {
                at(r.source, "role '\(r.id)': occupation code '\(c)' is not in the occupation dictionary")
            }
        }
        var collegeFirst: [String: SourceRef] = [:]
        for c in set.colleges {
            if let f = collegeFirst[c.id] {
                at(c.source, "duplicate college id '\(c.id)' (first defined at \(location(f)))")
            } else {
                collegeFirst[c.id] = c.source
            }
        }
        var programFirst: [String: SourceRef] = [:]
        var majorFirst: [String: SourceRef] = [:]
        for p in set.programs {
            let college = set.colleges.indices.contains(Int(p.college)) ? set.colleges[Int(p.college)].id : "?"
            let natural = "\(college)/\(p.majorCode)"
            if p.id != natural {
                if let f = programFirst[p.id] {
                    at(p.source, "duplicate program id '\(p.id)' (first defined at \(location(f)))")
                } else {
                    programFirst[p.id] = p.source
                }
            }
            if let f = majorFirst[natural] {
                at(p.source, "duplicate major in one college (a college teaches a major once) '\(natural)' (first defined at \(location(f)))")
            } else {
                majorFirst[natural] = p.source
            }
            if set.majorIndex[p.majorCode] == nil {
                at(p.source, "program '\(p.id)': major code '\(p.majorCode)' is not in the major catalog")
            }
            for c in p.occupations where set.occupationIndex[c] == nil {
                at(p.source, "program '\(p.id)': occupation code '\(c)' is not in the occupation dictionary")
            }
        }
        out.sort { ($0.line, $0.column) < ($1.line, $1.column) }
        return out
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
