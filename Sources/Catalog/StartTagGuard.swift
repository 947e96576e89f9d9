#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Bounds the size of every start tag in the byte stream before libxml2 sees it.
///
/// libxml2 2.9 checks a start tag's attributes for duplicates pairwise, so a tag with a million
/// attributes takes hours, and it buffers a whole tag (up to 10 MB of attribute value) before it
/// reports anything. No Chanjiao format has more than a dozen attributes on an element or values
/// longer than a few hundred bytes, so the read callback feeds every block through this scanner
/// and stops the parse, with the tag's position, at the first tag over either bound.
///
/// The scanner knows just enough XML to find start tags: it skips comments, CDATA sections,
/// processing instructions, end tags and declarations, and counts `=` outside quotes as
/// attributes.
///
/// - Complexity: O(n) in the bytes scanned, O(1) memory; state carries over between blocks.
struct StartTagGuard {
    /// Most attributes (namespace declarations included) one start tag may carry.
    static let maxAttributes = 256
    /// Most bytes one start tag may span, from `<` to `>`.
    static let maxTagBytes = 1 << 20

    /// What the scanner is inside of.
    enum State: UInt8 {
        case text, lessThan, startTag, bang, bangDash, comment, cdataOrDecl, declaration, cdata,
            instruction, endTag
    }

    /// A start tag over a bound: where it starts and why it is refused.
    struct Violation: Equatable {
        var line: Int
        var column: Int
        var message: String
    }

    private var state = State.text
    private var quote: UInt8 = 0
    private var attributes = 0
    private var tagBytes = 0
    /// Consecutive `-` (comment) or `]` (CDATA) or whether the last byte was `?` (instruction).
    private var run = 0
    /// Line and column of the next byte to be scanned (the first of the next block).
    private var line = 1
    private var column = 1
    /// Where the last `<` is, once known; a `<` found in the block being scanned is placed only
    /// when needed (a violation, or the block's end), from `lastTagStart`.
    private var tagLine = 1
    private var tagColumn = 1

