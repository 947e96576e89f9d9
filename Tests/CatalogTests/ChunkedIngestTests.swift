import Foundation
import TestSupport
import Testing

@testable import Catalog

/// `ChunkedIngest` parses a large colleges file in slices on several threads, and
/// `CatalogLoader.load` parses files in parallel and appends their sets: both must give exactly
/// what one sequential pass gives (records, term ids, source positions, diagnostics), and a file
/// whose cuts are not real (inside a comment, deeper than the root's children) or that has errors
/// must come back to the one-pass parse.
@Suite("Parallel ingest")
struct ChunkedIngestTests {
    /// The one-pass parse of `path` into a fresh set.
    static func sequential(_ path: String, validate: Bool) -> (CatalogSet, [Diagnostic]) {
        var set = CatalogSet()
        let (_, d) = CatalogLoader.parse(file: path, into: &set, options: IngestOptions(validate: validate))
        return (set, d)
    }

    /// The sliced parse of `path`, with every slice as small as `sliceBytes` allows, or nil.
    static func sliced(_ path: String, validate: Bool, sliceBytes: Int) -> (set: CatalogSet, diagnostics: [Diagnostic])? {
        ChunkedIngest.parse(file: path, options: IngestOptions(validate: validate), minimumBytes: 0, sliceBytes: sliceBytes)
    }

    /// The sliced parse of `path` exists and equals the one-pass parse, validated and trusted.
    static func expectSlicedEqualsOnePass(
        _ path: String, sliceBytes: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        for validate in [true, false] {
            let (set, diagnostics) = sequential(path, validate: validate)
            let chunked = try #require(sliced(path, validate: validate, sliceBytes: sliceBytes), sourceLocation: sourceLocation)
            expectSame(chunked.set, set, sourceLocation: sourceLocation)
            #expect(chunked.diagnostics == diagnostics, sourceLocation: sourceLocation)
        }
    }

    /// The first index where two record arrays differ, or nil. Records are compared by their
    /// description: absent shares are NaN, which `==` never finds equal to itself.
    static func firstDifference<T>(_ a: [T], _ b: [T]) -> Int? {
        for i in 0..<min(a.count, b.count) where String(describing: a[i]) != String(describing: b[i]) { return i }
        return a.count == b.count ? nil : min(a.count, b.count)
    }

