import TestSupport
import Testing

@testable import Catalog

/// `StartTagGuard` skips runs of bytes at a time; these tests hold it to the answers of the plain
/// byte-by-byte scan it replaced (kept here as `ByteScanner`), over random streams cut into random
/// blocks.
@Suite("Start tag guard")
struct StartTagGuardTests {
    /// The byte-by-byte scanner: line and column per byte, one state step per byte.
    struct ByteScanner {
        var state = StartTagGuard.State.text
        var quote: UInt8 = 0
        var attributes = 0
        var tagBytes = 0
        var run = 0
        var line = 1
        var column = 1
        var tagLine = 1
        var tagColumn = 1

        mutating func scan(_ block: [UInt8]) -> StartTagGuard.Violation? {
            for b in block {
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
                        if attributes > StartTagGuard.maxAttributes {
                            return StartTagGuard.Violation(
                                line: tagLine, column: tagColumn,
                                message:
                                    "start tag has more than \(StartTagGuard.maxAttributes) attributes; "
                                    + "no Chanjiao element has that many")
                        }
                    } else if b == UInt8(ascii: ">") {
                        state = .text
                    }
                    if state == .startTag && tagBytes > StartTagGuard.maxTagBytes {
                        return StartTagGuard.Violation(
                            line: tagLine, column: tagColumn,
                            message:
                                "start tag is longer than \(StartTagGuard.maxTagBytes) bytes; "
                                + "no Chanjiao element or attribute value is that long")
                    }
                case .bang:
                    state =
                        b == UInt8(ascii: "-") ? .bangDash : (b == UInt8(ascii: "[") ? .cdataOrDecl : .declaration)
                    if b == UInt8(ascii: ">") { state = .text }
                case .bangDash:
                    state = b == UInt8(ascii: "-") ? .comment : .declaration
                    run = 0
                case .comment:
                    if b == UInt8(ascii: ">") && run >= 2 { state = .text }
                    run = b == UInt8(ascii: "-") ? run + 1 : 0
                case .cdataOrDecl:
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

    static let fragments: [[UInt8]] = [
        "<", ">", "\"", "'", "=", "\n", "\r\n", " ", "a", "name", "é", "示例", "-", "--", "!", "[", "]", "]]", "?",
        "/", "<college id=\"c1\" name=\"n\">", "</college>", "<!-- x -->", "<![CDATA[ <a b=c> ]]>", "<?pi ?>",
        "<!DOCTYPE x>", "  <year year=\"2021\" enrolment='120'/>\n", "<a", " b='>'", " c=\"=\"",
    ].map { Array($0.utf8) }

    /// Feeds `stream` cut at `cuts` to both scanners and expects the same answer from each block.
    static func compare(_ stream: [UInt8], cuts: [Int]) {
        var fast = StartTagGuard()
        var slow = ByteScanner()
        var from = 0
        for cut in cuts.map({ min($0, stream.count) }) + [stream.count] where cut >= from {
            let block = Array(stream[from..<cut])
            from = cut
            let a = block.withUnsafeBytes { fast.scan($0) }
            let b = slow.scan(block)
            #expect(a == b, "block ending at \(cut) of \(stream.count)")
            if a != nil || b != nil { return }
        }
    }

    @Test("random streams in random blocks: the same answers as a byte-by-byte scan")
    func randomStreams() {
        // Seeded, so that failures repeat.
        var random = SeededRandom(seed: 0x9E37_79B9_7F4A_7C15)
        // A tag with too many attributes at the end of each stream places the last tag's start.
        let tooMany = Array(("\n  <x" + String(repeating: " a=1", count: StartTagGuard.maxAttributes + 1) + ">").utf8)
        for round in 0..<400 {
            var stream: [UInt8] = []
            for _ in 0..<random.int(0...299) { stream += Self.fragments[random.int(0...Self.fragments.count - 1)] }
            if round % 2 == 0 { stream += tooMany }
            var cuts: [Int] = []
            var at = 0
            while at < stream.count {
                at += 1 + random.int(0...(round % 3 == 0 ? 3 : 63))
                cuts.append(at)
            }
            Self.compare(stream, cuts: cuts)
        }
    }

    @Test("a start tag over the byte limit is refused in the same block as byte by byte")
    func longTags() {
        for (value, cuts) in [
            (StartTagGuard.maxTagBytes, [7, 4096, 1 << 19]), (StartTagGuard.maxTagBytes - 20, [100, 1 << 20]),
            (StartTagGuard.maxTagBytes - 14, [StartTagGuard.maxTagBytes - 3]),
            (StartTagGuard.maxTagBytes - 13, [StartTagGuard.maxTagBytes - 1, StartTagGuard.maxTagBytes + 1]),
        ] {
            let stream =
                Array("<r>\n  <a b=\"".utf8) + [UInt8](repeating: UInt8(ascii: "v"), count: value) + Array("\">x</r>".utf8)
            Self.compare(stream, cuts: cuts)
            let unquoted =
                Array("<r>\n é <a ".utf8) + [UInt8](repeating: UInt8(ascii: "v"), count: value) + Array(">x</r>".utf8)
            Self.compare(unquoted, cuts: cuts)
        }
    }
}