    /// Scans the next block of the stream; returns the first violation, after which the
    /// scanner should not be fed again.
    ///
    /// Text, end tags and quoted values are skipped eight bytes at a time to the byte that ends
    /// them, and start tags to their next quote, `=` or `>`; the rare states (comments, CDATA, …)
    /// take one byte at a time. Lines and columns are counted once per block, not per byte, and
    /// a tag's start is placed only when a violation or the end of the block needs it. The answers
    /// are those of a byte-by-byte scan.
    mutating func scan(_ block: UnsafeRawBufferPointer) -> Violation? {
        guard let start = block.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        let end = start + block.count
        var p = start
        /// The last `<` in this block, if any.
        var lastTagStart: UnsafePointer<UInt8>?
        var violation: String?
        scanning: while p < end {
            switch state {
            case .text, .endTag, .declaration:
                let target = state == .text ? UInt8(ascii: "<") : UInt8(ascii: ">")
                let q = Self.find(target, from: p, to: end)
                guard q < end else { break scanning }
                if state == .text {
                    state = .lessThan
                    lastTagStart = q
                } else {
                    state = .text
                }
                p = q + 1
            case .startTag:
                // Locals, so that the loop keeps them in registers (stores through `p` could alias `self`).
                var quote = self.quote
                var tagBytes = self.tagBytes
                var attributes = self.attributes
                while p < end {
                    // Skip to the closing quote, or to the next byte that matters outside quotes.
                    let q = quote != 0 ? Self.find(quote, from: p, to: end) : Self.findMarkup(from: p, to: end)
                    tagBytes += q - p
                    p = q
                    if tagBytes > Self.maxTagBytes {
                        violation =
                            "start tag is longer than \(Self.maxTagBytes) bytes; "
                            + "no Chanjiao element or attribute value is that long"
                        break
                    }
                    guard p < end else { break }
                    let b = p.pointee
                    p += 1
                    tagBytes += 1
                    if quote != 0 {
                        quote = 0
                    } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                        quote = b
                    } else if b == UInt8(ascii: "=") {
                        attributes += 1
                        if attributes > Self.maxAttributes {
                            violation =
                                "start tag has more than \(Self.maxAttributes) attributes; "
                                + "no Chanjiao element has that many"
                            break
                        }
                        // The value's quote usually follows at once: take it here rather than search for it
                        // (short of the byte limit, so that neither byte could be over it).
                        if p < end, tagBytes < Self.maxTagBytes, p.pointee == UInt8(ascii: "\"") || p.pointee == UInt8(ascii: "'") {
                            quote = p.pointee
                            p += 1
                            tagBytes += 1
                        }
                    } else {  // `>`
                        state = .text
                        break
                    }
                    if tagBytes > Self.maxTagBytes {
                        violation =
                            "start tag is longer than \(Self.maxTagBytes) bytes; "
                            + "no Chanjiao element or attribute value is that long"
                        break
                    }
                }
                self.quote = quote
                self.tagBytes = tagBytes
                self.attributes = attributes
                if violation != nil { break scanning }
            default:
                step(p.pointee)
                p += 1
            }
        }
        var from = start
        if let lastTagStart {
            (tagLine, tagColumn) = Self.position(of: lastTagStart, from: start, line: line, column: column)
            // The rest of the block is counted on from the tag.
            (from, line, column) = (lastTagStart, tagLine, tagColumn)
        }
        if let violation {
            return Violation(line: tagLine, column: tagColumn, message: violation)
        }
        (line, column) = Self.position(of: end, from: from, line: line, column: column)
        return nil
    }

    /// The line and column of the byte at `x`, given those of the byte at `from`: a line feed
    /// starts a new line at column 1, and every byte that does not continue a UTF-8 sequence is
    /// one column.
    private static func position(of x: UnsafePointer<UInt8>, from blockStart: UnsafePointer<UInt8>, line: Int, column: Int)
        -> (Int, Int)
    {
        // Line feeds, eight bytes at a time.
        var newlines = 0
        var q = blockStart
        while x - q >= 8 {
            newlines &+= count(matches(load(q), 0x0A))
            q += 8
        }
        while q < x {
            if q.pointee == 0x0A { newlines &+= 1 }
            q += 1
        }
        var rest = blockStart
        var column = column
        if newlines > 0 {
            column = 1
            rest = x
            while rest[-1] != 0x0A { rest -= 1 }
        }
        // Columns: every byte after the last line feed but the continuation bytes (10xxxxxx).
        var continuations = 0
        q = rest
        while x - q >= 8 {
            let w = load(q)
            continuations &+= count(w & ~(w << 1) & highs)
            q += 8
        }
        while q < x {
            if q.pointee & 0xC0 == 0x80 { continuations &+= 1 }
            q += 1
        }
        return (line + newlines, column + (x - rest) - continuations)
    }

    // MARK: - Eight bytes at a time

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Eight bytes from `p` (unaligned), the first in the lowest byte.
    @inline(__always)
    private static func load(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    }

    /// The high bit of each byte of `w` that equals `c`, and no other bit (exact, no carries).
    @inline(__always)
    private static func matches(_ w: UInt64, _ c: UInt8) -> UInt64 {
        let x = w ^ (ones &* UInt64(c))
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((x & low) &+ low) | x | low)
    }

    /// How many bytes of `w` have their high bit set in `mask` (a mask of high bits only).
    @inline(__always)
    private static func count(_ mask: UInt64) -> Int {
        Int(truncatingIfNeeded: ((mask >> 7) &* ones) >> 56)
    }

    /// The first `c` in `p..<end`, or `end`.
    @inline(__always)
    private static func find(_ c: UInt8, from p: UnsafePointer<UInt8>, to end: UnsafePointer<UInt8>)
        -> UnsafePointer<UInt8>
    {
        var q = p
        while end - q >= 8 {
            let m = matches(load(q), c)
            if m != 0 { return q + m.trailingZeroBitCount >> 3 }
            q += 8
        }
        while q < end, q.pointee != c { q += 1 }
        return q
    }

    /// The first quote, `=` or `>` in `p..<end`, or `end`.
    @inline(__always)
    private static func findMarkup(from p: UnsafePointer<UInt8>, to end: UnsafePointer<UInt8>)
        -> UnsafePointer<UInt8>
    {
        var q = p
        while end - q >= 8 {
            let w = load(q)
            let m =
                matches(w, UInt8(ascii: "\"")) | matches(w, UInt8(ascii: "'")) | matches(w, UInt8(ascii: "="))
                | matches(w, UInt8(ascii: ">"))
            if m != 0 { return q + m.trailingZeroBitCount >> 3 }
            q += 8
        }
        while q < end {
            let b = q.pointee
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: "=") || b == UInt8(ascii: ">") {
                break
            }
            q += 1
        }
        return q
    }

    /// One byte in a state other than text, start tag, end tag or declaration.
    private mutating func step(_ b: UInt8) {
        switch state {
        case .lessThan:
            switch b {
            case UInt8(ascii: "!"): state = .bang
            case UInt8(ascii: "?"):
                state = .instruction
                run = 0
            case UInt8(ascii: "/"): state = .endTag
            default:
                state = .startTag
                quote = 0
                attributes = 0
                tagBytes = 2
                if b == UInt8(ascii: ">") { state = .text }
            }
        case .bang:
            state = b == UInt8(ascii: "-") ? .bangDash : (b == UInt8(ascii: "[") ? .cdataOrDecl : .declaration)
            if b == UInt8(ascii: ">") { state = .text }
        case .bangDash:
            state = b == UInt8(ascii: "-") ? .comment : .declaration
            run = 0
        case .comment:
            if b == UInt8(ascii: ">") && run >= 2 { state = .text }
            run = b == UInt8(ascii: "-") ? run + 1 : 0
        case .cdataOrDecl:
            // `<![CDATA[`: the next `[` opens the section.
            if b == UInt8(ascii: "[") {
                state = .cdata
                run = 0
            } else if b == UInt8(ascii: ">") {
                state = .text
            }
        case .cdata:
            if b == UInt8(ascii: ">") && run >= 2 { state = .text }
            run = b == UInt8(ascii: "]") ? run + 1 : 0
        case .instruction:
            if b == UInt8(ascii: ">") && run == 1 { state = .text }
            run = b == UInt8(ascii: "?") ? 1 : 0
        case .text, .startTag, .endTag, .declaration:
            break
        }
    }
}
