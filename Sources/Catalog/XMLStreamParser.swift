import CLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Limits and switches for reading input files.
public struct IngestOptions: Sendable, Equatable {
    /// Validate against the kind's XSD in the same pass (the default); off only for trusted input.
    public var validate: Bool
    /// Refuse files larger than this many bytes.
    public var maxBytes: Int
    /// Refuse elements nested deeper than this.
    public var maxDepth: Int
    /// Keep at most this many diagnostics per file, then print a count.
    public var diagnosticLimit: Int

    /// The secure defaults: validated, 256 MiB, depth 32, 100 diagnostics per file.
    public init(validate: Bool = true, maxBytes: Int = 256 << 20, maxDepth: Int = 32, diagnosticLimit: Int = 100) {
        self.validate = validate
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.diagnosticLimit = diagnosticLimit
    }
}

/// A position in a file: 1-based line and column (in characters).
public struct SourcePosition: Sendable, Equatable, Hashable, Codable {
    /// 1-based line.
    public var line: Int32
    /// 1-based column in characters.
    public var column: Int32

    /// Creates a position.
    public init(line: Int32, column: Int32) {
        self.line = line
        self.column = column
    }
}

/// An attribute value as bytes inside libxml2's buffer, valid during the start-element callback.
struct XMLValue {
    let base: UnsafePointer<UInt8>
    let count: Int

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// Unicode scalars in valid UTF-8 `bytes`: the bytes that are not continuation bytes.
    static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var n = 0
        for b in bytes where b & 0xC0 != 0x80 { n += 1 }
        return n
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// The value with XML whitespace trimmed at both ends, as schema types other than strings read it.
    var trimmed: UnsafeBufferPointer<UInt8> {
        var lo = 0
        var hi = count
        while lo < hi, XMLValue.isSpace(base[lo]) { lo += 1 }
        while hi > lo, XMLValue.isSpace(base[hi - 1]) { hi -= 1 }
        return UnsafeBufferPointer(start: base + lo, count: hi - lo)
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// `String(decoding: bytes, as: UTF8.self).trimmingXMLWhitespace()`, decoding only once when
    /// neither end is whitespace (the common case, and then the trim would keep the whole string).
    static func trimmedString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard let first = bytes.first, let last = bytes.last else { return "" }
        if !isSpace(first) && !isSpace(last) { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: bytes, as: UTF8.self).trimmingXMLWhitespace()
    }

    /// A non-negative decimal integer, or nil.
    var int: Int? {
        let t = trimmed
        guard !t.isEmpty, t.count <= 18 else { return nil }
        var v = 0
        var k = 0
        if t[0] == UInt8(ascii: "+") { k = 1 }
        guard k < t.count else { return nil }
        while k < t.count {
            let d = Int(t[k]) &- 48
            guard d >= 0 && d <= 9 else { return nil }
            v = v * 10 + d
            k += 1
        }
        return v
    }

    /// A decimal number (xs:decimal syntax), or nil: the Double nearest to the decimal as written
    /// (`0.7` is the Double `0.7`, not `0.7000000000000001`), so a threshold and a rate written
    /// alike compare equal.
    var double: Double? {
        let t = trimmed
        guard !t.isEmpty, t.count <= 40 else { return nil }
        var k = 0
        var negative = false
        if t[0] == UInt8(ascii: "-") || t[0] == UInt8(ascii: "+") {
            negative = t[0] == UInt8(ascii: "-")
            k = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fraction = 0
        var exact = true
        func take(_ d: UInt8) {
            if mantissa < (1 << 53) / 10 { mantissa = mantissa * 10 + UInt64(d) } else { exact = false }
        }
        while k < t.count, t[k] >= 48, t[k] <= 57 {
            take(t[k] - 48)
            digits += 1
            k += 1
        }
        if k < t.count, t[k] == UInt8(ascii: ".") {
            k += 1
            while k < t.count, t[k] >= 48, t[k] <= 57 {
                take(t[k] - 48)
                fraction += 1
                digits += 1
                k += 1
            }
        }
        guard digits > 0, k == t.count else { return nil }
        var value: Double
        if exact && fraction <= 22 {
            // Both operands are exact Doubles (mantissa < 2^53, 10^fraction ≤ 10^22): one rounding.
            var scale = 1.0
            for _ in 0..<fraction { scale *= 10 }
            value = Double(mantissa) / scale
        } else {
            // Many digits: the standard library's correctly rounded reading of the digits.
            let signed = t[0] == UInt8(ascii: "-") || t[0] == UInt8(ascii: "+")
            guard let v = Double(String(decoding: t[(signed ? 1 : 0)...], as: UTF8.self)) else { return nil }
            value = v
        }
        if negative { value = -value }
        return value
    }

    /// xs:boolean: true/false/1/0.
    var bool: Bool? {
        let t = trimmed
        if t.elementsEqual("true".utf8) || t.elementsEqual("1".utf8) { return true }
        if t.elementsEqual("false".utf8) || t.elementsEqual("0".utf8) { return false }
        return nil
    }
}

/// Receives the elements of one document from `XMLStreamParser`.
///
/// Element and attribute names are given as indices into the handler's name tables; -1 for a name
/// the handler does not know (the schema reports it when validating).
protocol XMLContentHandler: AnyObject {
    /// The local names of the elements the handler reads.
    var elementNames: [String] { get }
    /// The local names of the attributes the handler reads.
    var attributeNames: [String] { get }
    /// An element starts; `parser.attribute(_:)` gives its attribute values during this call.
    func startElement(_ element: Int, parser: XMLStreamParser)
    /// An element ends; `parser.text` holds its character content.
    func endElement(_ element: Int, parser: XMLStreamParser)
}

/// A small open-addressed map from libxml2's interned name pointers to name indices: libxml2 hands
/// every element and attribute name out of its dictionary, so within one parse a name is one
/// pointer, and a lookup is a hash of that pointer and one or two probes.
struct InternedNameTable {
    /// Slots; a power of two.
    private static let capacity = 256
    /// Names cached at most; past this, names are compared by bytes every time (same answers).
    private static let maxCount = 128