    /// Every record and term of two sets, compared field by field.
    static func expectSame(_ a: CatalogSet, _ b: CatalogSet, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.files == b.files, sourceLocation: sourceLocation)
        #expect(a.fileKinds == b.fileKinds, sourceLocation: sourceLocation)
        #expect(a.fileIllustrative == b.fileIllustrative, sourceLocation: sourceLocation)
        #expect(a.terms.strings == b.terms.strings, sourceLocation: sourceLocation)
        #expect(firstDifference(a.majors, b.majors) == nil, sourceLocation: sourceLocation)
        #expect(firstDifference(a.occupations, b.occupations) == nil, sourceLocation: sourceLocation)
        #expect(firstDifference(a.clusters, b.clusters) == nil, sourceLocation: sourceLocation)
        #expect(firstDifference(a.colleges, b.colleges) == nil, sourceLocation: sourceLocation)
        #expect(firstDifference(a.programs, b.programs) == nil, sourceLocation: sourceLocation)
        #expect(firstDifference(a.demands, b.demands) == nil, sourceLocation: sourceLocation)
        #expect(firstDifference(a.roles, b.roles) == nil, sourceLocation: sourceLocation)
        #expect(firstDifference(a.policies, b.policies) == nil, sourceLocation: sourceLocation)
    }

    /// A colleges document with `colleges` colleges, written with the quirks that a cut must
    /// survive: a prolog comment, multi-line start tags, CDATA and character references in terms,
    /// Chinese names, CRLF line ends (when asked), comments between colleges, and programs with
    /// warnings (graduates far above enrolment).
    static func document(colleges: Int, seed: UInt64, crlf: Bool = false, trap: String = "") -> String {
        var random = SeededRandom(seed: seed)
        // Non-negative draws.
        func next() -> Int { Int(random.next() >> 1) }
        let nl = crlf ? "\r\n" : "\n"
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\(nl)<!-- illustrative: made up for a test -->\(nl)"
        out += "<colleges xmlns=\"urn:chanjiao:colleges:1\"\(nl)    year=\"2026\" illustrative=\"true\">\(nl)"
        for c in 0..<colleges {
            if c % 7 == 3 { out += "  <!-- 第\(c)组 -->\(nl)" }
            if c == colleges / 2 { out += trap }
            out += "  <college id=\"C\(c)\" name=\"示例第\(c)职业技术学院\"\(nl)      district=\"区\(c % 5)\" type=\"higher\">\(nl)"
            for p in 0..<(1 + next() % 4) {
                let enrolment = 20 + next() % 200
                let graduates = p == 2 && c % 5 == 0 ? enrolment * 3 : enrolment * 9 / 10
                out += "    <program major=\"\(460101 + Int(next() % 40))\" enrolment=\"\(enrolment)\" graduates=\"\(graduates)\""
                out += " employmentRate=\"0.\(next() % 1000)\" capacity=\"\(enrolment + 10)\">\(nl)"
                if next() % 3 == 0 { out += "      <occupation code=\"6-18-01-0\(next() % 9 + 1)\"/>\(nl)" }
                for t in 0..<(next() % 4) {
                    switch (c + t) % 4 {
                    case 0: out += "      <term>数控编程\(next() % 50)</term>\(nl)"
                    case 1: out += "      <term><![CDATA[PLC & 控制]]></term>\(nl)"
                    case 2: out += "      <term>CAD&#x5236;\(next() % 9)</term>\(nl)"
                    default: out += "      <term>机器人 \(t)</term>\(nl)"
                    }
                }
                out += "      <year year=\"2025\" enrolment=\"\(enrolment)\" graduates=\"\(graduates)\"/>\(nl)"
                out += "    </program>\(nl)"
            }
            out += "  </college>\(nl)"
        }
        out += "</colleges>\(nl)"
        return out
    }

    static func write(_ text: String, name: String) throws -> String {
        try TemporaryFiles.directory("chanjiao-chunked", [(name, text)]).appendingPathComponent(name).path
    }

    @Test(
        "slices give the one-pass result",
        arguments: [(UInt64(1), false, 1_000), (2, true, 1_000), (3, false, 200), (4, false, 5_000)])
    func slicesEqualOnePass(seed: UInt64, crlf: Bool, sliceBytes: Int) throws {
        let path = try Self.write(Self.document(colleges: 240, seed: seed, crlf: crlf), name: "colleges.xml")
        for validate in [true, false] {
            let (set, diagnostics) = Self.sequential(path, validate: validate)
            #expect(!set.programs.isEmpty)
            #expect(diagnostics.contains { $0.severity == .warning }, "the document should carry warnings")
            #expect(!diagnostics.contains { $0.severity == .error }, "\(diagnostics.prefix(3))")
        }
        try Self.expectSlicedEqualsOnePass(path, sliceBytes: sliceBytes)
    }

    @Test("a cut candidate inside a comment, or deeper than the root's children, falls back or is exact")
    func trapsFallBackOrAgree() throws {
        let traps = [
            // A whole college inside a comment: the slice before a cut there ends inside the comment.
            "  <!--\n  <college id=\"X\" name=\"n\" district=\"d\" type=\"higher\">\n  </college>\n  -->\n",
            // Inside a CDATA section of a term.
            "  <college id=\"T\" name=\"t\" district=\"d\" type=\"higher\"><program major=\"460101\" enrolment=\"1\" graduates=\"1\" employmentRate=\"0.5\" capacity=\"2\"><term><![CDATA[\n<college x\n]]></term></program></college>\n",
        ]
        for trap in traps {
            let path = try Self.write(Self.document(colleges: 60, seed: 9, trap: trap), name: "colleges.xml")
            for validate in [true, false] {
                let (set, diagnostics) = Self.sequential(path, validate: validate)
                #expect(!diagnostics.contains { $0.severity == .error }, "\(diagnostics.prefix(3))")
                // Cut everywhere possible: every candidate line becomes a cut.
                if let chunked = Self.sliced(path, validate: validate, sliceBytes: 1) {
                    Self.expectSame(chunked.set, set)
                    #expect(chunked.diagnostics == diagnostics)
                }
            }
        }
    }

    @Test("a cut inside a comment is refused: the slice before it is ill-formed")
    func cutInsideCommentIsRefused() throws {
        // The only candidate line is inside a comment.
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <colleges xmlns="urn:chanjiao:colleges:1">
              <college id="A" name="a" district="d" type="higher"/>
              <!--
              <college id="B" name="b" district="d" type="higher"/>
              -->
            </colleges>

            """
        let path = try Self.write(text, name: "colleges.xml")
        let bytes = Array(text.utf8)
        let cuts = bytes.withUnsafeBytes { b in ChunkedIngest.cuts(b, after: ChunkedIngest.rootStartTagEnd(b)!, slices: 8) }
        #expect(!cuts.isEmpty, "the comment's line is a candidate")
        for validate in [true, false] {
            #expect(Self.sliced(path, validate: validate, sliceBytes: 1) == nil)
        }
    }

    @Test("an error in any slice sends the file back to the one-pass parse")
    func errorsFallBack() throws {
        var text = Self.document(colleges: 120, seed: 5)
        // A program with a bad major code in the middle of the file (an XSD error), and one after it
        // that is not well-formed in trusted mode either.
        let mark = "<college id=\"C60\""
        let r = try #require(text.range(of: mark))
        text.insert(
            contentsOf:
                "<college id=\"BAD\" name=\"n\" district=\"d\" type=\"higher\"><program major=\"12\" enrolment=\"x\" graduates=\"1\" employmentRate=\"0.5\" capacity=\"2\"/></college>\n  ",
            at: r.lowerBound)
        let path = try Self.write(text, name: "colleges.xml")
        #expect(Self.sliced(path, validate: true, sliceBytes: 500) == nil)
        let broken = try Self.write(
            text.replacingOccurrences(of: "<college id=\"C90\"", with: "<college id=\"C90\"<"), name: "colleges.xml")
        for validate in [true, false] {
            #expect(Self.sliced(broken, validate: validate, sliceBytes: 500) == nil)
        }
    }

    @Test("the shipped Chongqing colleges file, cut into many slices")
    func shippedColleges() throws {
        let path = Paths.root.appendingPathComponent("Catalogs/chongqing/colleges-chongqing.xml").path
        try Self.expectSlicedEqualsOnePass(path, sliceBytes: 20_000)
    }

    @Test("a large file is read a range at a time, byte for byte, and a change to it is seen")
    func fileBytes() throws {
        let path = Paths.root.appendingPathComponent("Catalogs/chongqing/colleges-chongqing.xml").path
        let want = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let file = try #require(FileBytes(path: path, minimumBytes: 0, maxBytes: 1 << 30))
        #expect(file.count == want.count)
        #expect(file.read(0..<want.count) == want)
        #expect(file.read(1_000..<5_000) == Array(want[1_000..<5_000]))
        #expect(file.read(want.count - 10..<want.count + 1) == nil, "past the end")
        #expect(file.unchanged)
        // Outside the size bounds: no file (the one-pass parse then reads and reports).
        #expect(FileBytes(path: path, minimumBytes: want.count + 1, maxBytes: 1 << 30) == nil)
        #expect(FileBytes(path: path, minimumBytes: 0, maxBytes: want.count - 1) == nil)
        // A copy that changes size while open is no longer unchanged.
        let copy = try Self.write(String(decoding: want, as: UTF8.self), name: "colleges.xml")
        let opened = try #require(FileBytes(path: copy, minimumBytes: 0, maxBytes: 1 << 30))
        let handle = try #require(FileHandle(forWritingAtPath: copy))
        try handle.truncate(atOffset: UInt64(want.count / 2))
        try handle.close()
        #expect(!opened.unchanged)
        #expect(opened.read(0..<want.count) == nil)
    }

    @Test("cuts found through small overlapping windows equal those found in memory")
    func windowedCuts() throws {
        let text = Self.document(colleges: 400, seed: 9)
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBytes { b in
            let start = try #require(ChunkedIngest.rootStartTagEnd(b))
            let whole = ChunkedIngest.cuts(b, after: start, slices: 16, window: b.count)
            #expect(whole.count == 15)
            for window in [512, 700, 4_096] {
                #expect(ChunkedIngest.cuts(b, after: start, slices: 16, window: window) == whole, "window \(window)")
            }
        }
    }

    @Test("loading files in parallel equals parsing them one after another into one set")
    func parallelLoadEqualsSequential() throws {
        let root = Paths.root.appendingPathComponent("Catalogs")
        let (files, _) = CatalogLoader.expand([root.path])
        #expect(files.count > 5)
        var sequential = CatalogSet()
        var sequentialDiagnostics: [Diagnostic] = []
        for file in files {
            let (_, d) = CatalogLoader.parse(file: file, into: &sequential, options: IngestOptions())
            sequentialDiagnostics += d
        }
        var parallel = CatalogSet()
        var parallelDiagnostics: [Diagnostic] = []
        CatalogLoader.parseEach(files, options: IngestOptions()) { set, d in
            parallel.append(set)
            parallelDiagnostics += d
        }
        Self.expectSame(parallel, sequential)
        #expect(parallelDiagnostics == sequentialDiagnostics)
    }

    @Test("a large colleges file among small files: sliced first, then the rest; the one-pass result")
    func largeAmongSmall() throws {
        let text = Self.document(colleges: 12_000, seed: 11)
        #expect(text.utf8.count >= ChunkedIngest.minimumBytes, "\(text.utf8.count) bytes")
        let big = try Self.write(text, name: "colleges-big.xml")
        #expect(ChunkedIngest.isCandidate(big, maxBytes: IngestOptions().maxBytes))
        let shipped = Paths.root.appendingPathComponent("Catalogs")
        let files = [
            shipped.appendingPathComponent("majors.xml").path, big,
            shipped.appendingPathComponent("chongqing/colleges-chongqing.xml").path,
            shipped.appendingPathComponent("chongqing/demand-c33618-ai-robotics.xml").path,
        ]
        #expect(!ChunkedIngest.isCandidate(files[2], maxBytes: IngestOptions().maxBytes), "small files are not cut")
        for validate in [true, false] {
            var sequential = CatalogSet()
            var sequentialDiagnostics: [Diagnostic] = []
            for file in files {
                let (_, d) = CatalogLoader.parse(file: file, into: &sequential, options: IngestOptions(validate: validate))
                sequentialDiagnostics += d
            }
            var parallel = CatalogSet()
            var parallelDiagnostics: [Diagnostic] = []
            CatalogLoader.parseEach(files, options: IngestOptions(validate: validate)) { set, d in
                parallel.append(set)
                parallelDiagnostics += d
            }
            Self.expectSame(parallel, sequential)
            #expect(parallelDiagnostics == sequentialDiagnostics)
            #expect(parallelDiagnostics.contains { $0.severity == .warning })
        }
    }

    /// What `load` gave before the reference catalogs were read alongside the inputs: the inputs
    /// one after another, then each reference catalog whose kind they lack, then the links.
    static func loadOneAfterAnother(_ files: [String], reference: String, options: IngestOptions) -> CatalogLoader.Result {
        var set = CatalogSet()
        var diagnostics: [Diagnostic] = []
        for file in files {
            let (_, d) = CatalogLoader.parse(file: file, into: &set, options: options)
            diagnostics += d
        }
        var trusted = options
        trusted.validate = false
        let have = Set(set.fileKinds.compactMap { $0 })
        for (kind, name) in [(DocumentKind.majors, "majors.xml"), (.occupations, "occupations.xml"), (.clusters, "clusters.xml")]
        where !have.contains(kind) {
            let path = (reference as NSString).appendingPathComponent(name)
            let (_, d) = CatalogLoader.parse(file: path, into: &set, options: trusted, expecting: kind)
            diagnostics += d
        }
        let userFiles = Set(set.files.prefix(files.count))
        diagnostics += CatalogLoader.link(&set).filter { userFiles.contains($0.file) }
        return CatalogLoader.Result(set: set, diagnostics: diagnostics)
    }

    @Test("reference catalogs read alongside the inputs give what reading them afterwards gave, guesses right or wrong")
    func referenceCatalogsAlongside() throws {
        let shipped = Paths.root.appendingPathComponent("Catalogs")
        let colleges = shipped.appendingPathComponent("chongqing/colleges-chongqing.xml").path
        let demand = shipped.appendingPathComponent("chongqing/demand-c33618-ai-robotics.xml").path
        let majors = try String(contentsOf: shipped.appendingPathComponent("majors.xml"), encoding: .utf8)
        // A majors file whose root start tag lies beyond the 4 KiB that are sniffed: guessed
        // absent, so the reference majors are read early and must then be dropped.
        let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let late = try Self.write(
            declaration + "<!--" + String(repeating: "x", count: 5_000) + "-->\n" + majors.dropFirst(declaration.count),
            name: "majors-late-root.xml")
        // A majors file that breaks off after its root start tag: guessed present, not read early;
        // whether it counts as holding majors is up to the parse, and the result must not change.
        let broken = try Self.write(String(decoding: Array(majors.utf8.prefix(3_000)), as: UTF8.self), name: "majors-broken.xml")
        // A majors file over the size limit (the shipped one is under it): guessed present, but
        // refused unread, so the reference majors must still be read, afterwards.
        let oversized = try Self.write(majors + String(repeating: " ", count: 3_000_000), name: "majors-oversized.xml")
        var limited = IngestOptions()
        limited.maxBytes = 4_000_000
        #expect(CatalogLoader.sniffKinds([late]).isEmpty)
        #expect(CatalogLoader.sniffKinds([broken]) == [.majors])
        #expect(CatalogLoader.sniffKinds([oversized]) == [.majors])
        for files in [[colleges, demand], [late, colleges], [broken, demand], [colleges], [oversized, demand]] {
            let loaded = CatalogLoader(options: limited, referenceDirectory: shipped.path).load(files)
            let expected = Self.loadOneAfterAnother(files, reference: shipped.path, options: limited)
            Self.expectSame(loaded.set, expected.set)
            #expect(loaded.diagnostics == expected.diagnostics)
            #expect(!loaded.set.majors.isEmpty && !loaded.set.occupations.isEmpty)
        }
    }

    @Test("the link checks run concurrently give the diagnostics and links of one pass")
    func concurrentLinkChecks() throws {
        let bad = try Self.write(
            """
            <colleges xmlns="urn:chanjiao:colleges:1">
            <college id="A" name="a" district="d" type="higher">
            <program id="P1" major="460101" enrolment="10" graduates="9" employmentRate="0.5" capacity="20"/>
            <program id="P1" major="460102" enrolment="10" graduates="9" employmentRate="0.5" capacity="20"/>
            <program major="460101" enrolment="10" graduates="9" employmentRate="0.5" capacity="20"/>
            <program major="999999" enrolment="10" graduates="9" employmentRate="0.5" capacity="20"><occupation code="9-99-99-99"/></program>
            </college>
            <college id="A" name="again" district="d" type="higher"/>
            </colleges>
            """, name: "colleges-bad.xml")
        let demand = try Self.write(
            """
            <demand xmlns="urn:chanjiao:demand:1" id="D1" submitter="s" cluster="no-such-cluster" period="2025">
            <role id="R1" name="数控编程" headcount="3" level="skilled" education="higher"><skill>数控</skill></role>
            <role id="R1" name="数控编程" headcount="3" level="skilled" education="higher" occupation="9-99-99-98"><skill>数控</skill></role>
            </demand>
            """, name: "demand-bad.xml")
        let (shipped, _) = CatalogLoader.expand([Paths.root.appendingPathComponent("Catalogs").path])
        var set = CatalogSet()
        CatalogLoader.parseEach(shipped + [bad, demand], options: IngestOptions(validate: false)) { s, _ in set.append(s) }
        var once = set
        var concurrent = set
        let a = CatalogLoader.link(&once, concurrentAbove: .max)
        let b = CatalogLoader.link(&concurrent, concurrentAbove: 0)
        #expect(a == b)
        #expect(a.count >= 7, "\(a.map(\.message))")
        #expect(once.programs.map(\.major) == concurrent.programs.map(\.major))
        #expect(concurrent.programs.contains { $0.major >= 0 })
    }

    @Test("a record without its parent does not attach to an earlier file's record")
    func orphansStayInTheirFile() throws {
        let first = try Self.write(
            """
            <colleges xmlns="urn:chanjiao:colleges:1"><college id="A" name="a" district="d" type="higher"><program major="460101" enrolment="1" graduates="1" employmentRate="0.5" capacity="2"/></college></colleges>
            """, name: "a.xml")
        let second = try Self.write(
            """
            <colleges xmlns="urn:chanjiao:colleges:1"><program major="460102" enrolment="1" graduates="1" employmentRate="0.5" capacity="2"><term>孤儿</term></program></colleges>
            """, name: "b.xml")
        var set = CatalogSet()
        for file in [first, second] {
            _ = CatalogLoader.parse(file: file, into: &set, options: IngestOptions(validate: false))
        }
        #expect(set.programs.count == 1)
        #expect(set.programs[0].terms.isEmpty)
    }
}
