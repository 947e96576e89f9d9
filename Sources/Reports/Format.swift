public import Catalog
import Parallel

// Deterministic number formatting and escaping for every output format: no locale, no
// Foundation formatters, no Dictionary iteration.

/// Number and text formatting shared by the writers.
enum Fmt {
    /// `x` with exactly `decimals` digits after the point, rounded half away from zero; `nil` when
    /// `x` is not finite. Never prints `-0`.
    static func fixed(_ x: Double, _ decimals: Int) -> String? {
        guard x.isFinite else { return nil }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (x * scale).rounded(.toNearestOrAwayFromZero)
        guard abs(scaled) < 9.0e15 else {
            // Beyond Int64's exact range: integers only, which is all such a value can carry.
            return String(Int64(x.rounded()))
        }
        let n = Int64(scaled)
        if n == 0 { return decimals == 0 ? "0" : "0." + String(repeating: "0", count: decimals) }
        let negative = n < 0
        let digits = String(negative ? -n : n)
        var s: String
        if decimals == 0 {
            s = digits
        } else {
            let padded =
                digits.count <= decimals
                ? String(repeating: "0", count: decimals - digits.count + 1) + digits : digits
            let cut = padded.index(padded.endIndex, offsetBy: -decimals)
            s = String(padded[..<cut]) + "." + String(padded[cut...])
        }
        if negative { s = "-" + s }
        return s
    }

    /// `fixed`, or `fallback` for infinities and NaN.
    static func fixed(_ x: Double, _ decimals: Int, or fallback: String) -> String {
        fixed(x, decimals) ?? fallback
    }

    /// A score (4 decimals).
    static func score(_ x: Double) -> String { fixed(x, 4, or: "—") }
    /// A ratio (3 decimals), `∞` when infinite.
    static func ratio(_ x: Double) -> String {
        if x == .infinity { return "∞" }
        return fixed(x, 3, or: "—")
    }

    /// A count as people write it, with thousands separators: `12,345`.
    static func count<T: BinaryInteger>(_ v: T) -> String { Exact.count(v) }

    /// A decimal with `digits` places and thousands separators in its whole part: `71,904.8`.
    static func grouped(_ x: Double, _ digits: Int, or fallback: String) -> String {
        guard let s = fixed(x, digits) else { return fallback }
        let negative = s.hasPrefix("-")
        let body = negative ? s.dropFirst() : Substring(s)
        let whole = body.prefix { $0 != "." }
        let rest = body.dropFirst(whole.count)
        guard let n = Int(whole) else { return s }
        return (negative ? "-" : "") + count(n) + rest
    }

    /// A share as a whole percentage, e.g. `70%` (`—` when not finite).
    static func wholePercent(_ x: Double) -> String {
        guard let s = fixed(x * 100, 0) else { return "—" }
        return s + "%"
    }

    /// `part` as a share of `total` in percent with one decimal, e.g. `86.9%` (`—` when `total` is 0).
    static func share(_ part: Int, of total: Int) -> String {
        guard total > 0, let s = fixed(Double(part) * 100 / Double(total), 1) else { return "—" }
        return s + "%"
    }

    /// Escapes text for HTML element content and attribute values (`MarkupText`, HTML dialect).
    static func html(_ s: String) -> String { MarkupText.escaped(s, for: .html) }

