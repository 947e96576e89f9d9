import Foundation
import Parallel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Parses one large colleges file on all cores: the file is cut into slices at `<college>`
/// start tags directly inside the root, each slice is parsed (and validated) as a document of its
/// own between a copy of the file's root start tag and a closing root tag, and the slices' records
/// are joined in order with their lines moved back to the file's.
///
/// A cut is found by looking for a line that starts with `<college`, which could also sit inside
/// a comment, a CDATA section or a processing instruction, or deeper than the root's children.
/// None of those can slip through: the slice before such a cut then ends inside an open comment,
/// section, instruction or element, and its closing root tag makes it ill-formed. So any error in
/// any slice sends the file back to the one-pass parse, which also gives the exact diagnostics of
/// a broken file; warnings (which only the document handler gives) are kept, moved to their lines.
///
/// The result equals the one-pass parse: records in file order, term ids interned in order of first
/// use (`CatalogSet.absorbRecords`), the same source positions and warnings.
/// See Guides/Ingest.md, "Parallel slices".
enum ChunkedIngest {
    /// Files smaller than this are parsed in one pass: a slice costs a parser set-up and a merge.
    static let minimumBytes = 8 << 20
    /// About how many bytes each slice holds.
    static let sliceBytes = 8 << 20
    /// The most slices one file is cut into.
    static let maxSlices = 64

    /// The file's records and diagnostics, or nil when it must be parsed in one pass: it is small,
    /// not a colleges file, has no cut, or a slice had an error.
    static func parse(file: String, options: IngestOptions, minimumBytes: Int = minimumBytes, sliceBytes: Int = sliceBytes)
        -> (set: CatalogSet, diagnostics: [Diagnostic])?
    {
        guard let source = FileBytes(path: file, minimumBytes: minimumBytes, maxBytes: options.maxBytes) else { return nil }
        guard let (head, rootEnd) = head(source) else { return nil }
        let cuts = self.cuts(
            count: source.count, after: rootEnd, slices: min(maxSlices, max(2, source.count / sliceBytes)), read: source.read)
        guard !cuts.isEmpty else { return nil }
        let bounds = [0] + cuts + [source.count]
        let header = Array(head[0..<rootEnd]) + [0x0A]
        let headerLines = Int32(head[0..<rootEnd].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } + 1)
        let closing = Array("</\(DocumentKind.colleges.rootName)>\n".utf8)
        let count = bounds.count - 1