    private let keys: UnsafeMutablePointer<UnsafeRawPointer?>
    private let values: UnsafeMutablePointer<Int32>
    private var count = 0

    init() {
        keys = .allocate(capacity: Self.capacity)
        keys.initialize(repeating: nil, count: Self.capacity)
        values = .allocate(capacity: Self.capacity)
        values.initialize(repeating: -1, count: Self.capacity)
    }

    /// Frees the slots; the table must not be used afterwards.
    func deallocate() {
        keys.deallocate()
        values.deallocate()
    }

    private static func slot(_ key: UnsafeRawPointer) -> Int {
        let h = UInt(bitPattern: Int(bitPattern: key)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: h >> 56) & (capacity - 1)
    }

    /// The index cached for `key`, or nil when it has not been seen.
    func lookup(_ key: UnsafeRawPointer) -> Int? {
        var i = Self.slot(key)
        while let k = keys[i] {
            if k == key { return Int(values[i]) }
            i = (i + 1) & (Self.capacity - 1)
        }
        return nil
    }

    /// Caches `index` for `key` (not yet present), unless the table is full.
    mutating func insert(_ key: UnsafeRawPointer, _ index: Int) {
        guard count < Self.maxCount else { return }
        var i = Self.slot(key)
        while keys[i] != nil { i = (i + 1) & (Self.capacity - 1) }
        keys[i] = key
        values[i] = Int32(index)
        count += 1
    }
}

/// Bytes in one allocation that grows and is never shrunk: emptying it is setting a count.
struct TextBuffer {
    private var base: UnsafeMutablePointer<UInt8>?
    private(set) var count = 0
    private var capacity = 0

    /// The bytes held (valid until the next change).
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// Empties the buffer, keeping its memory.
    mutating func removeAll() { count = 0 }

    /// Appends `n` bytes from `bytes`.
    mutating func append(_ bytes: UnsafePointer<UInt8>, count n: Int) {
        if count + n > capacity {
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: max(count + n, 2 * capacity, 256))
            if let base {
                grown.initialize(from: base, count: count)
                base.deallocate()
            }
            base = grown
            capacity = max(count + n, 2 * capacity, 256)
        }
        (base! + count).initialize(from: bytes, count: n)
        count += n
    }

    /// Frees the memory; the buffer must not be used afterwards.
    func deallocate() { base?.deallocate() }
}

/// One attribute of the current start tag, by the handler's attribute index: valid while `stamp`
/// equals the parser's.
struct AttributeSlot {
    var stamp = 0
    var value: UnsafePointer<UInt8>?
    var count = 0
}

/// Streams one XML document through libxml2's SAX2 parser, validating it against its kind's XSD
/// in the same pass, and hands elements to a content handler. No DOM is built.
///
/// Every diagnostic carries a real line and column: libxml2's own for well-formedness errors, and
/// for schema errors (which libxml2 locates by line only) the start of the tag being validated,
/// or of the offending attribute, as tracked from the parser's input position.
///
/// What the callbacks change lives in one `State` behind a pointer allocated in `init`: stored
/// `var`s of a class are checked for exclusive access at run time on every access, which cost
/// about a quarter of trusted ingest when they were read and written from every SAX event.
final class XMLStreamParser {
    let file: String
    let options: IngestOptions
    private let st: UnsafeMutablePointer<State>