    /// Escapes text for one Markdown table cell or line: backslash-escapes the characters that
    /// Markdown or inline HTML would interpret, and folds line breaks into spaces.
    static func markdown(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "\\", "|", "*", "_", "`", "<", ">", "[", "]", "#":
                out += "\\"
                out.unicodeScalars.append(ch)
            case "\n", "\r", "\t": out += " "
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}

/// A JSON value whose objects keep their key order, written by hand (no JSONSerialization).
indirect enum JSON {
    case null
    case bool(Bool)
    case integer(Int64)
    /// A number already formatted (fixed decimals).
    case number(String)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    /// An integer.
    static func int<T: BinaryInteger>(_ v: T) -> JSON { .integer(Int64(v)) }
    /// A fixed-decimal number, `null` when not finite.
    static func fixed(_ x: Double, _ decimals: Int) -> JSON {
        if let s = Fmt.fixed(x, decimals) { return .number(s) }
        return .null
    }
    /// A string or `null`.
    static func optional(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    /// Containers of scalars (and of flat arrays) print on one line.
    private var isFlat: Bool {
        switch self {
        case .array(let a): a.allSatisfy(\.isScalar)
        case .object(let o): o.allSatisfy { $0.1.isScalar || ($0.1.isArray && $0.1.isFlat) }
        default: true
        }
    }

    private var isArray: Bool {
        if case .array = self { return true }
        return false
    }

    /// The UTF-8 text, pretty-printed with two-space indentation and a final newline.
    /// Arrays of at least `parallelAbove` elements at the top two levels are written on all cores.
    func render(parallelAbove: Int = JSON.parallelElements) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        write(into: &out, indent: 0, inArray: false, parallelAbove: parallelAbove)
        out += "\n"
        return out
    }

    private func write(into out: inout [UInt8], indent: Int, inArray: Bool, parallelAbove: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .integer(let i): JSON.appendDecimal(i, to: &out)
        case .number(let s): out += s.utf8
        case .string(let s): JSON.quote(s, into: &out)
        case .array(let a):
            if a.isEmpty {
                out += "[]"
            } else if isFlat {
                out += "["
                for (i, v) in a.enumerated() {
                    if i > 0 { out += ", " }
                    v.write(into: &out, indent: indent, inArray: true, parallelAbove: parallelAbove)
                }
                out += "]"
            } else {
                out += "[\n"
                if indent <= 1 && a.count >= parallelAbove {
                    JSON.writeElements(a, indent: indent, into: &out)
                } else {
                    JSON.writeElements(a[...], indent: indent, last: a.count - 1, into: &out)
                }
                out.append(contentsOf: repeatElement(0x20, count: 2 * indent))
                out += "]"
            }
        case .object(let o):
            if o.isEmpty {
                out += "{}"
            } else if inArray && isFlat {
                out += "{"
                for (i, (k, v)) in o.enumerated() {
                    if i > 0 { out += ", " }
                    JSON.quote(k, into: &out)
                    out += ": "
                    v.write(into: &out, indent: indent, inArray: false, parallelAbove: parallelAbove)
                }
                out += "}"
            } else {
                out += "{\n"
                let pad = [UInt8](repeating: 0x20, count: 2 * (indent + 1))
                for (i, (k, v)) in o.enumerated() {
                    out += pad
                    JSON.quote(k, into: &out)
                    out += ": "
                    v.write(into: &out, indent: indent + 1, inArray: false, parallelAbove: parallelAbove)
                    out += i + 1 < o.count ? ",\n" : "\n"
                }
                out.append(contentsOf: repeatElement(0x20, count: 2 * indent))
                out += "}"
            }
        }
    }

    /// Arrays of at least this many elements near the top (plan.json's programs and roles) are
    /// written in chunks on all cores; the bytes are those of the sequential writer.
    static let parallelElements = 8192

    /// Writes `elements` (indices `elements.startIndex…`) one per line at `indent + 1`, each
    /// followed by `,` except the one at index `last`.
    private static func writeElements(_ elements: ArraySlice<JSON>, indent: Int, last: Int, into out: inout [UInt8]) {
        let pad = [UInt8](repeating: 0x20, count: 2 * (indent + 1))
        for i in elements.indices {
            out += pad
            // Nested arrays are written by this thread alone.
            elements[i].write(into: &out, indent: indent + 1, inArray: true, parallelAbove: .max)
            out += i < last ? ",\n" : "\n"
        }
    }

    /// `writeElements` over fixed chunks on all cores, joined in order.
    private static func writeElements(_ elements: [JSON], indent: Int, into out: inout [UInt8]) {
        let parts = mapChunks(count: elements.count, chunk: 4096, threads: .max, state: ()) { range, _ in
            var part: [UInt8] = []
            part.reserveCapacity(1 << 20)
            writeElements(elements[range], indent: indent, last: elements.count - 1, into: &part)
            return part
        }
        for part in parts { out += part }
    }