        // Each slice is read by the thread that parses it, so no more than a slice per core is in
        // memory at once, however large the file.
        let results = Slots<Slice>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            guard let bytes = source.read(bounds[i]..<bounds[i + 1]) else {
                results.set(i, Slice(ok: false, set: CatalogSet(), diagnostics: [], newlines: 0, illustrative: false))
                return
            }
            bytes.withUnsafeBytes { slice in
                let lines = newlines(in: slice)
                let head: [UInt8]
                let body: UnsafeRawBufferPointer
                if i == 0 {
                    let n = min(64 << 10, slice.count)
                    head = Array(slice[0..<n])
                    body = UnsafeRawBufferPointer(rebasing: slice[n...])
                } else {
                    head = header
                    body = slice
                }
                let parser = XMLStreamParser(file: file, options: options)
                var handler: DocumentHandler?
                let kind = parser.parseParts(head: head, body: body, tail: i == count - 1 ? [] : closing, expecting: .colleges) {
                    kind in
                    let h = DocumentHandler(kind: kind, fileIndex: 0, set: CatalogSet())
                    handler = h
                    return h
                }
                let ok = kind == .colleges && parser.sink.errorCount == 0 && parser.sink.dropped == 0
                results.set(
                    i,
                    Slice(
                        ok: ok, set: ok ? handler?.takeSet() ?? CatalogSet() : CatalogSet(),
                        diagnostics: parser.sink.kept, newlines: lines, illustrative: handler?.illustrative ?? false))
            }
        }
        // A file that changed size while it was read goes through the one-pass parse and its checks.
        guard source.unchanged else { return nil }
        var slices = (0..<count).map { results.take($0) }
        guard slices.allSatisfy(\.ok) else { return nil }
        let warnings = slices.reduce(0) { $0 + $1.diagnostics.count }
        guard warnings <= options.diagnosticLimit else { return nil }

        // Line of the first byte of each slice in the file, and the shift of its records' lines: a
        // later slice's bytes start after the header's lines (slice 0 starts the file).
        var shifts: [Int32] = [0]
        var line = Int32(slices[0].newlines + 1)
        for s in slices.dropFirst() {
            shifts.append(line - (headerLines + 1))
            line += Int32(s.newlines)
        }
        var diagnostics = slices[0].diagnostics
        for (i, s) in slices.enumerated().dropFirst() {
            for var d in s.diagnostics {
                if d.line > 0 { d.line += Int(shifts[i]) }
                diagnostics.append(d)
            }
        }
        var set: CatalogSet
        if slices.allSatisfy({ $0.set.holdsOnlyCollegesAndPrograms }) {
            set = join(&slices, shifts: shifts)
        } else {
            // Slice 0's records need no change: they become the set (moved, not copied), and the
            // other slices' records are appended to them.
            set = CatalogSet()
            swap(&set, &slices[0].set)
            for (i, s) in slices.enumerated().dropFirst() {
                set.absorbRecords(of: s.set, fileOffset: 0, lineShift: shifts[i])
            }
        }
        set.files = [file]
        set.fileKinds = [.colleges]
        set.fileIllustrative = [slices[0].illustrative]
        return (set, diagnostics)
    }

    /// The slices' colleges and programs joined in order, as `CatalogSet.absorbRecords` joins them
    /// one slice after another (college indices, lines and term ids moved), but in parallel: the
    /// term ids are mapped in slice order first (the one step that must run in order), then every
    /// slice's records are copied to their place in the joined arrays, and its set freed, by a
    /// thread of its own.
    private static func join(_ slices: inout [Slice], shifts: [Int32]) -> CatalogSet {
        var set = CatalogSet()
        var moves: [RecordShift] = []
        var programOffsets: [Int] = []
        var colleges = 0
        var programs = 0
        let sets = Slots<CatalogSet>(count: slices.count)
        for i in slices.indices {
            let other = slices[i].set
            // Slice 0 starts the file: its table is the joined one's start.
            let termMap = i == 0 ? nil : set.terms.ids(interning: other.terms)
            if i == 0 { set.terms = other.terms }
            moves.append(RecordShift(fileOffset: 0, lineShift: shifts[i], collegeOffset: Int32(colleges), termMap: termMap))
            programOffsets.append(programs)
            colleges += other.colleges.count
            programs += other.programs.count
            sets.set(i, other)
            slices[i].set = CatalogSet()
        }
        let count = slices.count
        let (shiftsBySlice, programStarts) = (moves, programOffsets)
        set.colleges = Array(unsafeUninitializedCapacity: colleges) { collegeBuffer, collegesDone in
            set.programs = Array(unsafeUninitializedCapacity: programs) { programBuffer, programsDone in
                let collegeTarget = Destination(base: collegeBuffer.baseAddress)
                let programTarget = Destination(base: programBuffer.baseAddress)
                DispatchQueue.concurrentPerform(iterations: count) { i in
                    let other = sets.take(i)
                    let shift = shiftsBySlice[i]
                    let collegeStart = collegeTarget.base! + Int(shift.collegeOffset)
                    for (k, c) in other.colleges.enumerated() { (collegeStart + k).initialize(to: shift.moved(c)) }
                    let programStart = programTarget.base! + programStarts[i]
                    for (k, p) in other.programs.enumerated() { (programStart + k).initialize(to: shift.moved(p)) }
                }
                programsDone = programs
            }
            collegesDone = colleges
        }
        return set
    }

    /// Where the threads of `join` write, each to its own range.
    private struct Destination<T>: @unchecked Sendable {
        let base: UnsafeMutablePointer<T>?
    }

    /// One slice's outcome.
    private struct Slice: Sendable {
        var ok: Bool
        var set: CatalogSet
        var diagnostics: [Diagnostic]
        var newlines: Int
        var illustrative: Bool
    }

    /// Whether `path` is a regular file of `minimumBytes` to `maxBytes` whose root is a colleges
    /// root that slices can be cut under (from its first 64 KiB); the parse may still fall back.
    static func isCandidate(_ path: String, maxBytes: Int, minimumBytes: Int = minimumBytes) -> Bool {
        FileBytes(path: path, minimumBytes: minimumBytes, maxBytes: maxBytes).flatMap(head) != nil
    }

    /// The file's first 64 KiB and the end of its root start tag (`rootStartTagEnd`), or nil.
    static func head(_ file: FileBytes) -> (bytes: [UInt8], rootEnd: Int)? {
        guard let bytes = file.read(0..<min(file.count, 64 << 10)), let end = bytes.withUnsafeBytes({ rootStartTagEnd($0) })
        else { return nil }
        return (bytes, end)
    }

    /// The offset just past the root start tag's `>`, when the root is an unprefixed
    /// `<colleges …>` in the colleges namespace that has content; nil otherwise.
    static func rootStartTagEnd(_ bytes: UnsafeRawBufferPointer) -> Int? {
        let head = UnsafeRawBufferPointer(rebasing: bytes[0..<min(bytes.count, 64 << 10)])
        guard case .root(let local, let namespace, let line, let column) = RootSniffer.sniff(head),
            local == DocumentKind.colleges.rootName, namespace == DocumentKind.colleges.namespace
        else { return nil }
        // The sniffer counts lines at LF and columns in characters: walk to the same place.
        var i = 0
        for _ in 1..<max(1, line) {
            guard let nl = index(of: 0x0A, in: head, from: i) else { return nil }
            i = nl + 1
        }
        for _ in 1..<max(1, column) where i < head.count {
            i += 1
            while i < head.count, head[i] & 0xC0 == 0x80 { i += 1 }
        }
        let name = Array("<\(local)".utf8)
        guard i + name.count < head.count, Array(head[i..<(i + name.count)]) == name,
            isSpaceOrEnd(head[i + name.count])
        else { return nil }
        var k = i + name.count
        var quote: UInt8 = 0
        while k < head.count {
            let b = head[k]
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                quote = b
            } else if b == UInt8(ascii: ">") {
                return head[k - 1] == UInt8(ascii: "/") ? nil : k + 1
            }
            k += 1
        }
        return nil
    }

    private static func isSpaceOrEnd(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == UInt8(ascii: ">") || b == UInt8(ascii: "/")
    }

    /// Up to `slices - 1` cut offsets after `start`, ascending: each is the start of a line whose
    /// first non-blank bytes are a `<college` start tag, the first such line at or after an even
    /// share of the file.
    static func cuts(_ bytes: UnsafeRawBufferPointer, after start: Int, slices: Int, window: Int = 1 << 20) -> [Int] {
        cuts(count: bytes.count, after: start, slices: slices, window: window) { Array(bytes[$0]) }
    }

    /// `cuts(_:after:slices:)` over `count` bytes that `read` returns a range at a time, in
    /// windows of `window` bytes (consecutive windows overlap, so that a line start near a
    /// window's end is looked at again whole in the next); nil from `read` ends the search.
    static func cuts(count: Int, after start: Int, slices: Int, window: Int = 1 << 20, read: (Range<Int>) -> [UInt8]?)
        -> [Int]
    {
        let tag = Array("<college".utf8)
        let overlap = 256
        let size = max(window, 2 * overlap)
        var out: [Int] = []
        var from = start
        search: for k in 1..<max(1, slices) {
            var p = max(from, count / slices * k)
            var found: Int?
            while p < count, found == nil {
                let end = min(count, p + size)
                guard let bytes = read(p..<end) else { break search }
                found = bytes.withUnsafeBytes { w -> Int? in
                    var at = 0
                    while let nl = index(of: 0x0A, in: w, from: at) {
                        var q = nl + 1
                        while q < w.count, w[q] == 0x20 || w[q] == 0x09 { q += 1 }
                        if q + tag.count < w.count, w[q] == tag[0],
                            zip(tag.indices, tag).allSatisfy({ w[q + $0] == $1 }), isSpaceOrEnd(w[q + tag.count])
                        {
                            return p + nl + 1
                        }
                        at = nl + 1
                    }
                    return nil
                }
                if end == count { break }
                p = end - overlap
            }
            guard let cut = found else { break }
            if out.last != cut { out.append(cut) }
            from = cut + 1
        }
        return out
    }

    private static func index(of byte: UInt8, in bytes: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard from < bytes.count, let base = bytes.baseAddress else { return nil }
        guard let hit = memchr(base + from, Int32(byte), bytes.count - from) else { return nil }
        return hit - UnsafeMutableRawPointer(mutating: base)
    }

    /// The number of LF bytes in `bytes`.
    static func newlines(in bytes: UnsafeRawBufferPointer) -> Int {
        var n = 0
        var p = 0
        while let i = index(of: 0x0A, in: bytes, from: p) {
            n += 1
            p = i + 1
        }
        return n
    }
}

