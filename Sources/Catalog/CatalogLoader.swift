import Foundation
import Parallel

/// Reads files and directories of Chanjiao XML into one `CatalogSet`, validating each file
/// against its schema and then checking what a schema cannot: duplicate ids and links between files.
public struct CatalogLoader: Sendable {
    /// Limits and switches.
    public var options: IngestOptions
    /// Catalogs (majors, occupations, clusters) to check links against when the inputs hold none.
    public var referenceDirectory: String?

    /// Creates a loader.
    public init(options: IngestOptions = IngestOptions(), referenceDirectory: String? = nil) {
        self.options = options
        self.referenceDirectory = referenceDirectory
    }

    /// The result of loading: the model and every diagnostic, in file order.
    public struct Result: Sendable {
        /// What was read.
        public var set: CatalogSet
        /// Errors and warnings.
        public var diagnostics: [Diagnostic]
        /// Whether any diagnostic is an error.
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// Expands directories into their `*.xml` files (recursively, sorted) and keeps files as given.
    public static func expand(_ paths: [String]) -> (files: [String], diagnostics: [Diagnostic]) {
        var files: [String] = []
        var diagnostics: [Diagnostic] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.append(
                    Diagnostic(file: path, line: 0, column: 0, severity: .error, message: "no such file or directory"))
                continue
            }
            if isDirectory.boolValue {
                var found: [String] = []
                if let e = fm.enumerator(atPath: path) {
                    while let rel = e.nextObject() as? String {
                        if rel.hasSuffix(".xml") || rel.hasSuffix(".XML") {
                            let full = (path as NSString).appendingPathComponent(rel)
                            var d: ObjCBool = false
                            if fm.fileExists(atPath: full, isDirectory: &d), !d.boolValue { found.append(full) }
                        }
                    }
                }
                files.append(contentsOf: found.sorted())
            } else {
                files.append(path)
            }
        }
        return (files, diagnostics)
    }

    /// Parses one file into `set`, returning its diagnostics and kind.
    static func parse(
        file: String, into set: inout CatalogSet, options: IngestOptions, expecting: DocumentKind? = nil
    ) -> (DocumentKind?, [Diagnostic]) {
        parse(name: file, into: &set, options: options) { parser, makeHandler in
            parser.parseFile(path: file, expecting: expecting, makeHandler: makeHandler)
        }
    }

    /// Parses an in-memory document (for example an HTTP body) into `set`.
    public static func parse(
        bytes: UnsafeRawBufferPointer, name: String, into set: inout CatalogSet, options: IngestOptions,
        expecting: DocumentKind? = nil
    ) -> (DocumentKind?, [Diagnostic]) {
        parse(name: name, into: &set, options: options) { parser, makeHandler in
            parser.parseMemory(bytes, expecting: expecting, makeHandler: makeHandler)
        }
    }

    /// Runs one parse into `set`: registers the file, moves the set into the document handler
    /// (not a copy: a second reference would make the first append to each of its arrays copy the
    /// whole array, once per file), and takes it back with the file's kind and illustrative flag.
    private static func parse(
        name: String, into set: inout CatalogSet, options: IngestOptions,
        run: (XMLStreamParser, (DocumentKind) -> XMLContentHandler) -> DocumentKind?
    ) -> (DocumentKind?, [Diagnostic]) {
        let fileIndex = Int32(set.files.count)
        set.files.append(name)
        let parser = XMLStreamParser(file: name, options: options)
        var handler: DocumentHandler?
        var moved: CatalogSet? = set
        set = CatalogSet()
        let kind = run(parser) { kind in
            let h = DocumentHandler(kind: kind, fileIndex: fileIndex, set: moved.take()!)
            handler = h
            return h
        }
        if let handler {
            set = handler.takeSet()
        } else if let moved {
            set = moved
        }
        set.fileKinds.append(kind)
        set.fileIllustrative.append(handler?.illustrative ?? false)
        return (kind, parser.sink.finish())
    }

    /// Parses each file into a set of its own, on all cores (large colleges files in slices, see
    /// `ChunkedIngest`), then hands the results to `consume` in file order, each released after
    /// its call. Appending them in order gives the set that parsing the files one after another
    /// into one set gives (`CatalogSet.append`), so the output does not depend on the threads.
    /// A file named in `documents` is parsed from those bytes, under its own name.
    static func parseEach(
        _ files: [String], options: IngestOptions, documents: [String: [UInt8]] = [:],
        consume: (CatalogSet, [Diagnostic]) -> Void
    ) {
        LibXML.prepareThread()
        let results = Slots<(CatalogSet, [Diagnostic])>(count: files.count)
        @Sendable func onePass(_ i: Int) {
            var set = CatalogSet()
            let d: [Diagnostic]
            if let bytes = documents[files[i]] {
                d = bytes.withUnsafeBytes { Self.parse(bytes: $0, name: files[i], into: &set, options: options).1 }
            } else {
                d = Self.parse(file: files[i], into: &set, options: options).1
            }
            results.set(i, (set, d))
        }
        // Large colleges files first, one at a time, each in slices on all cores: inside the
        // files' own concurrentPerform, libdispatch would run a file's slices on one worker.
        // The other files cannot be cut (`isCandidate` said so), so they go straight to one pass.
        let large = files.indices.filter {
            documents[files[$0]] == nil && ChunkedIngest.isCandidate(files[$0], maxBytes: options.maxBytes)
        }
        for i in large {
            if let chunked = ChunkedIngest.parse(file: files[i], options: options) {
                results.set(i, chunked)
            } else {
                onePass(i)
            }
        }
        let others = files.indices.filter { !large.contains($0) }
        DispatchQueue.concurrentPerform(iterations: others.count) { onePass(others[$0]) }
        for i in files.indices {
            let (set, d) = results.take(i)
            consume(set, d)
        }
    }

    /// Loads every file under `paths`, then links and checks them.
    ///
    /// When the inputs hold no major, occupation or cluster catalog, the one in
    /// `referenceDirectory` (if any) is read so that links can still be checked. A file named in
    /// `documents` is read from those bytes instead of from the disk, under its own name (an .xlsx
    /// workbook converted in memory: its diagnostics name the workbook, at lines of the bytes).
    public func load(_ paths: [String], documents: [String: [UInt8]] = [:]) -> Result {
        let (files, missing) = Self.expand(paths)
        var set = CatalogSet()
        var diagnostics = missing
        let references = referenceCatalogs()
        // The reference catalogs that the inputs seem to lack (by their root start tags) are parsed
        // on a thread of their own meanwhile: their parse fills the serial stretches of a large
        // file's ingest (reading it, joining its slices). What the inputs hold is known for sure
        // only once they are parsed, so a kind guessed wrong is parsed afterwards, as before.
        let sniffed = references.isEmpty ? [] : Self.sniffKinds(files, lookingFor: Set(references.map(\.kind)), documents: documents)
        let early = references.filter { !sniffed.contains($0.kind) }
        let earlyResults = Slots<(CatalogSet, [Diagnostic])>(count: early.count)
        let earlyDone = DispatchSemaphore(value: 0)
        var trusted = options
        trusted.validate = false
        if !early.isEmpty {
            let options = trusted
            Thread.detachNewThread {
                LibXML.prepareThread()
                for (i, r) in early.enumerated() {
                    var one = CatalogSet()
                    let (_, d) = Self.parse(file: r.path, into: &one, options: options, expecting: r.kind)
                    earlyResults.set(i, (one, d))
                }
                earlyDone.signal()
            }
        }
        Self.parseEach(files, options: options, documents: documents) { fileSet, d in
            set.append(fileSet)
            diagnostics += d
        }
        if !early.isEmpty { earlyDone.wait() }
        let have = Set(set.fileKinds.compactMap { $0 })
        for r in references where !have.contains(r.kind) {
            if let i = early.firstIndex(where: { $0.kind == r.kind }) {
                let (one, d) = earlyResults.take(i)
                set.append(one)
                diagnostics += d
            } else {
                let (_, d) = Self.parse(file: r.path, into: &set, options: trusted, expecting: r.kind)
                diagnostics += d
            }
        }
        // Problems inside the reference catalogs themselves (say, a cluster pointing at an occupation
        // that a partial occupation file given by the user lacks) are not the inputs' problems.
        let userFiles = Set(set.files.prefix(files.count))
        diagnostics += Self.link(&set).filter { userFiles.contains($0.file) }
        return Result(set: set, diagnostics: diagnostics)
    }

    /// The reference catalogs present in `referenceDirectory`, in the order they are read.
    func referenceCatalogs() -> [(kind: DocumentKind, path: String)] {
        guard let referenceDirectory else { return [] }
        return [(DocumentKind.majors, "majors.xml"), (.occupations, "occupations.xml"), (.clusters, "clusters.xml")]
            .map { ($0.0, (referenceDirectory as NSString).appendingPathComponent($0.1)) }
            .filter { FileManager.default.fileExists(atPath: $0.1) }
    }

    /// The kinds that `files` appear to hold, from the root start tag in each file's first 4 KiB;
    /// it stops reading once every kind in `wanted` is found. A guess only: a file may still fail
    /// to parse. A file named in `documents` is sniffed from those bytes.
    static func sniffKinds(
        _ files: [String], lookingFor wanted: Set<DocumentKind> = Set(DocumentKind.allCases),
        documents: [String: [UInt8]] = [:]
    ) -> Set<DocumentKind> {
        var kinds = Set<DocumentKind>()
        var head = [UInt8](repeating: 0, count: 4096)
        for file in files where !wanted.isSubset(of: kinds) {
            let n: Int
            if let bytes = documents[file] {
                n = min(bytes.count, head.count)
                head.replaceSubrange(0..<n, with: bytes[0..<n])
            } else {
                guard let f = fopen(file, "rb") else { continue }
                n = fread(&head, 1, head.count, f)
                fclose(f)
            }
            let sniff = head.withUnsafeBytes { RootSniffer.sniff(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            if case .root(let local, let namespace, _, _) = sniff,
                let kind = DocumentKind.matching(namespace: namespace, root: local)
            {
                kinds.insert(kind)
            }
        }
        return kinds
    }

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
private enum LinkChecks: Int, CaseIterable {
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

extension CatalogLoader {
    /// Finds the shipped `Catalogs` folder: `$CHANJIAO_CATALOGS`, else the nearest `Catalogs/` with a
    /// `majors.xml` above the current directory or above the executable.
    public static func defaultReferenceDirectory(executable: String = CommandLine.arguments.first ?? "") -> String? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["CHANJIAO_CATALOGS"], !env.isEmpty { return env }
        var starts = [fm.currentDirectoryPath]
        let exe = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent().path
        starts.append(exe)
        for start in starts {
            var dir = URL(fileURLWithPath: start)
            for _ in 0..<8 {
                let candidate = dir.appendingPathComponent("Catalogs")
                if fm.fileExists(atPath: candidate.appendingPathComponent("majors.xml").path) { return candidate.path }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        return nil
    }
}
