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

    /// Whether the set holds no records but colleges and programs (what a colleges file gives).
    var holdsOnlyCollegesAndPrograms: Bool {
        majors.isEmpty && occupations.isEmpty && clusters.isEmpty && demands.isEmpty && roles.isEmpty
            && policies.isEmpty
    }

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

    /// Appends the files and records of `other`, read on its own, after this set's: the result is
    /// the set that parsing `other`'s files after this set's into one set gives, term ids included
    /// (`other`'s new terms are interned in their order there, which is their order of first use).
    /// Cross-file links are not resolved: `CatalogLoader.link` runs on the whole set afterwards.
    mutating func append(_ other: CatalogSet) {
        if files.isEmpty && terms.count == 0 && majors.isEmpty && occupations.isEmpty && clusters.isEmpty
            && colleges.isEmpty && programs.isEmpty && demands.isEmpty && roles.isEmpty && policies.isEmpty
        {
            self = other  // the same set, without copying every record
            return
        }
        let fileOffset = Int32(files.count)
        files += other.files
        fileKinds += other.fileKinds
        fileIllustrative += other.fileIllustrative
        absorbRecords(of: other, fileOffset: fileOffset, lineShift: 0)
    }

    /// Appends the records (not the files) of `other`, with their file indices moved by
    /// `fileOffset` and their lines by `lineShift`; `ChunkedIngest` joins the slices of one file
    /// with it.
    mutating func absorbRecords(of other: CatalogSet, fileOffset: Int32, lineShift: Int32) {
        let shift = RecordShift(
            fileOffset: fileOffset, lineShift: lineShift, collegeOffset: Int32(colleges.count),
            termMap: terms.ids(interning: other.terms))
        func term(_ t: Int32) -> Int32 { shift.term(t) }
        func source(_ s: SourceRef) -> SourceRef { shift.source(s) }
        let demandOffset = Int32(demands.count)
        let roleOffset = roles.count

        for var m in other.majors {
            for k in m.terms.indices { m.terms[k].term = term(m.terms[k].term) }
            m.source = source(m.source)
            majors.append(m)
        }
        for var o in other.occupations {
            for k in o.terms.indices { o.terms[k] = term(o.terms[k]) }
            o.source = source(o.source)
            occupations.append(o)
        }
        for var c in other.clusters {
            for k in c.terms.indices { c.terms[k] = term(c.terms[k]) }
            c.source = source(c.source)
            clusters.append(c)
        }
        for c in other.colleges { colleges.append(shift.moved(c)) }
        for p in other.programs { programs.append(shift.moved(p)) }
        for var d in other.demands {
            d.roles = (d.roles.lowerBound + roleOffset)..<(d.roles.upperBound + roleOffset)
            d.source = source(d.source)
            demands.append(d)
        }
        for var r in other.roles {
            r.submission += demandOffset
            for k in r.skills.indices { r.skills[k].term = term(r.skills[k].term) }
            r.source = source(r.source)
            roles.append(r)
        }
        for var p in other.policies {
            p.source = p.source.map(source)
            policies.append(p)
        }
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

/// How a record of one set is moved when it is appended to another (`CatalogSet.absorbRecords`,
/// and the parallel join of `ChunkedIngest`): its file index and line shifted, its college index
/// moved past the colleges already there, its term ids mapped into the other table.
struct RecordShift: Sendable {
    var fileOffset: Int32
    var lineShift: Int32
    var collegeOffset: Int32
    /// New id of each term id; nil when every id stays.
    var termMap: [Int32]?

    func term(_ t: Int32) -> Int32 { termMap.map { $0[Int(t)] } ?? t }

    func source(_ s: SourceRef) -> SourceRef {
        SourceRef(file: s.file + fileOffset, line: s.line + lineShift, column: s.column)
    }

    func moved(_ college: College) -> College {
        var c = college
        c.source = source(c.source)
        return c
    }

    func moved(_ program: Program) -> Program {
        var p = program
        p.college += collegeOffset
        if let termMap { for k in p.terms.indices { p.terms[k] = termMap[Int(p.terms[k])] } }
        p.source = source(p.source)
        return p
    }
}
