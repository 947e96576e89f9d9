import Dispatch
import Parallel

/// The checks that span files: duplicate ids and links between colleges, programs, demand and the
/// catalogs (`link`, and `linkSubmission` for one submission against loaded catalogs).
extension CatalogLoader {
    /// Resolves links and reports duplicates and dangling references.
    ///
    /// The checks fall into independent groups that only read the set; on a large set (over
    /// 50,000 programs and roles) the groups run concurrently, each into its own list, and the
    /// lists are joined in the groups' order, so the diagnostics are those of one pass.
    /// - Complexity: O(n) in the number of elements, with hashing.
    public static func link(_ set: inout CatalogSet) -> [Diagnostic] {
        link(&set, concurrentAbove: 50_000)
    }

    /// `link(_:)`, with the checks run concurrently when the set has more than `concurrentAbove`
    /// programs and roles (tests compare both ways).
    static func link(_ set: inout CatalogSet, concurrentAbove: Int) -> [Diagnostic] {
        set.addSectorClusters()
        set.rebuildIndexes()
        let snapshot = set
        let groups = LinkChecks.allCases
        let results = Slots<(diagnostics: [Diagnostic], majors: [Int32]?)>(count: groups.count)
        @Sendable func run(_ g: Int) { results.set(g, groups[g].run(on: snapshot)) }
        if set.programs.count + set.roles.count > concurrentAbove {
            DispatchQueue.concurrentPerform(iterations: groups.count, execute: run)
        } else {
            for g in groups.indices { run(g) }
        }
        var out: [Diagnostic] = []
        var majors: [Int32]?
        for g in groups.indices {
            let r = results.take(g)
            out += r.diagnostics
            if let m = r.majors { majors = (majors ?? []) + m }
        }
        // The snapshot shares the programs' storage: end it before writing, or the write copies.
        _ = consume snapshot
        if let majors {
            for (i, m) in majors.enumerated() where m >= 0 { set.programs[i].major = m }
        }
        out.sort { a, b in
            (a.file, a.line, a.column) < (b.file, b.line, b.column)
        }
        return out
    }
}

extension CatalogLoader {
    /// The checks of `link` that concern the colleges, programs and demand in `set` — duplicates
    /// among them, and their links to the catalogs — against the indexes `set` already has (built
    /// when its catalogs were loaded); the catalogs themselves are not checked again, nor their
    /// indexes rebuilt. The same code and messages as `link`, for a server that checks one
    /// submission parsed into a copy of loaded catalogs.
    /// - Complexity: O(elements of the submission), with hashing.
    public static func linkSubmission(_ set: CatalogSet) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for g in LinkChecks.allCases { out += g.run(on: set, catalogs: false).diagnostics }
        out.sort { a, b in (a.file, a.line, a.column) < (b.file, b.line, b.column) }
        return out
    }
}

/// The independent groups of `CatalogLoader.link`'s checks, in the order their diagnostics are
/// joined (the order of one sequential pass).
enum LinkChecks: Int, CaseIterable {
    case catalogDuplicates, programPairs, demandDuplicates, programLinksFirstHalf, programLinksSecondHalf, otherLinks

