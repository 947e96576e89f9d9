import Catalog
public import Foundation

/// Builds XML text by hand: escaping, indentation, and an atomic write to disk (both through
/// Catalog's `MarkupText` and `AtomicFileWriter`).
public struct XMLText: Sendable {
    /// The text written so far.
    public private(set) var text: String = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

    /// Creates a document holding only the XML declaration.
    public init() {}

    /// Escapes & < > " ' (and drops characters XML 1.0 forbids) for text and attribute values:
    /// `MarkupText.escaped(_:for: .xml)`.
    public static func escape(_ s: String) -> String { MarkupText.escaped(s, for: .xml) }

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

    /// Writes the text to `url` atomically (`AtomicFileWriter`): a temporary file in the same
    /// directory, then a rename.
    public func write(to url: URL) throws(CatalogImportError) {
        do {
            try AtomicFileWriter.write(Array(text.utf8), to: url.path)
        } catch {
            throw CatalogImportError(file: error.path, message: error.message)
        }
    }
}