    /// The parser's mutable state (see the type's comment for why it is not stored properties).
    private struct State {
        var sink: DiagnosticSink
        var handler: XMLContentHandler?
        var ctxt: xmlParserCtxtPtr?
        var elementNames: [[UInt8]] = []
        var attributeNames: [[UInt8]] = []
        var elementTable = InternedNameTable()
        var attributeTable = InternedNameTable()

        // Attribute values of the current start tag, by the handler's attribute index.
        var slots = UnsafeMutableBufferPointer<AttributeSlot>(start: nil, count: 0)
        var stamp = 0

        // Position tracking: the end of the previous event is where the next tag starts.
        var lastLine: Int32 = 1
        var lastColumn: Int32 = 1
        /// Where the tag now being handled starts.
        var tagPosition = SourcePosition(line: 1, column: 1)
        var inStartTag = false
        var depth = 0
        /// Start positions of the open elements.
        var openStarts: [SourcePosition] = []
        /// The start of the element whose end tag was the last event, if that was the last event.
        var justClosed: SourcePosition?
        var stopped = false
        /// Set when Chanjiao itself stopped the parse over a limit: libxml2's errors after that only
        /// restate the cut-off and are dropped.
        var refused = false
        var tagGuard = StartTagGuard()

        /// Character content of the current element (reset at each start tag).
        var textBuffer = TextBuffer()

        // Input: first the sniffed prefix, then the file descriptor or the remaining memory.
        var prefix: [UInt8] = []
        var prefixOffset = 0
        var fd: Int32 = -1
        var memory: UnsafeRawBufferPointer?
        var memoryOffset = 0
        /// Bytes fed after `memory` (the closing root tag of a chunk, see `ChunkedIngest`).
        var suffix: [UInt8] = []
        var suffixOffset = 0
        var bytesRead = 0

        init(sink: DiagnosticSink) { self.sink = sink }
    }

    init(file: String, options: IngestOptions) {
        self.file = file
        self.options = options
        st = .allocate(capacity: 1)
        st.initialize(to: State(sink: DiagnosticSink(file: file, limit: options.diagnosticLimit)))
    }

    deinit {
        st.pointee.elementTable.deallocate()
        st.pointee.attributeTable.deallocate()
        if let base = st.pointee.slots.baseAddress { base.deallocate() }
        st.pointee.textBuffer.deallocate()
        st.deinitialize(count: 1)
        st.deallocate()
    }

    /// The diagnostics so far.
    var sink: DiagnosticSink { st.pointee.sink }

    // MARK: - Reporting

    func report(_ severity: Severity, at position: SourcePosition, _ message: String) {
        st.pointee.sink.add(severity, line: Int(position.line), column: Int(position.column), message)
    }

    func error(_ message: String) { report(.error, at: tagPosition, message) }

    func warning(_ message: String) { report(.warning, at: tagPosition, message) }

    /// Reports an error at the attribute `index` of the current start tag (or at the tag).
    func error(attribute index: Int, _ message: String) {
        report(.error, at: attributePosition(index) ?? tagPosition, message)
    }

    /// Where the tag now being handled starts.
    var tagPosition: SourcePosition { st.pointee.tagPosition }

    /// The character content as UTF-8 bytes, trimmed of XML whitespace (valid until the parse goes on).
    var textBytes: UnsafeBufferPointer<UInt8> {
        let b = st.pointee.textBuffer.bytes
        guard let base = b.baseAddress else { return b }
        return XMLValue(base: base, count: b.count).trimmed
    }

    /// The start of the element now ending (valid during `endElement`).
    var lastClosedStart: SourcePosition? { st.pointee.justClosed }

    /// Whether schema validation is on, so that handlers need not repeat what the XSD checks.
    var validating: Bool { options.validate }

    /// The value of attribute `index` in the current start tag.
    func attribute(_ index: Int) -> XMLValue? {
        let slots = st.pointee.slots
        guard index >= 0, index < slots.count else { return nil }
        let slot = slots[index]
        guard slot.stamp == st.pointee.stamp, let value = slot.value else { return nil }
        return XMLValue(base: value, count: slot.count)
    }

    /// The position of attribute `index` (its name) in the current start tag.
    func attributePosition(_ index: Int) -> SourcePosition? {
        let slots = st.pointee.slots
        guard st.pointee.inStartTag, index >= 0, index < slots.count, slots[index].stamp == st.pointee.stamp,
            let p = slots[index].value
        else { return nil }
        return position(ofAttributeValue: p)
    }

