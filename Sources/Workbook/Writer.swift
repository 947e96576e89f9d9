import Foundation
import ZIPFoundation

/// A workbook to write: sheets of cells with a few styles, written as SpreadsheetML parts in a
/// zip (ZIPFoundation), byte-identical for the same content (fixed entry dates, fixed order).
public struct WorkbookDocument: Sendable {
    /// A cell's fill and font: the styles the writer's `styles.xml` defines.
    public enum Style: Int, Sendable {
        /// No style.
        case plain = 0
        /// Bold on grey: header rows.
        case header = 1
        /// Green fill (绿牌).
        case green = 2
        /// Yellow fill (黄牌).
        case yellow = 3
        /// Red fill (红牌).
        case red = 4
        /// Text format (`@`): what is typed stays text, leading zeros kept.
        case text = 5
        /// Bold: titles in a read-me.
        case bold = 6
    }

    /// One cell's value.
    public enum Value: Sendable, Equatable {
        /// Text, written as an inline string.
        case text(String)
        /// A number, written as its decimal text.
        case number(String)
    }

    /// A written cell.
    public struct Cell: Sendable {
        /// The value.
        public var value: Value
        /// The style.
        public var style: Style
        /// Creates a cell.
        public init(_ value: Value, style: Style = .plain) {
            self.value = value
            self.style = style
        }
    }

    /// A list validation: the cells of `range` (`D2:D1000`) take a value from `source` (`'列表'!$A$2:$A$4`).
    public struct ListValidation: Sendable {
        /// The cells the list applies to.
        public var range: String
        /// A reference to the list's cells.
        public var source: String
        /// Creates a validation.
        public init(range: String, source: String) {
            self.range = range
            self.source = source
        }
    }

    /// One worksheet.
    public struct Sheet: Sendable {
        /// The sheet's name (at most 31 characters, none of `[]:*?/\`).
        public var name: String
        /// Rows of cells; nil for an empty cell.
        public var rows: [[Cell?]] = []
        /// Column widths in characters; missing columns get the default.
        public var widths: [Double] = []
        /// Columns formatted as text (1-based), so that typed codes keep their leading zeros.
        public var textColumns: Set<Int> = []
        /// Freeze the first row.
        public var frozenHeader = false
        /// Hidden from the tabs.
        public var hidden = false
        /// List validations.
        public var validations: [ListValidation] = []

        /// Creates an empty sheet.
        public init(name: String) { self.name = name }

        /// Widths from the contents: the widest cell of each column in display columns
        /// (CJK characters count two), between 6 and 60.
        public mutating func fitWidths() {
            var w: [Double] = []
            for row in rows {
                for (i, cell) in row.enumerated() {
                    guard let cell else { continue }
                    let text: String
                    switch cell.value {
                    case .text(let s): text = s
                    case .number(let s): text = s
                    }
                    let width = Double(Self.displayWidth(text)) + 2
                    while w.count <= i { w.append(0) }
                    w[i] = max(w[i], width)
                }
            }
            widths = w.map { min(60, max(6, $0)) }
        }

        static func displayWidth(_ s: String) -> Int {
            var n = 0
            for u in s.unicodeScalars { n += u.value >= 0x1100 ? 2 : 1 }
            return n
        }
    }

    /// The sheets in tab order.
    public var sheets: [Sheet] = []

    /// Creates a workbook.
    public init(sheets: [Sheet] = []) { self.sheets = sheets }

    /// The .xlsx file's bytes.
    public func xlsx() throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        // 1980-01-01, the zip format's first date: entries carry no time of writing.
        let date = Date(timeIntervalSince1970: 315_532_800)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
                permissions: 0o644, compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        try add("[Content_Types].xml", contentTypes())
        try add("_rels/.rels", Self.packageRels)
        try add("xl/workbook.xml", workbookXML())
        try add("xl/_rels/workbook.xml.rels", workbookRels())
        try add("xl/styles.xml", Self.styles)
        for (i, s) in sheets.enumerated() {
            try add("xl/worksheets/sheet\(i + 1).xml", Self.sheetXML(s))
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return Array(data)
    }

    // MARK: Parts

    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    func contentTypes() -> String {
        var s = Self.header
        s += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        s += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        s += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        s +=
            "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        s +=
            "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        for i in sheets.indices {
            s +=
                "<Override PartName=\"/xl/worksheets/sheet\(i + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return s + "</Types>"
    }

    static let packageRels =
        header + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"

