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
    private var line = 1
    private var column = 1
    private var tagLine = 1
    private var tagColumn = 1

    /// Scans the next block of the stream; returns the first violation, after which the
    /// scanner should not be fed again.
    mutating func scan(_ block: UnsafeRawBufferPointer) -> Violation? {
        guard let base = block.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        let count = block.count
        var k = 0
        while k < count {
            let b = base[k]
            k += 1
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            switch state {
            case .text:
                if b == UInt8(ascii: "<") {
                    state = .lessThan
                    tagLine = line
                    tagColumn = column - 1
                }
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
            case .startTag:
                tagBytes += 1
                if quote != 0 {
                    if b == quote { quote = 0 }
                } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                    quote = b
                } else if b == UInt8(ascii: "=") {
                    attributes += 1
                    if attributes > Self.maxAttributes {
                        return Violation(
                            line: tagLine, column: tagColumn,
                            message:
                                "start tag has more than \(Self.maxAttributes) attributes; "
                                + "no Chanjiao element has that many")
                    }
                } else if b == UInt8(ascii: ">") {
                    state = .text
                }
                if state == .startTag && tagBytes > Self.maxTagBytes {
                    return Violation(
                        line: tagLine, column: tagColumn,
                        message:
                            "start tag is longer than \(Self.maxTagBytes) bytes; "
                            + "no Chanjiao element or attribute value is that long")
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
            case .declaration, .endTag:
                if b == UInt8(ascii: ">") { state = .text }
            case .instruction:
                if b == UInt8(ascii: ">") && run == 1 { state = .text }
                run = b == UInt8(ascii: "?") ? 1 : 0
            }
        }
        return nil
    }
}