    /// Runs this group on `set`; the program links (in two halves of the programs, so that two
    /// cores share them) also return each program's major (-1 when its code is not in the catalog).
    /// Without `catalogs`, the majors, occupations and clusters are taken as already checked.
    func run(on set: CatalogSet, catalogs: Bool = true) -> (diagnostics: [Diagnostic], majors: [Int32]?) {
        var out: [Diagnostic] = []
        let kinds = Set(set.fileKinds.compactMap { $0 })
        func report(_ what: String, _ key: String, at source: SourceRef, first: SourceRef) {
            out.append(
                set.diagnostic(.error, at: source, "duplicate \(what) '\(key)' (first defined at \(set.location(first)))"))
        }
        func duplicates<T>(
            _ items: [T], key: (T) -> String, source: (T) -> SourceRef, what: String, where include: (T) -> Bool = { _ in true }
        ) {
            var first: [String: SourceRef] = [:]
            first.reserveCapacity(items.count)
            for item in items where include(item) {
                let k = key(item)
                // One hash per item: insert, and put the first one back on a duplicate (rare).
                if let f = first.updateValue(source(item), forKey: k) {
                    first[k] = f
                    report(what, k, at: source(item), first: f)
                }
            }
        }
        /// Duplicates of `owner/name` pairs among `count` items, keyed by (the owner's first index,
        /// name) rather than by the joined string; the same answers, as long as no owner id or name
        /// contains a `/` (then the joined strings are compared, as a `/` could make two different
        /// pairs join alike). Items are read by index, so that none is copied whole.
        func pairDuplicates(
            count: Int, ownerIDs: [String], owner: (Int) -> Int32, name: (Int) -> String, source: (Int) -> SourceRef,
            what: String
        ) {
            let slash = UInt8(ascii: "/")
            let plain =
                !ownerIDs.contains { $0.utf8.contains(slash) } && !(0..<count).contains { name($0).utf8.contains(slash) }
            guard plain else {
                duplicates(
                    Array(0..<count), key: { "\(ownerIDs[Int(owner($0))])/\(name($0))" }, source: source, what: what)
                return
            }
            // Owners with equal ids (duplicates, reported above) share the first one's index.
            var firstOwner: [String: Int32] = [:]
            var canonical: [Int32] = []
            canonical.reserveCapacity(ownerIDs.count)
            for (i, id) in ownerIDs.enumerated() {
                if let f = firstOwner[id] {
                    canonical.append(f)
                } else {
                    firstOwner[id] = Int32(i)
                    canonical.append(Int32(i))
                }
            }
            var first: [PairKey: SourceRef] = [:]
            first.reserveCapacity(count)
            for i in 0..<count {
                let o = owner(i)
                let k = PairKey(owner: canonical[Int(o)], name: name(i))
                if let f = first.updateValue(source(i), forKey: k) {
                    first[k] = f
                    report(what, "\(ownerIDs[Int(o)])/\(k.name)", at: source(i), first: f)
                }
            }
        }
        let haveMajors = !set.majors.isEmpty || kinds.contains(.majors)
        let haveOccupations = !set.occupations.isEmpty || kinds.contains(.occupations)
        let haveClusters = !set.clusters.isEmpty || kinds.contains(.clusters)
        switch self {
        case .catalogDuplicates:
            if catalogs {
                duplicates(set.majors, key: \.code, source: \.source, what: "major code")
                duplicates(set.occupations, key: \.code, source: \.source, what: "occupation code")
                duplicates(set.clusters, key: \.id, source: \.source, what: "cluster id")
            }
            duplicates(set.colleges, key: \.id, source: \.source, what: "college id")
            let collegeIDs = set.colleges.map(\.id)
            duplicates(
                Array(set.programs.indices), key: { set.programs[$0].id }, source: { set.programs[$0].source },
                what: "program id",
                where: {
                    !isJoined(set.programs[$0].id, collegeIDs[Int(set.programs[$0].college)], set.programs[$0].majorCode)
                })
        case .programPairs:
            pairDuplicates(
                count: set.programs.count, ownerIDs: set.colleges.map(\.id), owner: { set.programs[$0].college },
                name: { set.programs[$0].majorCode }, source: { set.programs[$0].source },
                what: "major in one college (a college teaches a major once)")
        case .demandDuplicates:
            duplicates(set.demands, key: \.id, source: \.source, what: "demand submission id")
            pairDuplicates(
                count: set.roles.count, ownerIDs: set.demands.map(\.id), owner: { set.roles[$0].submission },
                name: { set.roles[$0].id }, source: { set.roles[$0].source }, what: "role id in one submission")
        case .programLinksFirstHalf, .programLinksSecondHalf:
            let half = set.programs.count / 2
            let range = self == .programLinksFirstHalf ? 0..<half : half..<set.programs.count
            var majors = [Int32](repeating: -1, count: range.count)
            for i in range {
                let program = set.programs[i]
                let code = program.majorCode
                if let m = set.majorIndex[code] {
                    majors[i - range.lowerBound] = m
                } else if haveMajors {
                    out.append(
                        set.diagnostic(
                            .error, at: program.source,
                            "program '\(program.id)': major code '\(code)' is not in the major catalog"))
                }
                if haveOccupations {
                    for c in program.occupations where set.occupationIndex[c] == nil {
                        out.append(
                            set.diagnostic(
                                .error, at: program.source,
                                "program '\(program.id)': occupation code '\(c)' is not in the occupation dictionary"))
                    }
                }
            }
            return (out, majors)
        case .otherLinks:
            if haveOccupations {
                for r in set.roles {
                    if let c = r.occupation, set.occupationIndex[c] == nil {
                        out.append(
                            set.diagnostic(
                                .error, at: r.source, "role '\(r.id)': occupation code '\(c)' is not in the occupation dictionary"))
                    }
                }
                // The catalogs' own links: checked once when they are loaded, not per submission.
                if catalogs {
                    for m in set.majors {
                        for c in m.occupations where set.occupationIndex[c] == nil {
                            out.append(
                                set.diagnostic(
                                    .error, at: m.source, "major '\(m.code)': occupation code '\(c)' is not in the occupation dictionary"))
                        }
                    }
                    for c in set.clusters {
                        for o in c.occupations where set.occupationIndex[o] == nil {
                            out.append(
                                set.diagnostic(
                                    .error, at: c.source, "cluster '\(c.id)': occupation code '\(o)' is not in the occupation dictionary"))
                        }
                    }
                }
            }
            if haveClusters {
                // `link` has added a sector demand's cluster (`addSectorClusters`); a submission's
                // sector demand names a standard sector, not a catalog cluster.
                for d in set.demands where d.sector == nil && set.clusterIndex[d.cluster] == nil {
                    out.append(
                        set.diagnostic(
                            .error, at: d.source, "demand '\(d.id)': cluster '\(d.cluster)' is not in the cluster catalog"))
                }
                if catalogs {
                    for c in set.clusters {
                        if let p = c.parent, set.clusterIndex[p] == nil {
                            out.append(set.diagnostic(.error, at: c.source, "cluster '\(c.id)': parent '\(p)' is not a cluster"))
                        }
                    }
                }
            }
        }
        return (out, nil)
    }
}

