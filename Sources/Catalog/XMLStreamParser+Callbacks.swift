import CLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// The SAX callbacks of `XMLStreamParser`: libxml2 calls the C functions at the end of this file,
// which forward to the methods below.

extension XMLStreamParser {
    // MARK: - Callbacks

    func read(into buffer: UnsafeMutablePointer<CChar>, count: Int) -> Int32 {
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
    func fill(_ buffer: UnsafeMutablePointer<CChar>, count: Int) -> Int32 {
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

    func markEventEnd() {
        guard let ctxt = st.pointee.ctxt else { return }
        st.pointee.lastLine = chanjiao_ctxt_line(ctxt)
        st.pointee.lastColumn = chanjiao_ctxt_col(ctxt)
    }

    /// Ends the input from inside the read callback. `xmlStopParser` must not be called there:
    /// libxml2 2.9 frees the input buffer while the function that asked for more input still
    /// points into it (a use after free, found by RobustnessTests). The read error ends the
    /// input instead, and libxml2's follow-up errors are dropped.
    func stopFromReadCallback() {
        st.pointee.stopped = true
        st.pointee.refused = true
    }

    func stop() {
        st.pointee.stopped = true
        st.pointee.refused = true
        if let ctxt = st.pointee.ctxt { xmlStopParser(ctxt) }
    }

    /// The index of the NUL-terminated `name` in `names` (each NUL-terminated), or -1.
    static func index(of name: UnsafePointer<xmlChar>, in names: [[UInt8]]) -> Int {
        let cName = UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self)
        for (i, n) in names.enumerated() {
            let equal = n.withUnsafeBytes { strcmp(cName, $0.baseAddress!.assumingMemoryBound(to: CChar.self)) == 0 }
            if equal { return i }
        }
        return -1
    }

    func elementIndex(_ name: UnsafePointer<xmlChar>) -> Int {
        let key = UnsafeRawPointer(name)
        if let i = st.pointee.elementTable.lookup(key) { return i }
        let index = Self.index(of: name, in: st.pointee.elementNames)
        st.pointee.elementTable.insert(key, index)
        return index
    }

    func attributeIndex(_ name: UnsafePointer<xmlChar>) -> Int {
        let key = UnsafeRawPointer(name)
        if let i = st.pointee.attributeTable.lookup(key) { return i }
        let index = Self.index(of: name, in: st.pointee.attributeNames)
        st.pointee.attributeTable.insert(key, index)
        return index
    }

    func startElement(
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
    func markStartTagEnd() {
        markEventEnd()
        guard let ctxt = st.pointee.ctxt, let cur = chanjiao_ctxt_cur(ctxt) else { return }
        if cur[0] == UInt8(ascii: ">") {
            st.pointee.lastColumn += 1
        } else if cur[0] == UInt8(ascii: "/") && cur[1] == UInt8(ascii: ">") {
            st.pointee.lastColumn += 2
        }
    }

    func endElement(_ localname: UnsafePointer<xmlChar>?) {
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

    func characters(_ bytes: UnsafePointer<xmlChar>?, _ count: Int) {
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

    func passive() {
        st.pointee.inStartTag = false
        st.pointee.justClosed = nil
        markEventEnd()
    }

    func refuseDoctype() {
        st.pointee.tagPosition = SourcePosition(line: st.pointee.lastLine, column: st.pointee.lastColumn)
        error("DOCTYPE declarations are not allowed: Chanjiao files use no DTD and no entities (refused for safety)")
        stop()
    }

    func libxmlError(_ e: UnsafePointer<xmlError>) {
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

// MARK: - C callbacks

func streamParser(_ ctx: UnsafeMutableRawPointer?) -> XMLStreamParser {
    Unmanaged<XMLStreamParser>.fromOpaque(ctx!).takeUnretainedValue()
}

let xmlStartElementCallback: startElementNsSAX2Func = { ctx, localname, _, _, _, _, nbAttributes, _, attributes in
    streamParser(ctx).startElement(localname, attributes: attributes, count: Int(nbAttributes))
}

let xmlEndElementCallback: endElementNsSAX2Func = { ctx, localname, _, _ in
    streamParser(ctx).endElement(localname)
}

let xmlCharactersCallback: charactersSAXFunc = { ctx, ch, len in
    streamParser(ctx).characters(ch, Int(len))
}

let xmlCommentCallback: commentSAXFunc = { ctx, _ in streamParser(ctx).passive() }

let xmlProcessingInstructionCallback: processingInstructionSAXFunc = { ctx, _, _ in streamParser(ctx).passive() }

let xmlInternalSubsetCallback: internalSubsetSAXFunc = { ctx, _, _, _ in streamParser(ctx).refuseDoctype() }

let xmlReadCallback: xmlInputReadCallback = { ctx, buffer, len in
    guard let buffer else { return -1 }
    return streamParser(ctx).read(into: buffer, count: Int(len))
}

let xmlErrorCallback: chanjiao_error_fn = { user, error in
    guard let user, let error else { return }
    streamParser(user).libxmlError(error)
}
