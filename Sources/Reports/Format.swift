public import Catalog
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
            let padded = digits.count <= decimals
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
    /// A percentage with one decimal, e.g. `87.5%`.
    static func percent(_ x: Double) -> String {
        guard let s = fixed(x * 100, 1) else { return "—" }
        return s + "%"
    }

    /// Escapes text for HTML element content and attribute values.
    static func html(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

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
    func render() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        write(into: &out, indent: 0, inArray: false)
        out += "\n"
        return out
    }

    private func write(into out: inout [UInt8], indent: Int, inArray: Bool) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .integer(let i): out += String(i).utf8
        case .number(let s): out += s.utf8
        case .string(let s): JSON.quote(s, into: &out)
        case .array(let a):
            if a.isEmpty {
                out += "[]"
            } else if isFlat {
                out += "["
                for (i, v) in a.enumerated() {
                    if i > 0 { out += ", " }
                    v.write(into: &out, indent: indent, inArray: true)
                }
                out += "]"
            } else {
                out += "[\n"
                let pad = [UInt8](repeating: 0x20, count: 2 * (indent + 1))
                for (i, v) in a.enumerated() {
                    out += pad
                    v.write(into: &out, indent: indent + 1, inArray: true)
                    out += i + 1 < a.count ? ",\n" : "\n"
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
                    v.write(into: &out, indent: indent, inArray: false)
                }
                out += "}"
            } else {
                out += "{\n"
                let pad = [UInt8](repeating: 0x20, count: 2 * (indent + 1))
                for (i, (k, v)) in o.enumerated() {
                    out += pad
                    JSON.quote(k, into: &out)
                    out += ": "
                    v.write(into: &out, indent: indent + 1, inArray: false)
                    out += i + 1 < o.count ? ",\n" : "\n"
                }
                out.append(contentsOf: repeatElement(0x20, count: 2 * indent))
                out += "}"
            }
        }
    }

    /// Appends `s` as a JSON string literal (RFC 8259), also escaping U+2028/U+2029.
    static func quote(_ s: String, into out: inout String) {
        out += "\""
        // Fast path: nothing to escape (the common case), append the whole string at once.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) {
            out += s
            out += "\""
            return
        }
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
        out += "\""
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

    /// Diagnostics as `[{file, line, column, severity, message}]`, the CLI's and the server's error format.
    public static func diagnostics(_ diagnostics: [Diagnostic]) -> String {
        var out = "["
        for (i, d) in diagnostics.enumerated() {
            if i > 0 { out += "," }
            out += "\n  {\"file\": \(quoted(d.file)), \"line\": \(d.line), \"column\": \(d.column), "
            out += "\"severity\": \(quoted(d.severity.rawValue)), \"message\": \(quoted(d.message))}"
        }
        out += diagnostics.isEmpty ? "]" : "\n]"
        return out
    }
}

extension JSON {
    /// Appends `s` as a JSON string literal to a byte buffer (same escaping as the String form).
    static func quote(_ s: String, into out: inout [UInt8]) {
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) {
            out.append(0x22)
            out.append(contentsOf: s.utf8)
            out.append(0x22)
            return
        }
        var text = ""
        quote(s, into: &text)
        out.append(contentsOf: text.utf8)
    }
}

extension Array where Element == UInt8 {
    /// Appends a string's UTF-8 bytes.
    static func += (lhs: inout [UInt8], rhs: String) { lhs.append(contentsOf: rhs.utf8) }
}
