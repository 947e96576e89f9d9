/// Everything read from a set of input files: catalogs, colleges, demand and policies, in flat
/// arrays indexed by integer ids, with the cross-file links resolved.
public struct CatalogSet: Sendable {
    /// The files read, as the user named them; `SourceRef.file` indexes this.
    public var files: [String] = []
    /// The kind of each file in `files`.
    public var fileKinds: [DocumentKind?] = []
    /// Whether each file says its figures are illustrative.
    public var fileIllustrative: [Bool] = []
    /// Interned terms.
    public var terms = TermTable()
    /// Majors, in file order.
    public var majors: [Major] = []
    /// Occupations, in file order.
    public var occupations: [Occupation] = []
    /// Clusters, in file order.
    public var clusters: [Cluster] = []
    /// Colleges, in file order.
    public var colleges: [College] = []
    /// Programs, in file order; each college's programs are contiguous.
    public var programs: [Program] = []
    /// Demand submissions, in file order.
    public var demands: [DemandSubmission] = []
    /// Roles, in file order; each submission's roles are contiguous.
    public var roles: [Role] = []
    /// Policies, in file order.
    public var policies: [Policy] = []

    /// Major code → index in `majors`.
    public private(set) var majorIndex: [String: Int32] = [:]
    /// Occupation code → index in `occupations`.
    public private(set) var occupationIndex: [String: Int32] = [:]
    /// Cluster id → index in `clusters`.
    public private(set) var clusterIndex: [String: Int32] = [:]
    /// College id → index in `colleges`.
    public private(set) var collegeIndex: [String: Int32] = [:]

    /// An empty set.
    public init() {}

    /// Rebuilds the code → index maps; the first definition of a duplicate wins.
    mutating func rebuildIndexes() {
        majorIndex = [:]
        occupationIndex = [:]
        clusterIndex = [:]
        collegeIndex = [:]
        for (i, m) in majors.enumerated() where majorIndex[m.code] == nil { majorIndex[m.code] = Int32(i) }
        for (i, o) in occupations.enumerated() where occupationIndex[o.code] == nil {
            occupationIndex[o.code] = Int32(i)
        }
        for (i, c) in clusters.enumerated() where clusterIndex[c.id] == nil { clusterIndex[c.id] = Int32(i) }
        for (i, c) in colleges.enumerated() where collegeIndex[c.id] == nil { collegeIndex[c.id] = Int32(i) }
    }

    /// The policy the plan uses: the last one given, else the built-in defaults.
    public var policy: Policy { policies.last ?? Policy() }

    /// The roles of a submission.
    public func roles(of submission: Int) -> ArraySlice<Role> { roles[demands[submission].roles] }

    /// The effective occupation links of a program (its own, replacing or extending its major's).
    public func occupations(ofProgram p: Program) -> [String] {
        if p.replacesOccupations { return p.occupations }
        guard p.major >= 0 else { return p.occupations }
        let base = majors[Int(p.major)].occupations
        return p.occupations.isEmpty ? base : base + p.occupations.filter { !base.contains($0) }
    }

    /// A display location `file:line:col` for a source reference.
    public func location(_ s: SourceRef) -> String {
        "\(files.indices.contains(Int(s.file)) ? files[Int(s.file)] : "?"):\(s.line):\(s.column)"
    }

    /// Makes a diagnostic at a source reference.
    func diagnostic(_ severity: Severity, at s: SourceRef, _ message: String) -> Diagnostic {
        Diagnostic(
            file: files.indices.contains(Int(s.file)) ? files[Int(s.file)] : "?", line: Int(s.line),
            column: Int(s.column), severity: severity, message: message)
    }
}
