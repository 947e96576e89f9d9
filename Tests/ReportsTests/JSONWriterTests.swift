import Foundation
import TestSupport
import Testing

@testable import Reports

/// plan.json's writer: large arrays near the top are written in chunks on all cores, which must
/// give the sequential writer's bytes; integers are spelled without building strings.
@Suite("JSON writer")
struct JSONWriterTests {
    /// A plan-shaped document: a root object whose big arrays hold objects with strings (some
    /// needing escapes), integers of both signs, numbers, nulls and nested flat and non-flat arrays.
    static func document(elements: Int, seed: UInt64) -> JSON {
        var state = seed
        func next() -> Int64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int64(bitPattern: state >> 1) >> Int64(state % 50)
        }
        func element(_ i: Int) -> JSON {
            .object([
                ("id", .string("P\(i)")),
                ("name", .string(i % 7 == 0 ? "示例\"学院\"\n第\(i)→\u{2028}" : "示例第\(i)职业技术学院")),
                ("count", .integer(next())),
                ("share", .number("0.\(i % 1000)")),
                ("district", i % 3 == 0 ? .null : .string("区\(i % 5)")),
                ("flags", .array([.bool(i % 2 == 0), .integer(Int64(i)), .integer(-Int64(i))])),
                (
                    "rows",
                    .array(
                        (0..<(i % 4)).map { k in .object([("k", .integer(Int64(k))), ("v", .array([.object([("x", .integer(next()))])]))]) }
                    )
                ),
            ])
        }
        return .object([
            ("version", .integer(1)),
            ("programs", .array((0..<elements).map(element))),
            ("summary", .object([("roles", .array((0..<(elements / 3)).map { element($0 + elements) }))])),
            ("empty", .array([])),
        ])
    }

    @Test("parallel chunks give the sequential bytes", arguments: [(1, UInt64(1)), (4095, 2), (4096, 3), (4097, 4), (20_000, 5)])
    func parallelEqualsSequential(elements: Int, seed: UInt64) throws {
        let doc = Self.document(elements: elements, seed: seed)
        let sequential = doc.render(parallelAbove: .max)
        for threshold in [1, 16, 4096, JSON.parallelElements] {
            #expect(doc.render(parallelAbove: threshold) == sequential, "threshold \(threshold)")
        }
        // And it is JSON with every element.
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(sequential)) as? [String: Any])
        #expect((parsed["programs"] as? [Any])?.count == elements)
    }

    @Test("integers are spelled as String(_:) spells them")
    func decimals() {
        var values: [Int64] = [0, 1, -1, 9, 10, -10, 99, 100, 12_345, -987_654_321, .max, .min, .max - 1, .min + 1]
        var random = SeededRandom(seed: 0x9E37_79B9_7F4A_7C15)
        for _ in 0..<2_000 {
            let x = random.next()
            values.append(Int64(bitPattern: x) >> Int64(x % 63))
        }
        for v in values {
            var out: [UInt8] = []
            JSON.appendDecimal(v, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == String(v))
        }
    }
}

/// The byte-level string escaping against the scalar-level one it replaced on the hot path.
@Suite("JSON string escaping")
struct JSONQuoteTests {
    /// The scalar-by-scalar escaping plan.json used before (RFC 8259, plus U+2028/U+2029).
    static func reference(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if ch.value < 0x20 {
                    let hex = String(ch.value, radix: 16, uppercase: false)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        return out + "\""
    }

    @Test("bytes and String forms agree with the scalar reference on every control character, quotes, U+2028/2029 and neighbours")
    func agree() {
        var samples: [String] = [
            "", "plain", "示例第3职业技术学院", "a\"b", "a\\b", "→", "A → B", "—…", "\u{2027}\u{2028}\u{2029}\u{202A}", "x\u{2028}", "\u{2029}y",
            "😀 emoji", "\u{7F}", "\u{80}\u{9F}",
        ]
        for c in 0..<0x20 { samples.append("a\(Character(Unicode.Scalar(UInt8(c))))b") }
        // Random mixes of the interesting pieces.
        let pieces = [
            "\"", "\\", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{01}", "\u{1F}", "\u{2028}", "\u{2029}", "→", "—", "中", "a", " ", "😀",
            "\u{E2}",
        ]
        var x: UInt64 = 12_345
        for _ in 0..<3_000 {
            var s = ""
            for _ in 0..<Int(x % 12) {
                x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                s += pieces[Int((x >> 33) % UInt64(pieces.count))]
            }
            samples.append(s)
        }
        for s in samples {
            var bytes: [UInt8] = []
            JSON.quote(s, into: &bytes)
            let text = Self.reference(s)
            #expect(String(decoding: bytes, as: UTF8.self) == text, "\(s.debugDescription)")
            #expect(Array(text.utf8) == bytes)
            var viaString = ""
            JSON.quote(s, into: &viaString)
            #expect(viaString == text)
        }
    }
}