    /// Finds the column of an attribute whose value starts at `value` by scanning back to the `<`
    /// of the tag (which no attribute value may contain) inside libxml2's input buffer.
    private func position(ofAttributeValue value: UnsafePointer<UInt8>) -> SourcePosition? {
        guard let ctxt = st.pointee.ctxt, let base = chanjiao_ctxt_base(ctxt), let cur = chanjiao_ctxt_cur(ctxt)
        else { return nil }
        let v = UnsafePointer<UInt8>(value)
        guard v >= base, v <= cur else { return nil }
        // Back over the quote, `=`, spaces, to the start of the attribute's name.
        var p = v - 1
        if p > base { p -= 1 }  // the quote
        while p > base, XMLValue.isSpace(p.pointee) || p.pointee == UInt8(ascii: "=") { p -= 1 }
        while p > base, !XMLValue.isSpace(p.pointee), p.pointee != UInt8(ascii: "<") { p -= 1 }
        let nameStart = p + 1
        var lt = p
        while lt > base, lt.pointee != UInt8(ascii: "<") { lt -= 1 }
        guard lt.pointee == UInt8(ascii: "<") else { return nil }
        var line = tagPosition.line
        var column = tagPosition.column
        var q = lt
        while q < nameStart {
            let b = q.pointee
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            q += 1
        }
        return SourcePosition(line: line, column: column)
    }

    // MARK: - Running

