import Testing

@testable import Catalog

/// `MarkupText.escaped`, the one escaper for XML and HTML: the five specials, what XML 1.0 forbids,
/// and the fast path that returns a value needing nothing as it is.
@Suite("MarkupText")
struct MarkupTextTests {
    @Test("the five specials, in both dialects; only the apostrophe differs")
    func specials() {
        #expect(MarkupText.escaped("a&b<c>\"d'", for: .xml) == "a&amp;b&lt;c&gt;&quot;d&apos;")
        #expect(MarkupText.escaped("a&b<c>\"d'", for: .html) == "a&amp;b&lt;c&gt;&quot;d&#39;")
        #expect(MarkupText.escaped("&amp;") == "&amp;amp;")  // escaped again, never taken as an entity
        #expect(MarkupText.escaped("'") == "&apos;")  // XML is the default
    }

    @Test("empty and plain values come back unchanged, Chinese and emoji included")
    func plain() {
        #expect(MarkupText.escaped("", for: .xml) == "")
        #expect(MarkupText.escaped("", for: .html) == "")
        for s in ["机械制造及自动化", "CAD/CAM 2.0", "🚀 低空经济", "全角，标点：（）", "\u{FEFF}bom"] {
            #expect(MarkupText.escaped(s, for: .xml) == s)
            #expect(MarkupText.escaped(s, for: .html) == s)
        }
    }

    @Test("XML drops the characters XML 1.0 forbids and keeps tab, line feed and carriage return")
    func forbidden() {
        #expect(MarkupText.escaped("a\u{0}b\u{1}c\u{8}d\u{B}e\u{1F}f", for: .xml) == "abcdef")
        #expect(MarkupText.escaped("a\tb\nc\rd", for: .xml) == "a\tb\nc\rd")
        #expect(MarkupText.escaped("x\u{FFFE}y\u{FFFF}z", for: .xml) == "xyz")
        // Other characters whose UTF-8 starts with 0xEF (as U+FFFE does) are kept, escaped or not.
        #expect(MarkupText.escaped("（\u{FFFD}）<", for: .xml) == "（\u{FFFD}）&lt;")
        #expect(MarkupText.escaped("\u{FFFD}\u{FF0C}\u{FFFE}", for: .xml) == "\u{FFFD}\u{FF0C}")
    }

    @Test("HTML keeps every character but the five specials")
    func htmlKeepsControls() {
        #expect(MarkupText.escaped("a\u{1}b\u{FFFF}<", for: .html) == "a\u{1}b\u{FFFF}&lt;")
    }

    @Test("combining marks stay on their base character, escaped or not")
    func combining() {
        #expect(MarkupText.escaped("e\u{301}&", for: .xml) == "e\u{301}&amp;")
        #expect(MarkupText.escaped("&e\u{301}", for: .html).unicodeScalars.count == 7)
    }
}
