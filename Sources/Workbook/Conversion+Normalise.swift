import Catalog
import Foundation

/// A cell's text as the XML takes it, and the normalisations (spaces, full-width digits,
/// thousands separators, numbers stored as text) that are warned of once per column.
extension Conversion {
    /// The cell's value as the XML takes it, or nil after an error; normalisations are warned of.
    mutating func normalise(_ cell: StoredCell, _ f: FieldSpec, _ sheet: String, _ ref: CellRef) -> String? {
        switch cell.kind {
        case .error:
            report(.error, sheet, ref, "the cell holds the error value \(cell.text): type the value instead")
            return nil
        case .formulaWithoutValue:
            report(
                .error, sheet, ref,
                "a formula without a saved value: open and save the file in Excel or LibreOffice (which compute it), or type the value")
            return nil
        case .bool, .text, .number:
            break
        }
        var s = cell.text
        if cell.kind == .number {
            s = Self.shortestNumber(s)
            if f.key == "major", s.allSatisfy(\.isNumber), s.count < 6 {
                report(
                    .error, sheet, ref,
                    "major code '\(s)' is stored as a number and has \(s.count) digits: a leading 0 was probably lost; format the column as text and type the code again"
                )
                return nil
            }
            return s
        }
        // Spaces at either end (including the ideographic space and no-break space).
        let trimmed = s.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{3000}\u{00A0}")))
        if trimmed != s && !trimmed.isEmpty {
            normalisation(sheet, ref, kind: "space", "spaces at the start or end of '\(s)' were removed")
        }
        s = trimmed
        if s.isEmpty { return "" }
        if case .list = f.type { return s }
        if f.type.isNumeric {
            let ascii = Self.halfWidth(s)
            if ascii != s {
                normalisation(sheet, ref, kind: "fullwidth", "full-width characters in '\(s)' read as '\(ascii)'")
                s = ascii
            }
            if let plain = Self.withoutThousandsSeparators(s) {
                normalisation(sheet, ref, kind: "thousands", "thousands separators in '\(s)' removed: read as \(plain)")
                s = plain
            }
            if Double(s) != nil, cell.kind == .text {
                normalisation(sheet, ref, kind: "text", "the number \(s) is stored as text; read as a number")
            }
            return s
        }
        switch f.type {
        case .choice(let options):
            if options.contains(where: { $0.token == s }) { return s }
            if let o = options.first(where: { $0.chinese == s || "\($0.chinese)(\($0.token))" == s || "\($0.chinese)（\($0.token)）" == s }) {
                return o.token
            }
            return s
        case .scoped:
            return Self.idInParentheses(s) ?? s
        default:
            return s
        }
    }

    /// `名称(id)` → `id`; nil when the text does not end in parentheses.
    static func idInParentheses(_ s: String) -> String? {
        for (open, close) in [("(", ")"), ("（", "）")] where s.hasSuffix(close) {
            if let r = s.range(of: open, options: .backwards) {
                let inner = s[r.upperBound..<s.index(before: s.endIndex)]
                if !inner.isEmpty { return String(inner) }
            }
        }
        return nil
    }

    /// A number as a spreadsheet stores it (`0.86899999999999999`) at the 15 significant digits
    /// spreadsheets show (`0.869`); other text unchanged.
    static func shortestNumber(_ s: String) -> String {
        guard let d = Double(s), d.isFinite else { return s }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        let fifteen = String(format: "%.15g", d)
        if fifteen.contains("e") { return s }
        return fifteen
    }

    /// Full-width digits, point, comma and signs as ASCII.
    static func halfWidth(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u.value {
            case 0xFF10...0xFF19: out.unicodeScalars.append(Unicode.Scalar(u.value - 0xFF10 + 48)!)
            case 0xFF0E: out += "."
            case 0xFF0C: out += ","
            case 0xFF0D: out += "-"
            case 0xFF0B: out += "+"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// `1,234,567` or `1,234.5` without the separators; nil unless every group after the first has
    /// three digits and the first group is not `0` (`0,920` could be a decimal comma: not guessed).
    static func withoutThousandsSeparators(_ s: String) -> String? {
        guard s.contains(",") else { return nil }
        var body = Substring(s)
        var sign = ""
        if body.first == "-" || body.first == "+" {
            sign = String(body.first!)
            body = body.dropFirst()
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let groups = parts[0].split(separator: ",", omittingEmptySubsequences: false)
        guard groups.count >= 2, let first = groups.first, (1...3).contains(first.count), first.first != "0",
            groups.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            groups.dropFirst().allSatisfy({ $0.count == 3 })
        else { return nil }
        if parts.count == 2, !(parts[1].allSatisfy { $0.isASCII && $0.isNumber }) || parts[1].isEmpty { return nil }
        return sign + groups.joined() + (parts.count == 2 ? "." + parts[1] : "")
    }
}