    /// Parses the file at `path`, handing its elements to `handler`. Returns the kind found, or nil
    /// when the file could not be identified (the diagnostics say why).
    func parseFile(path: String, expecting: DocumentKind? = nil, makeHandler: (DocumentKind) -> XMLContentHandler)
        -> DocumentKind?
    {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            st.pointee.sink.add(.error, line: 0, column: 0, "cannot open file: \(reason)")
            return nil
        }
        defer { close(descriptor) }
        var s = stat()
        if fstat(descriptor, &s) == 0 {
            if (s.st_mode & S_IFMT) == S_IFDIR {
                st.pointee.sink.add(.error, line: 0, column: 0, "is a directory, not an XML file")
                return nil
            }
            if Int(s.st_size) > options.maxBytes {
                st.pointee.sink.add(
                    .error, line: 0, column: 0,
                    "file is \(s.st_size) bytes, over the limit of \(options.maxBytes) bytes (raise it with --max-size)")
                return nil
            }
        }
        st.pointee.fd = descriptor
        // Read the first block to find the root element and so the schema.
        var head = [UInt8](repeating: 0, count: 64 << 10)
        var filled = 0
        while filled < head.count {
            let n = head.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                st.pointee.sink.add(.error, line: 0, column: 0, "cannot read file: \(String(cString: strerror(errno)))")
                return nil
            }
            if n == 0 { break }
            filled += n
        }
        head.removeSubrange(filled...)
        st.pointee.prefix = head
        st.pointee.bytesRead = filled
        return run(expecting: expecting, makeHandler: makeHandler)
    }

    /// Parses a document held in memory (for example an HTTP request body).
    func parseMemory(
        _ bytes: UnsafeRawBufferPointer, expecting: DocumentKind? = nil, makeHandler: (DocumentKind) -> XMLContentHandler
    ) -> DocumentKind? {
        if bytes.count > options.maxBytes {
            st.pointee.sink.add(
                .error, line: 0, column: 0,
                "document is \(bytes.count) bytes, over the limit of \(options.maxBytes) bytes")
            return nil
        }
        st.pointee.memory = bytes
        st.pointee.memoryOffset = 0
        let headCount = min(bytes.count, 64 << 10)
        st.pointee.prefix = Array(UnsafeRawBufferPointer(rebasing: bytes[0..<headCount]))
        st.pointee.memoryOffset = headCount
        st.pointee.bytesRead = headCount
        return run(expecting: expecting, makeHandler: makeHandler)
    }

    /// Parses a document given in three parts, fed in order as one stream: `head` (which must
    /// hold the root start tag), then `body`, then `tail`. `ChunkedIngest` parses a slice of a
    /// large file this way, between a copy of its root start tag and a closing root tag.
    func parseParts(
        head: [UInt8], body: UnsafeRawBufferPointer, tail: [UInt8], expecting: DocumentKind? = nil,
        makeHandler: (DocumentKind) -> XMLContentHandler
    ) -> DocumentKind? {
        st.pointee.prefix = head
        st.pointee.memory = body
        st.pointee.memoryOffset = 0
        st.pointee.suffix = tail
        st.pointee.bytesRead = head.count + body.count + tail.count
        return run(expecting: expecting, makeHandler: makeHandler)
    }

    /// Parses a document held in memory that is no Chanjiao format (a part of an .xlsx workbook):
    /// no schema and any root element, with the same refusals (DOCTYPE, encodings other than
    /// UTF-8), guards and limits; every element goes to `handler`.
    func parsePlainMemory(_ bytes: UnsafeRawBufferPointer, handler: XMLContentHandler) {
        if bytes.count > options.maxBytes {
            st.pointee.sink.add(
                .error, line: 0, column: 0, "document is \(bytes.count) bytes, over the limit of \(options.maxBytes) bytes")
            return
        }
        st.pointee.memory = bytes
        let headCount = min(bytes.count, 64 << 10)
        st.pointee.prefix = Array(UnsafeRawBufferPointer(rebasing: bytes[0..<headCount]))
        st.pointee.memoryOffset = headCount
        st.pointee.bytesRead = headCount
        switch st.pointee.prefix.withUnsafeBytes({ RootSniffer.sniff($0) }) {
        case .doctype(let line, let column):
            st.pointee.sink.add(.error, line: line, column: column, "DOCTYPE declarations are not allowed (refused for safety)")
            return
        case .notUTF8(let why, let line, let column):
            st.pointee.sink.add(.error, line: line, column: column, "\(why); only UTF-8 is read")
            return
        case .root(_, _, let line, let column):
            st.pointee.lastLine = Int32(line)
            st.pointee.lastColumn = Int32(column)
        case .notFound:
            break
        }
        st.pointee.handler = handler
        st.pointee.elementNames = handler.elementNames.map { Array($0.utf8) + [0] }
        let attributeNames = handler.attributeNames.map { Array($0.utf8) + [0] }
        st.pointee.attributeNames = attributeNames
        let slots = UnsafeMutablePointer<AttributeSlot>.allocate(capacity: max(1, attributeNames.count))
        slots.initialize(repeating: AttributeSlot(), count: max(1, attributeNames.count))
        st.pointee.slots = UnsafeMutableBufferPointer(start: slots, count: attributeNames.count)
        parse(schema: nil)
    }

    /// The character content of the current element as UTF-8 bytes, untrimmed (valid until the parse goes on).
    var rawTextBytes: UnsafeBufferPointer<UInt8> { st.pointee.textBuffer.bytes }

    private func run(expecting: DocumentKind?, makeHandler: (DocumentKind) -> XMLContentHandler) -> DocumentKind? {
        let sniff = st.pointee.prefix.withUnsafeBytes { RootSniffer.sniff($0) }
        var kind: DocumentKind?
        switch sniff {
        case .doctype(let line, let column):
            st.pointee.sink.add(
                .error, line: line, column: column,
                "DOCTYPE declarations are not allowed: Chanjiao files use no DTD and no entities (refused for safety)")
            return nil
        case .notUTF8(let why, let line, let column):
            st.pointee.sink.add(
                .error, line: line, column: column, "\(why); Chanjiao reads UTF-8 only: save the file as UTF-8")
            return nil
        case .root(let local, let uri, let line, let column):
            st.pointee.lastLine = Int32(line)
            st.pointee.lastColumn = Int32(column)
            kind = DocumentKind.matching(namespace: uri, root: local)
            if kind == nil {
                let byName = DocumentKind.allCases.first { $0.rootName == local }
                if let byName {
                    let found = uri.isEmpty ? "no namespace" : "namespace '\(uri)'"
                    st.pointee.sink.add(
                        .error, line: line, column: column,
                        "root element <\(local)> has \(found); expected xmlns=\"\(byName.namespace)\"")
                } else {
                    st.pointee.sink.add(
                        .error, line: line, column: column,
                        "unknown root element <\(local)>\(uri.isEmpty ? "" : " in namespace '\(uri)'"); expected one of \(DocumentKind.acceptedRoots)"
                    )
                }
                return nil
            }
            if let expecting, kind != expecting {
                st.pointee.sink.add(
                    .error, line: line, column: column,
                    "expected a <\(expecting.rootName)> document (\(expecting.namespace)) but found <\(local)>")
                return nil
            }
        case .notFound:
            kind = nil
        }
        // Either the kind is known, or libxml2 parses without a schema to report the syntax error.
        let handler: XMLContentHandler? = kind.map(makeHandler)
        st.pointee.handler = handler
        if let handler {
            st.pointee.elementNames = handler.elementNames.map { Array($0.utf8) + [0] }
            let attributeNames = handler.attributeNames.map { Array($0.utf8) + [0] }
            st.pointee.attributeNames = attributeNames
            let slots = UnsafeMutablePointer<AttributeSlot>.allocate(capacity: max(1, attributeNames.count))
            slots.initialize(repeating: AttributeSlot(), count: max(1, attributeNames.count))
            st.pointee.slots = UnsafeMutableBufferPointer(start: slots, count: attributeNames.count)
        }
        parse(schema: (options.validate ? kind : nil).flatMap { SchemaCache.shared.schema(for: $0) })
        if kind == nil && st.pointee.sink.errorCount == 0 {
            st.pointee.sink.add(.error, line: 1, column: 1, "no root element found: the file is not an XML document")
        }
        return kind
    }

    private func parse(schema: xmlSchemaPtr?) {
        LibXML.prepareThread()
        var sax = xmlSAXHandler()
        sax.initialized = XML_SAX2_MAGIC
        sax.startElementNs = xmlStartElementCallback
        sax.endElementNs = xmlEndElementCallback
        sax.characters = xmlCharactersCallback
        sax.ignorableWhitespace = xmlCharactersCallback
        sax.cdataBlock = xmlCharactersCallback
        sax.comment = xmlCommentCallback
        sax.processingInstruction = xmlProcessingInstructionCallback
        sax.internalSubset = xmlInternalSubsetCallback
        sax.serror = nil

        let me = Unmanaged.passUnretained(self).toOpaque()
        var saxPointer: UnsafeMutablePointer<xmlSAXHandler>? = withUnsafeMutablePointer(to: &sax) { $0 }
        var userData: UnsafeMutableRawPointer? = me

        let errorSink = UnsafeMutablePointer<chanjiao_error_sink>.allocate(capacity: 1)
        errorSink.initialize(to: chanjiao_error_sink(fn: xmlErrorCallback, user: me))
        defer { errorSink.deallocate() }

        var validation: xmlSchemaValidCtxtPtr?
        var plug: xmlSchemaSAXPlugPtr?
        if let schema {
            validation = xmlSchemaNewValidCtxt(schema)
            if let validation {
                chanjiao_schema_valid_set_errors(validation, errorSink)
                plug = xmlSchemaSAXPlug(validation, &saxPointer, &userData)
            }
        }
        defer {
            if plug != nil { xmlSchemaSAXUnplug(plug) }
            if let validation { xmlSchemaFreeValidCtxt(validation) }
        }

        withExtendedLifetime(sax) {
            guard
                let ctxt = xmlCreateIOParserCtxt(
                    saxPointer, userData, xmlReadCallback, nil, me, XML_CHAR_ENCODING_NONE)
            else {
                st.pointee.sink.add(.error, line: 0, column: 0, "cannot create the XML parser")
                return
            }
            st.pointee.ctxt = ctxt
            defer {
                st.pointee.ctxt = nil
                xmlFreeParserCtxt(ctxt)
            }
            // NOENT decodes &amp; and character references in attribute values; it is safe because any
            // DOCTYPE (and so any entity declaration) is refused before parsing.
            _ = xmlCtxtUseOptions(
                ctxt, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOENT.rawValue))
            chanjiao_ctxt_set_errors(ctxt, errorSink)
            _ = xmlParseDocument(ctxt)
        }
    }

    // MARK: - Callbacks

    fileprivate func read(into buffer: UnsafeMutablePointer<CChar>, count: Int) -> Int32 {
        if st.pointee.stopped { return 0 }
        let n = fill(buffer, count: count)
        guard n > 0 else { return n }
        if let violation = st.pointee.tagGuard.scan(UnsafeRawBufferPointer(start: buffer, count: Int(n))) {
            st.pointee.sink.add(.error, line: violation.line, column: violation.column, violation.message)
            stopFromReadCallback()
            return -1
        }
        return n
    }

    /// Copies the next block of input into `buffer`: the prefix, then memory or the file.
    private func fill(_ buffer: UnsafeMutablePointer<CChar>, count: Int) -> Int32 {
        let s = st
        if s.pointee.prefixOffset < s.pointee.prefix.count {
            let n = min(count, s.pointee.prefix.count - s.pointee.prefixOffset)
            let offset = s.pointee.prefixOffset
            s.pointee.prefix.withUnsafeBytes { src in
                UnsafeMutableRawPointer(buffer).copyMemory(from: src.baseAddress! + offset, byteCount: n)
            }
            s.pointee.prefixOffset += n
            return Int32(n)
        }
        if let memory = s.pointee.memory {
            let n = min(count, memory.count - s.pointee.memoryOffset)
            if n <= 0 {
                let left = s.pointee.suffix.count - s.pointee.suffixOffset
                if left <= 0 { return 0 }
                let k = min(count, left)
                let offset = s.pointee.suffixOffset
                s.pointee.suffix.withUnsafeBytes { src in
                    UnsafeMutableRawPointer(buffer).copyMemory(from: src.baseAddress! + offset, byteCount: k)
                }
                s.pointee.suffixOffset += k
                return Int32(k)
            }
            UnsafeMutableRawPointer(buffer).copyMemory(from: memory.baseAddress! + s.pointee.memoryOffset, byteCount: n)
            s.pointee.memoryOffset += n
            return Int32(n)
        }
        let fd = s.pointee.fd
        guard fd >= 0 else { return 0 }
        while true {
            let n = Glibc.read(fd, buffer, count)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return -1 }
            s.pointee.bytesRead += n
            if s.pointee.bytesRead > options.maxBytes {
                s.pointee.sink.add(
                    .error, line: Int(s.pointee.lastLine), column: Int(s.pointee.lastColumn),
                    "file grew over the limit of \(options.maxBytes) bytes while being read")
                stopFromReadCallback()
                return -1
            }
            return Int32(n)
        }
    }

    private func markEventEnd() {
        guard let ctxt = st.pointee.ctxt else { return }
        st.pointee.lastLine = chanjiao_ctxt_line(ctxt)
        st.pointee.lastColumn = chanjiao_ctxt_col(ctxt)
    }

    /// Ends the input from inside the read callback. `xmlStopParser` must not be called there:
    /// libxml2 2.9 frees the input buffer while the function that asked for more input still
    /// points into it (a use after free, found by RobustnessTests). The read error ends the
    /// input instead, and libxml2's follow-up errors are dropped.
    private func stopFromReadCallback() {
        st.pointee.stopped = true
        st.pointee.refused = true
    }

    fileprivate func stop() {
        st.pointee.stopped = true
        st.pointee.refused = true
        if let ctxt = st.pointee.ctxt { xmlStopParser(ctxt) }
    }

    /// The index of the NUL-terminated `name` in `names` (each NUL-terminated), or -1.
    private static func index(of name: UnsafePointer<xmlChar>, in names: [[UInt8]]) -> Int {
        let cName = UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self)
        for (i, n) in names.enumerated() {
            let equal = n.withUnsafeBytes { strcmp(cName, $0.baseAddress!.assumingMemoryBound(to: CChar.self)) == 0 }
            if equal { return i }
        }
        return -1
    }

    private func elementIndex(_ name: UnsafePointer<xmlChar>) -> Int {
        let key = UnsafeRawPointer(name)
        if let i = st.pointee.elementTable.lookup(key) { return i }
        let index = Self.index(of: name, in: st.pointee.elementNames)
        st.pointee.elementTable.insert(key, index)
        return index
    }

    private func attributeIndex(_ name: UnsafePointer<xmlChar>) -> Int {
        let key = UnsafeRawPointer(name)
        if let i = st.pointee.attributeTable.lookup(key) { return i }
        let index = Self.index(of: name, in: st.pointee.attributeNames)
        st.pointee.attributeTable.insert(key, index)
        return index
    }

    fileprivate func startElement(
        _ localname: UnsafePointer<xmlChar>?, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, count: Int
    ) {
        let s = st
        let position = SourcePosition(line: s.pointee.lastLine, column: s.pointee.lastColumn)
        s.pointee.tagPosition = position
        s.pointee.justClosed = nil
        s.pointee.depth += 1
        s.pointee.openStarts.append(position)
        if s.pointee.depth > options.maxDepth {
            error("elements are nested deeper than \(options.maxDepth) levels; no Chanjiao format nests that deep")
            stop()
            return
        }
        s.pointee.textBuffer.removeAll()
        guard let handler = s.pointee.handler, let localname else {
            markStartTagEnd()
            return
        }
        s.pointee.stamp &+= 1
        let stamp = s.pointee.stamp
        let slots = s.pointee.slots
        if let attributes {
            for k in 0..<count {
                let base = attributes + 5 * k
                guard let name = base[0], let value = base[3], let end = base[4] else { continue }
                let index = attributeIndex(name)
                if index >= 0 {
                    slots[index] = AttributeSlot(stamp: stamp, value: value, count: end - value)
                }
            }
        }
        // The attribute slots stay readable until the next event: libxml2's schema plug validates
        // the start tag right after this callback, within the same parser step.
        s.pointee.inStartTag = true
        handler.startElement(elementIndex(localname), parser: self)
        markStartTagEnd()
    }

    /// libxml2 calls `startElementNs` before it consumes the tag's `>` (or `/>`): step over it,
    /// so that a tag that follows directly (`<a><b>`) is placed at its `<`, not one column early.
    private func markStartTagEnd() {
        markEventEnd()
        guard let ctxt = st.pointee.ctxt, let cur = chanjiao_ctxt_cur(ctxt) else { return }
        if cur[0] == UInt8(ascii: ">") {
            st.pointee.lastColumn += 1
        } else if cur[0] == UInt8(ascii: "/") && cur[1] == UInt8(ascii: ">") {
            st.pointee.lastColumn += 2
        }
    }

    fileprivate func endElement(_ localname: UnsafePointer<xmlChar>?) {
        let s = st
        s.pointee.tagPosition = SourcePosition(line: s.pointee.lastLine, column: s.pointee.lastColumn)
        s.pointee.inStartTag = false
        s.pointee.depth -= 1
        s.pointee.justClosed = s.pointee.openStarts.popLast()
        if let handler = s.pointee.handler, let localname {
            handler.endElement(elementIndex(localname), parser: self)
        }
        s.pointee.textBuffer.removeAll()
        markEventEnd()
    }

    fileprivate func characters(_ bytes: UnsafePointer<xmlChar>?, _ count: Int) {
        let s = st
        s.pointee.inStartTag = false
        s.pointee.justClosed = nil
        if let bytes, s.pointee.handler != nil, count > 0 {
            if s.pointee.textBuffer.count + count <= 1 << 20 {
                s.pointee.textBuffer.append(bytes, count: count)
            }
        }
        markEventEnd()
    }

    fileprivate func passive() {
        st.pointee.inStartTag = false
        st.pointee.justClosed = nil
        markEventEnd()
    }

    fileprivate func refuseDoctype() {
        st.pointee.tagPosition = SourcePosition(line: st.pointee.lastLine, column: st.pointee.lastColumn)
        error("DOCTYPE declarations are not allowed: Chanjiao files use no DTD and no entities (refused for safety)")
        stop()
    }

    fileprivate func libxmlError(_ e: UnsafePointer<xmlError>) {
        if st.pointee.refused { return }
        let err = e.pointee
        let raw = err.message.map { String(cString: $0) } ?? "unknown XML error"
        let message = Self.clean(raw)
        let severity: Severity = err.level == XML_ERR_WARNING ? .warning : .error
        if err.domain == Int32(XML_FROM_SCHEMASV.rawValue) || err.domain == Int32(XML_FROM_SCHEMASP.rawValue) {
            // libxml2 locates schema errors by line only: use the tag (or attribute) being validated.
            // After an end tag, errors concern the element just closed (its content): point at its start.
            var position = st.pointee.justClosed ?? st.pointee.tagPosition
            if let name = Self.attributeName(in: raw),
                let index = st.pointee.attributeNames.firstIndex(of: Array(name.utf8) + [0]),
                let p = attributePosition(index)
            {
                position = p
            }
            report(severity, at: position, message)
        } else {
            let line = err.line > 0 ? Int32(err.line) : st.pointee.lastLine
            let column = err.int2 > 0 ? Int32(err.int2) : st.pointee.lastColumn
            report(severity, at: SourcePosition(line: line, column: column), message)
            if err.level == XML_ERR_FATAL { st.pointee.stopped = true }
        }
    }

    /// Strips namespace URIs in braces (`{urn:…}name`) and line breaks from a libxml2 message.
    static func clean(_ message: String) -> String {
        var out = message
        while let open = out.range(of: "{urn:") ?? out.range(of: "{http"),
            let close = out[open.upperBound...].firstIndex(of: "}")
        {
            out.removeSubrange(open.lowerBound...close)
        }
        return out.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
            .trimmingXMLWhitespace()
    }

    /// The attribute a schema message is about (`…, attribute 'enrolment': …`).
    static func attributeName(in message: String) -> String? {
        guard let r = message.range(of: "attribute '") else { return nil }
        let rest = message[r.upperBound...]
        guard let end = rest.firstIndex(of: "'") else { return nil }
        let name = String(rest[..<end])
        return name.contains("}") ? String(name.split(separator: "}").last ?? "") : name
    }
}

