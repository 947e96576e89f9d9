/// What the first bytes of a file say about its root element, read before libxml2 starts so that
/// the right schema can be plugged into the same streaming pass.
enum RootSniff: Equatable {
    /// The root start tag: its local name, its namespace URI ("" when none) and where it starts.
    case root(local: String, namespace: String, line: Int, column: Int)
    /// A `<!DOCTYPE`: refused, since DTDs and entities are not part of any Chanjiao format.
    case doctype(line: Int, column: Int)
    /// The file is not UTF-8 (a UTF-16/32 byte-order mark or another declared encoding).
    case notUTF8(String, line: Int, column: Int)
    /// No root start tag in the bytes given; libxml2 reports why.
    case notFound
}

/// Scans the prolog of an XML document (BOM, XML declaration, comments, processing
/// instructions, whitespace) up to the root start tag.
///
/// - Complexity: O(n) in the bytes scanned, which stop at the end of the root start tag.
struct RootSniffer {
    private let bytes: UnsafeRawBufferPointer
    private var i = 0
    private var line = 1
    private var column = 1

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    static func sniff(_ bytes: UnsafeRawBufferPointer) -> RootSniff {
        var s = RootSniffer(bytes)
        return s.run()
    }

    private func byte(_ k: Int) -> UInt8? { k < bytes.count ? bytes[k] : nil }

    private mutating func advance() {
        guard i < bytes.count else { return }
        let b = bytes[i]
        i += 1
        if b == 0x0A {
            line += 1
            column = 1
        } else if b & 0xC0 != 0x80 {
            column += 1
        }
    }

    private mutating func advance(_ n: Int) { for _ in 0..<n { advance() } }

    private func starts(with s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard i + n <= bytes.count else { return false }
        let p = s.utf8Start
        for k in 0..<n where bytes[i + k] != p[k] { return false }
        return true
    }

    /// Skips up to and including `end`; false when the bytes run out first.
    private mutating func skip(past end: StaticString) -> Bool {
        while i < bytes.count {
            if starts(with: end) {
                advance(end.utf8CodeUnitCount)
                return true
            }
            advance()
        }
        return false
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    private static func isNameByte(_ b: UInt8) -> Bool {
        !(isSpace(b) || b == UInt8(ascii: "/") || b == UInt8(ascii: ">") || b == UInt8(ascii: "=")
            || b == UInt8(ascii: "<") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'"))
    }

    private mutating func run() -> RootSniff {
        if bytes.count >= 2, (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) {
            return .notUTF8("the file starts with a UTF-16 byte-order mark", line: 1, column: 1)
        }
        if bytes.count >= 4, bytes[0] == 0, bytes[1] == 0, bytes[2] == 0xFE, bytes[3] == 0xFF {
            return .notUTF8("the file starts with a UTF-32 byte-order mark", line: 1, column: 1)
        }
        if bytes.count >= 2, bytes[0] == 0, bytes[1] == UInt8(ascii: "<") {
            return .notUTF8("the file looks like UTF-16 without a byte-order mark", line: 1, column: 1)
        }
        if bytes.count >= 2, bytes[0] == UInt8(ascii: "<"), bytes[1] == 0 {
            return .notUTF8("the file looks like UTF-16 (little-endian) without a byte-order mark", line: 1, column: 1)
        }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        while i < bytes.count {
            let b = bytes[i]
            if Self.isSpace(b) {
                advance()
                continue
            }
            guard b == UInt8(ascii: "<") else { return .notFound }
            if starts(with: "<?xml") && i + 5 < bytes.count && Self.isSpace(bytes[i + 5]) {
                let (l, c) = (line, column)
                let start = i
                guard skip(past: "?>") else { return .notFound }
                if let enc = Self.declaredEncoding(UnsafeRawBufferPointer(rebasing: bytes[start..<i])) {
                    let e = enc.lowercased()
                    if e != "utf-8" && e != "utf8" && e != "us-ascii" && e != "ascii" {
                        return .notUTF8("the XML declaration names encoding '\(enc)'", line: l, column: c)
                    }
                }
                continue
            }
            if starts(with: "<?") {
                guard skip(past: "?>") else { return .notFound }
                continue
            }
            if starts(with: "<!--") {
                guard skip(past: "-->") else { return .notFound }
                continue
            }
            if starts(with: "<!DOCTYPE") || starts(with: "<!doctype") {
                return .doctype(line: line, column: column)
            }
            if starts(with: "<!") { return .notFound }
            return rootTag()
        }
        return .notFound
    }

    /// Reads the root start tag at `i`: its qualified name and its namespace declarations.
    private mutating func rootTag() -> RootSniff {
        let (l, c) = (line, column)
        advance()  // <
        let nameStart = i
        while let b = byte(i), Self.isNameByte(b) { advance() }
        guard i > nameStart else { return .notFound }
        let qname = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[nameStart..<i]), as: UTF8.self)
        var declarations: [(String, String)] = []
        while i < bytes.count {
            while let b = byte(i), Self.isSpace(b) { advance() }
            guard let b = byte(i) else { return .notFound }
            if b == UInt8(ascii: ">") || b == UInt8(ascii: "/") { break }
            let attrStart = i
            while let b = byte(i), Self.isNameByte(b) { advance() }
            guard i > attrStart else { return .notFound }
            let attr = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[attrStart..<i]), as: UTF8.self)
            while let b = byte(i), Self.isSpace(b) { advance() }
            guard byte(i) == UInt8(ascii: "=") else { return .notFound }
            advance()
            while let b = byte(i), Self.isSpace(b) { advance() }
            guard let q = byte(i), q == UInt8(ascii: "\"") || q == UInt8(ascii: "'") else { return .notFound }
            advance()
            let valueStart = i
            while let b = byte(i), b != q { advance() }
            guard i < bytes.count else { return .notFound }
            let value = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[valueStart..<i]), as: UTF8.self)
            advance()
            if attr == "xmlns" || attr.hasPrefix("xmlns:") { declarations.append((attr, value)) }
        }
        let parts = qname.split(separator: ":", maxSplits: 1).map(String.init)
        let (prefix, local) = parts.count == 2 ? (parts[0], parts[1]) : ("", qname)
        let key = prefix.isEmpty ? "xmlns" : "xmlns:\(prefix)"
        let uri = declarations.first { $0.0 == key }?.1 ?? ""
        return .root(local: local, namespace: uri, line: l, column: c)
    }

    /// The `encoding="…"` pseudo-attribute of an XML declaration.
    private static func declaredEncoding(_ decl: UnsafeRawBufferPointer) -> String? {
        let text = String(decoding: decl, as: UTF8.self)
        guard let r = text.range(of: "encoding") else { return nil }
        var rest = text[r.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
        guard let q = rest.first, q == "\"" || q == "'" else { return nil }
        rest = rest.dropFirst()
        return String(rest.prefix { $0 != q })
    }
}
