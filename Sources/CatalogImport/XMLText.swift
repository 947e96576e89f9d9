public import Foundation

/// Builds XML text by hand: escaping, indentation, and an atomic write to disk.
public struct XMLText: Sendable {
    /// The text written so far.
    public private(set) var text: String = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

    /// Creates a document holding only the XML declaration.
    public init() {}

    /// Escapes & < > " ' (and drops characters XML 1.0 forbids) for text and attribute values.
    public static func escape(_ s: String) -> String {
        // Most values need nothing: return them as they are. A control character, one of & < > " ',
        // or a 0xEF lead byte (U+FFFE and U+FFFF start with it) sends the value the long way.
        guard s.utf8.contains(where: { $0 < 0x20 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 || $0 == 0xEF })
        else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            default:
                let v = u.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// Attribute list text: pairs with a nil value are left out; order is as given.
    static func attributes(_ pairs: [(String, String?)]) -> String {
        var s = ""
        for (name, value) in pairs {
            guard let value else { continue }
            s += " \(name)=\"\(escape(value))\""
        }
        return s
    }

    mutating func replace(with raw: String) { text = raw }

    /// Appends `<name attrs>` at `depth`.
    public mutating func open(_ name: String, _ attrs: [(String, String?)] = [], depth: Int) {
        text += String(repeating: "  ", count: depth) + "<\(name)\(Self.attributes(attrs))>\n"
    }

    /// Appends `</name>` at `depth`.
    public mutating func close(_ name: String, depth: Int) {
        text += String(repeating: "  ", count: depth) + "</\(name)>\n"
    }

    /// Appends `<name attrs/>` at `depth`.
    public mutating func empty(_ name: String, _ attrs: [(String, String?)] = [], depth: Int) {
        text += String(repeating: "  ", count: depth) + "<\(name)\(Self.attributes(attrs))/>\n"
    }

    /// Appends `<name attrs>content</name>` at `depth`.
    public mutating func leaf(_ name: String, _ attrs: [(String, String?)] = [], content: String, depth: Int) {
        text +=
            String(repeating: "  ", count: depth)
            + "<\(name)\(Self.attributes(attrs))>\(Self.escape(content))</\(name)>\n"
    }

    /// Appends a comment line (the text must not contain `--`).
    public mutating func comment(_ s: String, depth: Int) {
        text +=
            String(repeating: "  ", count: depth)
            + "<!-- \(s.replacingOccurrences(of: "--", with: "- -")) -->\n"
    }

    /// Writes the text to `url` atomically: a temporary file in the same directory, then a rename.
    public func write(to url: URL) throws(CatalogImportError) {
        let dir = url.deletingLastPathComponent()
        let tmp = dir.appendingPathComponent(
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp"
        )
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: tmp)
            if rename(tmp.path, url.path) != 0 {
                let code = errno
                try? FileManager.default.removeItem(at: tmp)
                throw CatalogImportError(file: url.path, message: "cannot rename temporary file: errno \(code)")
            }
        } catch let e as CatalogImportError {
            throw e
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw CatalogImportError(file: url.path, message: "cannot write: \(error.localizedDescription)")
        }
    }
}
