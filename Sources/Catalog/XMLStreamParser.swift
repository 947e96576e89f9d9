import CLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
    let st: UnsafeMutablePointer<State>

    /// The parser's mutable state (see the type's comment for why it is not stored properties).
    struct State {
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
        install(handler)
        parse(schema: nil)
    }

    /// Makes `handler` receive the events: its element and attribute names as NUL-terminated
    /// bytes, and one attribute slot per attribute name.
    private func install(_ handler: XMLContentHandler) {
        st.pointee.handler = handler
        st.pointee.elementNames = handler.elementNames.map { Array($0.utf8) + [0] }
        let attributeNames = handler.attributeNames.map { Array($0.utf8) + [0] }
        st.pointee.attributeNames = attributeNames
        let slots = UnsafeMutablePointer<AttributeSlot>.allocate(capacity: max(1, attributeNames.count))
        slots.initialize(repeating: AttributeSlot(), count: max(1, attributeNames.count))
        st.pointee.slots = UnsafeMutableBufferPointer(start: slots, count: attributeNames.count)
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
        if let handler { install(handler) } else { st.pointee.handler = nil }
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
}