    func workbookXML() -> String {
        var s = Self.header + "<workbook xmlns=\"\(Self.main)\" xmlns:r=\"\(Self.rel)\"><bookViews><workbookView/></bookViews><sheets>"
        for (i, sheet) in sheets.enumerated() {
            s += "<sheet name=\"\(Self.escape(sheet.name))\" sheetId=\"\(i + 1)\""
            if sheet.hidden { s += " state=\"hidden\"" }
            s += " r:id=\"rId\(i + 1)\"/>"
        }
        return s + "</sheets></workbook>"
    }

    func workbookRels() -> String {
        var s = Self.header + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for i in sheets.indices {
            s += "<Relationship Id=\"rId\(i + 1)\" Type=\"\(Self.rel)/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
        }
        s += "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"\(Self.rel)/styles\" Target=\"styles.xml\"/>"
        return s + "</Relationships>"
    }

    /// Fonts: regular, bold. Fills: none, gray125 (both required), grey, green, yellow, red
    /// (Excel's own "good", "neutral" and "bad" tints). Cell formats in the order of `Style`.
    static let styles =
        header + "<styleSheet xmlns=\"\(main)\">"
        + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"等线\"/><family val=\"2\"/></font>"
        + "<font><b/><sz val=\"11\"/><name val=\"等线\"/><family val=\"2\"/></font></fonts>"
        + "<fills count=\"6\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
        + "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFD9D9D9\"/><bgColor indexed=\"64\"/></patternFill></fill>"
        + "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFC6EFCE\"/><bgColor indexed=\"64\"/></patternFill></fill>"
        + "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFFFEB9C\"/><bgColor indexed=\"64\"/></patternFill></fill>"
        + "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFFFC7CE\"/><bgColor indexed=\"64\"/></patternFill></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"7\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"49\" fontId=\"1\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"3\" borderId=\"0\" xfId=\"0\" applyFill=\"1\"/>"
        + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"4\" borderId=\"0\" xfId=\"0\" applyFill=\"1\"/>"
        + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"5\" borderId=\"0\" xfId=\"0\" applyFill=\"1\"/>"
        + "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>"
        + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>"

    static func sheetXML(_ sheet: Sheet) -> String {
        var s = header + "<worksheet xmlns=\"\(main)\" xmlns:r=\"\(rel)\">"
        let width = sheet.rows.map(\.count).max() ?? 0
        if !sheet.rows.isEmpty && width > 0 {
            s += "<dimension ref=\"A1:\(CellRef(row: sheet.rows.count, column: width).name)\"/>"
        }
        s += "<sheetViews><sheetView workbookViewId=\"0\">"
        if sheet.frozenHeader {
            s += "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
            s += "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>"
        }
        s += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"
        let columns = max(sheet.widths.count, sheet.textColumns.max() ?? 0)
        if columns > 0 {
            s += "<cols>"
            for c in 1...columns {
                let w = c <= sheet.widths.count ? sheet.widths[c - 1] : 10
                s += "<col min=\"\(c)\" max=\"\(c)\" width=\"\(fmt(w))\" customWidth=\"1\""
                if sheet.textColumns.contains(c) { s += " style=\"\(Style.text.rawValue)\"" }
                s += "/>"
            }
            s += "</cols>"
        }
        s += "<sheetData>"
        for (r, row) in sheet.rows.enumerated() {
            s += "<row r=\"\(r + 1)\">"
            for (c, cell) in row.enumerated() {
                guard let cell else { continue }
                let ref = CellRef(row: r + 1, column: c + 1).name
                let style = cell.style == .plain ? "" : " s=\"\(cell.style.rawValue)\""
                switch cell.value {
                case .number(let n):
                    s += "<c r=\"\(ref)\"\(style)><v>\(escape(n))</v></c>"
                case .text(let t):
                    s += "<c r=\"\(ref)\"\(style) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escape(t))</t></is></c>"
                }
            }
            s += "</row>"
        }
        s += "</sheetData>"
        if !sheet.validations.isEmpty {
            s += "<dataValidations count=\"\(sheet.validations.count)\">"
            for v in sheet.validations {
                s += "<dataValidation type=\"list\" allowBlank=\"1\" showErrorMessage=\"1\" sqref=\"\(v.range)\">"
                s += "<formula1>\(escape(v.source))</formula1></dataValidation>"
            }
            s += "</dataValidations>"
        }
        s += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
        return s + "</worksheet>"
    }

    static func fmt(_ w: Double) -> String {
        let tenths = Int((w * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(tenths % 10)"
    }

    /// Escapes text for SpreadsheetML content and attributes (`XMLEscape`, OOXML's `_xHHHH_`).
    static func escape(_ s: String) -> String { XMLEscape.escape(s, .ooxml) }
}
