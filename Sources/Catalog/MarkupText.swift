/// Escaping of text for XML and HTML: the one escaper that every writer of markup in the project
/// calls (the catalog importer and the generator, the reports' HTML and SVG, the server's pages).
public enum MarkupText {
    /// The markup the text goes into; the two differ only in the apostrophe and in what is dropped.
    public enum Dialect: Sendable {
        /// XML 1.0: `'` becomes `&apos;`; the characters XML 1.0 forbids (C0 controls other than
        /// tab, line feed and carriage return, U+FFFE and U+FFFF) are dropped.
        case xml
        /// HTML: `'` becomes `&#39;` (HTML 4 has no `&apos;`); every other character is kept.
        case html
    }

    /// `s` with `& < > " '` escaped, safe in element content and in quoted attribute values.
    ///
    /// A value that needs nothing (most do) is returned as it is, after one pass over its bytes.
    /// - Complexity: O(n) in the UTF-8 length of `s`.
    public static func escaped(_ s: String, for dialect: Dialect = .xml) -> String {
        // A control character, one of & < > " ', or (XML only) a 0xEF lead byte — U+FFFE and
        // U+FFFF start with it — sends the value the long way; other 0xEF characters are kept there.
        let xml = dialect == .xml
        guard
            s.utf8.contains(where: {
                $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 || (xml && ($0 < 0x20 || $0 == 0xEF))
            })
        else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += xml ? "&apos;" : "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            default:
                if xml && (u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF) { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
