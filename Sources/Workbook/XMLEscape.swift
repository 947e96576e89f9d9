/// Escaping text for XML, the one escaper of this module: `&`, `<`, `>` and `"` as entities, and
/// characters XML 1.0 cannot hold (or a reader would normalise) in the form the document takes.
enum XMLEscape {
    /// What the document does with tab, line feed, carriage return and the other control characters.
    enum Controls {
        /// The project's XML (`Conversion`): tab, LF and CR as character references (an attribute
        /// keeps them), other control characters as U+FFFD.
        case characterReferences
        /// SpreadsheetML (`WorkbookDocument`): tab and LF as they are, CR and other control
        /// characters (and U+FFFE, U+FFFF) as OOXML's `_xHHHH_`, and a literal `_xHHHH_` in the
        /// text with its `_` escaped (`_x005F_xHHHH_`) so that it reads back as typed.
        case ooxml
    }

    static func escape(_ s: String, _ controls: Controls) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        let scalars = Array(s.unicodeScalars)
        for (i, u) in scalars.enumerated() {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                switch controls {
                case .characterReferences:
                    switch u {
                    case "\t": out += "&#9;"
                    case "\n": out += "&#10;"
                    case "\r": out += "&#13;"
                    default: out.unicodeScalars.append(u.value < 0x20 ? "\u{FFFD}" : u)
                    }
                case .ooxml:
                    if u == "\t" || u == "\n" {
                        out.unicodeScalars.append(u)
                    } else if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF {
                        out += ooxmlEscape(u)
                    } else if u == "_", OOXMLText.isEscape(scalars[i...]) {
                        out += ooxmlEscape(u)
                    } else {
                        out.unicodeScalars.append(u)
                    }
                }
            }
        }
        return out
    }

    /// `_xHHHH_` for `u`.
    static func ooxmlEscape(_ u: Unicode.Scalar) -> String {
        let hex = String(u.value, radix: 16, uppercase: true)
        return "_x" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "_"
    }
}