/// An `owner/name` pair for the duplicate checks of `CatalogLoader.link`.
private struct PairKey: Hashable {
    var owner: Int32
    var name: String
}

/// Whether `id == "\(owner)/\(name)"` (String equality, which is canonical equivalence) without
/// building the joined string: the bytes are compared, and where they first differ, two ASCII
/// bytes (each a whole scalar that nothing composes with or reorders around) settle it; only a
/// difference at a non-ASCII byte falls back to comparing strings.
private func isJoined(_ id: String, _ owner: String, _ name: String) -> Bool {
    var ids = id.utf8.makeIterator()
    /// The answer at the first difference: `a` from `id`, `b` from the joined string (nil: ended).
    func differ(_ a: UInt8?, _ b: UInt8?) -> Bool {
        if (a ?? 0) < 0x80 && (b ?? 0) < 0x80 { return false }
        return id == "\(owner)/\(name)"
    }
    for b in owner.utf8 {
        guard let a = ids.next() else { return differ(nil, b) }
        if a != b { return differ(a, b) }
    }
    guard let a = ids.next() else { return differ(nil, UInt8(ascii: "/")) }
    if a != UInt8(ascii: "/") { return differ(a, UInt8(ascii: "/")) }
    for b in name.utf8 {
        guard let a = ids.next() else { return differ(nil, b) }
        if a != b { return differ(a, b) }
    }
    if let a = ids.next() { return differ(a, nil) }
    return true
}
