public import Foundation

/// A CSV file (RFC 4180: quoted fields, doubled quotes, CRLF or LF) read into rows keyed by header.
public struct CSVTable: Sendable {
    /// One data row with the 1-based line where it starts.
    public struct Row: Sendable {
        /// The line in the file where the row starts.
        public var line: Int
        /// The fields, in header order.
        public var fields: [String]
    }

    /// The file path, used in errors.
    public let path: String
    /// The header's column names.
    public let header: [String]
    /// The data rows, in file order.
    public let rows: [Row]

    /// Reads the CSV at `url`, checking that every row has as many fields as the header and
    /// that every column in `required` is present.
    public init(contentsOf url: URL, required: [String]) throws(CatalogImportError) {
        let path = url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CatalogImportError(file: path, message: "cannot read file: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CatalogImportError(file: path, message: "not valid UTF-8")
        }
        let records = try Self.parse(text, path: path)
        guard let first = records.first else {
            throw CatalogImportError(file: path, line: 1, message: "empty file: expected a header row")
        }
        var header = first.fields
        if let h = header.first, h.hasPrefix("\u{FEFF}") { header[0] = String(h.dropFirst()) }
        for name in required where !header.contains(name) {
            throw CatalogImportError(
                file: path,
                line: 1,
                message: "missing column '\(name)' (header has \(header.joined(separator: ",")))"
            )
        }
        var rows: [Row] = []
        rows.reserveCapacity(records.count)
        for record in records.dropFirst() {
            if record.fields.count == 1 && record.fields[0].isEmpty { continue }  // blank line
            guard record.fields.count == header.count else {
                throw CatalogImportError(
                    file: path,
                    line: record.line,
                    message: "expected \(header.count) fields, found \(record.fields.count)"
                )
            }
            rows.append(record)
        }
        self.path = path
        self.header = header
        self.rows = rows
    }

    /// The index of column `name` (checked present at init when listed as required).
    public func column(_ name: String) -> Int {
        header.firstIndex(of: name) ?? -1
    }

    /// Splits `text` into records; quoted fields may span lines.
    /// - Complexity: O(n) in the length of `text`.
    static func parse(_ text: String, path: String) throws(CatalogImportError) -> [Row] {
        var records: [Row] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quotedFieldLine = 0
        var afterQuote = false  // a quoted field just closed; only , or newline may follow
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func endRecord() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            records.append(Row(line: recordLine, fields: fields))
            fields = []
        }
        while true {
            let next: Unicode.Scalar?
            if let p = pending {
                next = p
                pending = nil
            } else {
                next = scalars.next()
            }
            guard let c = next else { break }
            if inQuotes {
                if c == "\"" {
                    let after = scalars.next()
                    if after == "\"" {
                        field.append("\"")
                    } else {
                        inQuotes = false
                        afterQuote = true
                        pending = after
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case ",":
                fields.append(String(field))
                field = String.UnicodeScalarView()
                afterQuote = false
            case "\r":
                let after = scalars.next()
                if after != "\n" { pending = after }
                endRecord()
                line += 1
                recordLine = line
                afterQuote = false
            case "\n":
                endRecord()
                line += 1
                recordLine = line
                afterQuote = false
            case "\"":
                if field.isEmpty && !afterQuote {
                    inQuotes = true
                    quotedFieldLine = line
                } else {
                    throw CatalogImportError(file: path, line: line, message: "stray quote inside an unquoted field")
                }
            default:
                if afterQuote {
                    throw CatalogImportError(
                        file: path,
                        line: line,
                        message: "unexpected text after a closing quote (expected , or end of line)"
                    )
                }
                field.append(c)
            }
        }
        if inQuotes {
            throw CatalogImportError(file: path, line: quotedFieldLine, message: "quoted field is never closed")
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}