    /// Appends the decimal digits of `i` (what `String(i)` spells), without building a string.
    static func appendDecimal(_ i: Int64, to out: inout [UInt8]) {
        if i == 0 {
            out.append(0x30)
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        var n = i.magnitude
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            while n > 0 {
                buf[23 - count] = UInt8(truncatingIfNeeded: n % 10) + 0x30
                n /= 10
                count += 1
            }
            if i < 0 { out.append(0x2D) }
            out.append(contentsOf: buf[(24 - count)...])
        }
    }

    /// Appends `s` as a JSON string literal (RFC 8259), also escaping U+2028/U+2029.
    static func quote(_ s: String, into out: inout String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count + 2)
        quote(s, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }
}

/// HTML escaping for pages built outside this module (the server's), the same as the reports use.
public enum HTMLText {
    /// `s` with `& < > " '` escaped, safe in text and in quoted attribute values.
    public static func escaped(_ s: String) -> String { Fmt.html(s) }
}

/// JSON string literals for the CLI's machine-readable outputs (the same escaping as plan.json).
public enum JSONText {
    /// `s` as a JSON string literal, quotes included.
    public static func quoted(_ s: String) -> String {
        var out = ""
        JSON.quote(s, into: &out)
        return out
    }

    /// Diagnostics as `[{file, line, column, severity, message}]` (with `cell`, `program!C17`, for a workbook), the CLI's error format.
    public static func diagnostics(_ diagnostics: [Diagnostic]) -> String {
        var out = "["
        for (i, d) in diagnostics.enumerated() {
            if i > 0 { out += "," }
            out += "\n  {\"file\": \(quoted(d.file)), \"line\": \(d.line), \"column\": \(d.column), "
            if let cell = d.cell { out += "\"cell\": \(quoted(cell)), " }
            out += "\"severity\": \(quoted(d.severity.rawValue)), \"message\": \(quoted(d.message))}"
        }
        out += diagnostics.isEmpty ? "]" : "\n]"
        return out
    }
}

extension JSON {
    /// Appends `s` as a JSON string literal (RFC 8259, also escaping U+2028/U+2029) to a byte
    /// buffer, byte by byte: runs that need no escape are copied whole. (A scalar-by-scalar form
    /// was most of plan.json's writing time, as every `→` in a reason took it; the tests keep it
    /// as the reference.)
    static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        var s = s
        s.withUTF8 { u in
            let n = u.count
            var run = 0
            var i = 0
            func flush(_ end: Int) {
                if end > run { out.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<end])) }
            }
            while i < n {
                let b = u[i]
                if b >= 0x20 && b != 0x22 && b != 0x5C && b != 0xE2 {
                    i += 1
                    continue
                }
                var width = 1
                switch b {
                case 0x22:
                    flush(i)
                    out += "\\\""
                case 0x5C:
                    flush(i)
                    out += "\\\\"
                case 0x0A:
                    flush(i)
                    out += "\\n"
                case 0x0D:
                    flush(i)
                    out += "\\r"
                case 0x09:
                    flush(i)
                    out += "\\t"
                case 0x08:
                    flush(i)
                    out += "\\b"
                case 0x0C:
                    flush(i)
                    out += "\\f"
                case 0xE2:
                    // U+2028 and U+2029 are E2 80 A8 and E2 80 A9; other E2 characters are copied.
                    guard i + 2 < n, u[i + 1] == 0x80, u[i + 2] == 0xA8 || u[i + 2] == 0xA9 else {
                        i += 1
                        continue
                    }
                    flush(i)
                    out += u[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    width = 3
                default:  // other control characters
                    flush(i)
                    let hex = Array("0123456789abcdef".utf8)
                    out += "\\u00"
                    out.append(hex[Int(b >> 4)])
                    out.append(hex[Int(b & 15)])
                }
                i += width
                run = i
            }
            flush(n)
        }
        out.append(0x22)
    }
}

extension Array where Element == UInt8 {
    /// Appends a string's UTF-8 bytes.
    static func += (lhs: inout [UInt8], rhs: String) { lhs.append(contentsOf: rhs.utf8) }
}
