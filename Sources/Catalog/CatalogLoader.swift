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
