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

    /// A decimal number (xs:decimal syntax), or nil.
    var double: Double? {
        let t = trimmed
        guard !t.isEmpty, t.count <= 40 else { return nil }
        var k = 0
        var negative = false
        if t[0] == UInt8(ascii: "-") || t[0] == UInt8(ascii: "+") {
            negative = t[0] == UInt8(ascii: "-")
            k = 1
        }
        var value = 0.0
        var digits = 0
        while k < t.count, t[k] >= 48, t[k] <= 57 {
            value = value * 10 + Double(t[k] - 48)
            digits += 1
            k += 1
        }
        if k < t.count, t[k] == UInt8(ascii: ".") {
            k += 1
            var scale = 0.1
            while k < t.count, t[k] >= 48, t[k] <= 57 {
                value += Double(t[k] - 48) * scale
                scale /= 10
                digits += 1
                k += 1
            }
        }
        guard digits > 0, k == t.count else { return nil }
        return negative ? -value : value
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

/// Streams one XML document through libxml2's SAX2 parser, validating it against its kind's XSD
/// in the same pass, and hands elements to a content handler. No DOM is built.
///
/// Every diagnostic carries a real line and column: libxml2's own for well-formedness errors, and
/// for schema errors (which libxml2 locates by line only) the start of the tag being validated,
/// or of the offending attribute, as tracked from the parser's input position.
final class XMLStreamParser {
    let file: String
    let options: IngestOptions
    private(set) var sink: DiagnosticSink

    private var handler: XMLContentHandler?
    private var ctxt: xmlParserCtxtPtr?
    private var elementNames: [[UInt8]] = []
    private var attributeNames: [[UInt8]] = []
    private var elementCache: [(UnsafeRawPointer, Int)] = []
    private var attributeCache: [(UnsafeRawPointer, Int)] = []

    // Attribute values of the current start tag, by the handler's attribute index.
    private var slotStamp: [Int] = []
    private var slotValue: [XMLValue?] = []
    private var slotPointer: [UnsafePointer<UInt8>?] = []
    private var stamp = 0
    private var currentAttributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    private var currentAttributeCount = 0

    // Position tracking: the end of the previous event is where the next tag starts.
    private var lastLine: Int32 = 1
    private var lastColumn: Int32 = 1
    /// Where the tag now being handled starts.
    private(set) var tagPosition = SourcePosition(line: 1, column: 1)
    private var inStartTag = false
    private var depth = 0
    /// Start positions of the open elements.
    private var openStarts: [SourcePosition] = []
    /// The start of the element whose end tag was the last event, if that was the last event.
    private var justClosed: SourcePosition?
    private var stopped = false
    /// Set when Chanjiao itself stopped the parse over a limit: libxml2's errors after that only
    /// restate the cut-off and are dropped.
    private var refused = false
    private var tagGuard = StartTagGuard()

    /// Character content of the current element (reset at each start tag).
    private var textBuffer: [UInt8] = []

    // Input: first the sniffed prefix, then the file descriptor or the remaining memory.
    private var prefix: [UInt8] = []
    private var prefixOffset = 0
    private var fd: Int32 = -1
    private var memory: UnsafeRawBufferPointer?
    private var memoryOffset = 0
    private var bytesRead = 0

    init(file: String, options: IngestOptions) {
        self.file = file
        self.options = options
        self.sink = DiagnosticSink(file: file, limit: options.diagnosticLimit)
    }

    // MARK: - Reporting

    func report(_ severity: Severity, at position: SourcePosition, _ message: String) {
        sink.add(severity, line: Int(position.line), column: Int(position.column), message)
    }

    func error(_ message: String) { report(.error, at: tagPosition, message) }

    func warning(_ message: String) { report(.warning, at: tagPosition, message) }

    /// Reports an error at the attribute `index` of the current start tag (or at the tag).
    func error(attribute index: Int, _ message: String) {
        report(.error, at: attributePosition(index) ?? tagPosition, message)
    }

    var text: String {
        String(decoding: textBuffer, as: UTF8.self)
            .trimmingXMLWhitespace()
    }

    /// The start of the element now ending (valid during `endElement`).
    var lastClosedStart: SourcePosition? { justClosed }

    /// Whether schema validation is on, so that handlers need not repeat what the XSD checks.
    var validating: Bool { options.validate }

    /// The value of attribute `index` in the current start tag.
    func attribute(_ index: Int) -> XMLValue? {
        guard index >= 0, index < slotStamp.count, slotStamp[index] == stamp else { return nil }
        return slotValue[index]
    }

    /// The position of attribute `index` (its name) in the current start tag.
    func attributePosition(_ index: Int) -> SourcePosition? {
        guard inStartTag, index >= 0, index < slotStamp.count, slotStamp[index] == stamp,
            let p = slotPointer[index]
        else { return nil }
        return position(ofAttributeValue: p)
    }

    /// Finds the column of an attribute whose value starts at `value` by scanning back to the `<`
    /// of the tag (which no attribute value may contain) inside libxml2's input buffer.
    private func position(ofAttributeValue value: UnsafePointer<UInt8>) -> SourcePosition? {
        guard let ctxt, let base = chanjiao_ctxt_base(ctxt), let cur = chanjiao_ctxt_cur(ctxt) else { return nil }
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
            sink.add(.error, line: 0, column: 0, "cannot open file: \(reason)")
            return nil
        }
        defer { close(descriptor) }
        var st = stat()
        if fstat(descriptor, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR {
                sink.add(.error, line: 0, column: 0, "is a directory, not an XML file")
                return nil
            }
            if Int(st.st_size) > options.maxBytes {
                sink.add(
                    .error, line: 0, column: 0,
                    "file is \(st.st_size) bytes, over the limit of \(options.maxBytes) bytes (raise it with --max-size)")
                return nil
            }
        }
        fd = descriptor
        // Read the first block to find the root element and so the schema.
        var head = [UInt8](repeating: 0, count: 64 << 10)
        var filled = 0
        while filled < head.count {
            let n = head.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                sink.add(.error, line: 0, column: 0, "cannot read file: \(String(cString: strerror(errno)))")
                return nil
            }
            if n == 0 { break }
            filled += n
        }
        head.removeSubrange(filled...)
        prefix = head
        bytesRead = filled
        return run(expecting: expecting, makeHandler: makeHandler)
    }

    /// Parses a document held in memory (for example an HTTP request body).
    func parseMemory(
        _ bytes: UnsafeRawBufferPointer, expecting: DocumentKind? = nil, makeHandler: (DocumentKind) -> XMLContentHandler
    ) -> DocumentKind? {
        if bytes.count > options.maxBytes {
            sink.add(
                .error, line: 0, column: 0,
                "document is \(bytes.count) bytes, over the limit of \(options.maxBytes) bytes")
            return nil
        }
        memory = bytes
        memoryOffset = 0
        prefix = []
        let headCount = min(bytes.count, 64 << 10)
        prefix = Array(UnsafeRawBufferPointer(rebasing: bytes[0..<headCount]))
        memoryOffset = headCount
        bytesRead = headCount
        return run(expecting: expecting, makeHandler: makeHandler)
    }

    private func run(expecting: DocumentKind?, makeHandler: (DocumentKind) -> XMLContentHandler) -> DocumentKind? {
        let sniff = prefix.withUnsafeBytes { RootSniffer.sniff($0) }
        var kind: DocumentKind?
        switch sniff {
        case .doctype(let line, let column):
            sink.add(
                .error, line: line, column: column,
                "DOCTYPE declarations are not allowed: Chanjiao files use no DTD and no entities (refused for safety)")
            return nil
        case .notUTF8(let why, let line, let column):
            sink.add(.error, line: line, column: column, "\(why); Chanjiao reads UTF-8 only: save the file as UTF-8")
            return nil
        case .root(let local, let uri, let line, let column):
            lastLine = Int32(line)
            lastColumn = Int32(column)
            kind = DocumentKind.matching(namespace: uri, root: local)
            if kind == nil {
                let byName = DocumentKind.allCases.first { $0.rootName == local }
                if let byName {
                    let found = uri.isEmpty ? "no namespace" : "namespace '\(uri)'"
                    sink.add(
                        .error, line: line, column: column,
                        "root element <\(local)> has \(found); expected xmlns=\"\(byName.namespace)\"")
                } else {
                    sink.add(
                        .error, line: line, column: column,
                        "unknown root element <\(local)>\(uri.isEmpty ? "" : " in namespace '\(uri)'"); expected one of \(DocumentKind.acceptedRoots)"
                    )
                }
                return nil
            }
            if let expecting, kind != expecting {
                sink.add(
                    .error, line: line, column: column,
                    "expected a <\(expecting.rootName)> document (\(expecting.namespace)) but found <\(local)>")
                return nil
            }
        case .notFound:
            kind = nil
        }
        // Either the kind is known, or libxml2 parses without a schema to report the syntax error.
        let handler: XMLContentHandler? = kind.map(makeHandler)
        self.handler = handler
        if let handler {
            elementNames = handler.elementNames.map { Array($0.utf8) + [0] }
            attributeNames = handler.attributeNames.map { Array($0.utf8) + [0] }
            slotStamp = Array(repeating: 0, count: attributeNames.count)
            slotValue = Array(repeating: nil, count: attributeNames.count)
            slotPointer = Array(repeating: nil, count: attributeNames.count)
        }
        parse(schema: (options.validate ? kind : nil).flatMap { SchemaCache.shared.schema(for: $0) })
        if kind == nil && sink.errorCount == 0 {
            sink.add(.error, line: 1, column: 1, "no root element found: the file is not an XML document")
        }
        return kind
    }

    private func parse(schema: xmlSchemaPtr?) {
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
                sink.add(.error, line: 0, column: 0, "cannot create the XML parser")
                return
            }
            self.ctxt = ctxt
            defer {
                self.ctxt = nil
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
        if stopped { return 0 }
        let n = fill(buffer, count: count)
        guard n > 0 else { return n }
        if let violation = tagGuard.scan(UnsafeRawBufferPointer(start: buffer, count: Int(n))) {
            sink.add(.error, line: violation.line, column: violation.column, violation.message)
            stopFromReadCallback()
            return -1
        }
        return n
    }

    /// Copies the next block of input into `buffer`: the prefix, then memory or the file.
    private func fill(_ buffer: UnsafeMutablePointer<CChar>, count: Int) -> Int32 {
        if prefixOffset < prefix.count {
            let n = min(count, prefix.count - prefixOffset)
            prefix.withUnsafeBytes { src in
                UnsafeMutableRawPointer(buffer).copyMemory(from: src.baseAddress! + prefixOffset, byteCount: n)
            }
            prefixOffset += n
            return Int32(n)
        }
        if let memory {
            let n = min(count, memory.count - memoryOffset)
            if n <= 0 { return 0 }
            UnsafeMutableRawPointer(buffer).copyMemory(from: memory.baseAddress! + memoryOffset, byteCount: n)
            memoryOffset += n
            return Int32(n)
        }
        guard fd >= 0 else { return 0 }
        while true {
            let n = Glibc.read(fd, buffer, count)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return -1 }
            bytesRead += n
            if bytesRead > options.maxBytes {
                sink.add(
                    .error, line: Int(lastLine), column: Int(lastColumn),
                    "file grew over the limit of \(options.maxBytes) bytes while being read")
                stopFromReadCallback()
                return -1
            }
            return Int32(n)
        }
    }

    private func markEventEnd() {
        guard let ctxt else { return }
        lastLine = chanjiao_ctxt_line(ctxt)
        lastColumn = chanjiao_ctxt_col(ctxt)
    }

    /// Ends the input from inside the read callback. `xmlStopParser` must not be called there:
    /// libxml2 2.9 frees the input buffer while the function that asked for more input still
    /// points into it (a use after free, found by RobustnessTests). The read error ends the
    /// input instead, and libxml2's follow-up errors are dropped.
    private func stopFromReadCallback() {
        stopped = true
        refused = true
    }

    fileprivate func stop() {
        stopped = true
        refused = true
        if let ctxt { xmlStopParser(ctxt) }
    }

    private func elementIndex(_ name: UnsafePointer<xmlChar>) -> Int {
        let key = UnsafeRawPointer(name)
        for (p, i) in elementCache where p == key { return i }
        var index = -1
        for (i, n) in elementNames.enumerated() where strcmp(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self), n.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self) }) == 0 {
            index = i
            break
        }
        if elementCache.count < 64 { elementCache.append((key, index)) }
        return index
    }

    private func attributeIndex(_ name: UnsafePointer<xmlChar>) -> Int {
        let key = UnsafeRawPointer(name)
        for (p, i) in attributeCache where p == key { return i }
        var index = -1
        for (i, n) in attributeNames.enumerated() where strcmp(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self), n.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self) }) == 0 {
            index = i
            break
        }
        if attributeCache.count < 128 { attributeCache.append((key, index)) }
        return index
    }

    fileprivate func startElement(
        _ localname: UnsafePointer<xmlChar>?, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, count: Int
    ) {
        tagPosition = SourcePosition(line: lastLine, column: lastColumn)
        justClosed = nil
        depth += 1
        openStarts.append(tagPosition)
        if depth > options.maxDepth {
            error("elements are nested deeper than \(options.maxDepth) levels; no Chanjiao format nests that deep")
            stop()
            return
        }
        textBuffer.removeAll(keepingCapacity: true)
        guard let handler, let localname else {
            markStartTagEnd()
            return
        }
        stamp &+= 1
        if let attributes {
            for k in 0..<count {
                let base = attributes + 5 * k
                guard let name = base[0], let value = base[3], let end = base[4] else { continue }
                let index = attributeIndex(name)
                if index >= 0 {
                    slotStamp[index] = stamp
                    slotValue[index] = XMLValue(base: value, count: end - value)
                    slotPointer[index] = value
                }
            }
        }
        // The attribute slots stay readable until the next event: libxml2's schema plug validates
        // the start tag right after this callback, within the same parser step.
        inStartTag = true
        handler.startElement(elementIndex(localname), parser: self)
        markStartTagEnd()
    }

    /// libxml2 calls `startElementNs` before it consumes the tag's `>` (or `/>`): step over it,
    /// so that a tag that follows directly (`<a><b>`) is placed at its `<`, not one column early.
    private func markStartTagEnd() {
        markEventEnd()
        guard let ctxt, let cur = chanjiao_ctxt_cur(ctxt) else { return }
        if cur[0] == UInt8(ascii: ">") {
            lastColumn += 1
        } else if cur[0] == UInt8(ascii: "/") && cur[1] == UInt8(ascii: ">") {
            lastColumn += 2
        }
    }

    fileprivate func endElement(_ localname: UnsafePointer<xmlChar>?) {
        tagPosition = SourcePosition(line: lastLine, column: lastColumn)
        inStartTag = false
        depth -= 1
        justClosed = openStarts.popLast()
        if let handler, let localname {
            handler.endElement(elementIndex(localname), parser: self)
        }
        textBuffer.removeAll(keepingCapacity: true)
        markEventEnd()
    }

    fileprivate func characters(_ bytes: UnsafePointer<xmlChar>?, _ count: Int) {
        inStartTag = false
        justClosed = nil
        if let bytes, handler != nil, count > 0 {
            if textBuffer.count + count <= 1 << 20 {
                textBuffer.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
            }
        }
        markEventEnd()
    }

    fileprivate func passive() {
        inStartTag = false
        justClosed = nil
        markEventEnd()
    }

    fileprivate func refuseDoctype() {
        tagPosition = SourcePosition(line: lastLine, column: lastColumn)
        error("DOCTYPE declarations are not allowed: Chanjiao files use no DTD and no entities (refused for safety)")
        stop()
    }

    fileprivate func libxmlError(_ e: UnsafePointer<xmlError>) {
        if refused { return }
        let err = e.pointee
        let raw = err.message.map { String(cString: $0) } ?? "unknown XML error"
        let message = Self.clean(raw)
        let severity: Severity = err.level == XML_ERR_WARNING ? .warning : .error
        if err.domain == Int32(XML_FROM_SCHEMASV.rawValue) || err.domain == Int32(XML_FROM_SCHEMASP.rawValue) {
            // libxml2 locates schema errors by line only: use the tag (or attribute) being validated.
            // After an end tag, errors concern the element just closed (its content): point at its start.
            var position = justClosed ?? tagPosition
            if let name = Self.attributeName(in: raw), let index = attributeNames.firstIndex(of: Array(name.utf8) + [0]),
                let p = attributePosition(index)
            {
                position = p
            }
            report(severity, at: position, message)
        } else {
            let line = err.line > 0 ? Int32(err.line) : lastLine
            let column = err.int2 > 0 ? Int32(err.int2) : lastColumn
            report(severity, at: SourcePosition(line: line, column: column), message)
            if err.level == XML_ERR_FATAL { stopped = true }
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