/// A regular file read a range at a time with `pread`, and whether it kept its size and
/// modification time while it was read; closed when released.
final class FileBytes: @unchecked Sendable {
    private let fd: Int32
    private let stamp: stat
    /// The file's size when opened.
    let count: Int

    /// The file at `path` when it is a regular file of `minimumBytes` to `maxBytes`; nil otherwise
    /// (including errors, which the one-pass parse then reports).
    init?(path: String, minimumBytes: Int, maxBytes: Int) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        var s = stat()
        guard fstat(fd, &s) == 0, (s.st_mode & S_IFMT) == S_IFREG, Int(s.st_size) >= minimumBytes, Int(s.st_size) <= maxBytes
        else {
            close(fd)
            return nil
        }
        self.fd = fd
        self.stamp = s
        self.count = Int(s.st_size)
    }

    deinit { close(fd) }

    /// The bytes of `range`, or nil when the file no longer holds them all (it shrank, or a read failed).
    func read(_ range: Range<Int>) -> [UInt8]? {
        var filled = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: range.count) { buffer, initialized in
            while filled < range.count {
                let n = pread(fd, buffer.baseAddress! + filled, range.count - filled, off_t(range.lowerBound + filled))
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                filled += n
            }
            initialized = filled
        }
        return filled == range.count ? bytes : nil
    }

    /// Whether the file still has the size and modification time it had when opened.
    var unchanged: Bool {
        var s = stat()
        guard fstat(fd, &s) == 0, s.st_size == stamp.st_size else { return false }
        #if os(Linux)
            return s.st_mtim.tv_sec == stamp.st_mtim.tv_sec && s.st_mtim.tv_nsec == stamp.st_mtim.tv_nsec
        #else
            return s.st_mtimespec.tv_sec == stamp.st_mtimespec.tv_sec && s.st_mtimespec.tv_nsec == stamp.st_mtimespec.tv_nsec
        #endif
    }
}
