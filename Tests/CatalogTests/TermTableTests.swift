import Foundation
import TestSupport
import Testing

@testable import Catalog

/// `TermTable` looks terms up by their bytes, with a canonical fallback: it must give exactly the
/// ids of a `[String: Int32]` keyed by Swift strings (canonical equivalence), in any order of
/// plain and non-plain terms.
@Suite("Term table")
struct TermTableTests {
    /// The reference: ids by Swift string equality, in first-seen order.
    struct Reference {
        var ids: [String: Int32] = [:]
        var strings: [String] = []
        mutating func intern(_ s: String) -> Int32 {
            if let id = ids[s] { return id }
            ids[s] = Int32(strings.count)
            strings.append(s)
            return Int32(strings.count - 1)
        }
    }

    /// Interns `terms` both by string and by bytes and checks every id against the reference.
    func expectSameAsReference(_ terms: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        var byString = TermTable()
        var byBytes = TermTable()
        var reference = Reference()
        for t in terms {
            let want = reference.intern(t)
            #expect(
                byString.intern(t) == want, "intern(\(t.unicodeScalars.map { String($0.value, radix: 16) }))",
                sourceLocation: sourceLocation)
            var copy = t
            let got = copy.withUTF8 { byBytes.intern(utf8: $0) }
            #expect(got == want, "intern(utf8:) of \(t.unicodeScalars.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
        }
        #expect(byString.strings == reference.strings, sourceLocation: sourceLocation)
        #expect(byBytes.count == reference.strings.count, sourceLocation: sourceLocation)
        for (i, s) in reference.strings.enumerated() {
            #expect(byString.id(of: s) == Int32(i), sourceLocation: sourceLocation)
        }
    }

    @Test func plainTermsByBytes() {
        expectSameAsReference(["焊接", "PLC编程", "焊接", "（数控）", "、", "PLC编程", "plc编程", "", "焊接 "])
    }

    /// é precomposed (U+00E9) and decomposed (e U+0301); a CJK compatibility ideograph (U+F900)
    /// and the unified one it decomposes to (U+8C48): equal as strings, different as bytes.
    @Test(arguments: [
        ["caf\u{E9}", "cafe\u{301}"], ["cafe\u{301}", "caf\u{E9}"],
        ["\u{8C48}料", "\u{F900}料"], ["\u{F900}料", "\u{8C48}料"],
        ["\u{8C48}料", "焊接", "\u{F900}料", "\u{8C48}料", "\u{F900}料"],
        ["焊接", "\u{212B}", "\u{C5}", "A\u{30A}", "焊接"],
    ])
    func canonicalEquivalents(_ terms: [String]) {
        expectSameAsReference(terms)
    }

    /// Before any non-plain term, `id(of:)` of a non-plain equivalent still finds the plain term.
    @Test func idOfEquivalentBeforeFallback() {
        var t = TermTable()
        let id = t.intern("\u{8C48}料")
        #expect(t.id(of: "\u{F900}料") == id)
        #expect(t.id(of: "料") == nil)
    }

    /// Many random terms over plain and combining characters, with repeats, through table growth.
    @Test func randomMixAgainstReference() {
        let alphabet: [String] = [
            "a", "e", "\u{301}", "\u{E9}", "焊", "接", "\u{F900}", "\u{8C48}", "、", "Ａ", "\u{302A}", "Z", "·", "\u{387}", "γ",
            "“", "Ω", "\u{2126}",
        ]
        var random = SeededRandom(seed: 0x9E37_79B9_7F4A_7C15)
        var terms: [String] = []
        for _ in 0..<5000 {
            let n = random.int(1...4)
            terms.append((0..<n).map { _ in alphabet[random.int(0...alphabet.count - 1)] }.joined())
        }
        // Plain terms only first, then all of them.
        expectSameAsReference(terms.filter { TermTable.isPlain($0) })
        expectSameAsReference(terms)
    }

    /// Every plain scalar has no canonical decomposition and combining class 0 (Foundation's NFD
    /// and the stdlib's property as the oracle). Not being the second of a composition is not
    /// checked here: those are combining marks and a few Indic and Hangul letters, none in the set.
    @Test func plainScalarsAreTheirOwnDecomposition() {
        var checked = 0
        for v in UInt32(0x80)...0xFFFF where TermTable.isPlain(v) {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let s = String(Character(scalar))
            #expect(s.decomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(s.unicodeScalars), "U+\(String(v, radix: 16))")
            #expect(scalar.properties.canonicalCombiningClass == .notReordered, "U+\(String(v, radix: 16))")
            checked += 1
        }
        #expect(checked > 27_000)
    }

    @Test func plainClassification() {
        func plain(_ s: String) -> Bool { TermTable.isPlain(s) }
        func plain(_ bytes: [UInt8]) -> Bool { TermTable.isPlain(String(decoding: bytes, as: UTF8.self)) }
        #expect(plain("PLC编程（初级）、Ａ"))
        #expect(plain("“γ射线”·检测—±") == false)  // ± (U+00B1) is not in the set
        #expect(plain("“γ射线”·检测—×2℃ⅡⅣ①"))
        #expect(plain("㐀䶿一鿿"))
        #expect(!plain("caf\u{E9}"))
        #expect(!plain("\u{F900}"))
        #expect(!plain("\u{302A}"))  // a combining mark in the CJK symbols block
        #expect(!plain("\u{FF5F}"))
        // Invalid UTF-8 is never plain.
        let invalid: [UInt8] = [0xE4, 0xB8, 0x41]
        #expect(!plain(invalid))
        let truncated: [UInt8] = [0x41, 0xE4, 0xB8]
        #expect(!plain(truncated))
        let truncatedTwo: [UInt8] = [0x41, 0xCE]
        #expect(!plain(truncatedTwo))
        let overlong: [UInt8] = [0xC1, 0x81]  // "A" in two bytes
        #expect(!plain(overlong))
    }
}