extension String {
    /// The string without leading and trailing XML whitespace (space, tab, CR, LF).
    func trimmingXMLWhitespace() -> String {
        let u = utf8
        guard let first = u.firstIndex(where: { !XMLValue.isSpace($0) }) else { return "" }
        let last = u.lastIndex(where: { !XMLValue.isSpace($0) })!
        return String(self[first...last])
    }
}

// MARK: - C callbacks

private func parser(_ ctx: UnsafeMutableRawPointer?) -> XMLStreamParser {
    Unmanaged<XMLStreamParser>.fromOpaque(ctx!).takeUnretainedValue()
}

private let xmlStartElementCallback: startElementNsSAX2Func = { ctx, localname, _, _, _, _, nbAttributes, _, attributes in
    parser(ctx).startElement(localname, attributes: attributes, count: Int(nbAttributes))
}

private let xmlEndElementCallback: endElementNsSAX2Func = { ctx, localname, _, _ in
    parser(ctx).endElement(localname)
}

private let xmlCharactersCallback: charactersSAXFunc = { ctx, ch, len in
    parser(ctx).characters(ch, Int(len))
}

private let xmlCommentCallback: commentSAXFunc = { ctx, _ in parser(ctx).passive() }

private let xmlProcessingInstructionCallback: processingInstructionSAXFunc = { ctx, _, _ in parser(ctx).passive() }

private let xmlInternalSubsetCallback: internalSubsetSAXFunc = { ctx, _, _, _ in parser(ctx).refuseDoctype() }

private let xmlReadCallback: xmlInputReadCallback = { ctx, buffer, len in
    guard let buffer else { return -1 }
    return parser(ctx).read(into: buffer, count: Int(len))
}

private let xmlErrorCallback: chanjiao_error_fn = { user, error in
    guard let user, let error else { return }
    parser(user).libxmlError(error)
}
