import Catalog
import Foundation

/// One cell as stored: its text and what kind of value the file says it holds.
struct StoredCell: Sendable, Equatable {
    /// How the file stores the value.
    enum Kind: Sendable, Equatable {
        /// A number (`<v>` of a numeric cell), its text as written in the file.
        case number
        /// Text (shared, inline, or a formula's string result).
        case text
        /// TRUE/FALSE.
        case bool
        /// An error value such as `#N/A`.
        case error
        /// A formula whose last computed value was not saved.
        case formulaWithoutValue
    }

    var kind: Kind
    var text: String
}

/// One worksheet: its cells, merged ranges, and whether it is hidden.
struct StoredSheet: Sendable {
    var name: String
    var hidden: Bool
    var cells: [CellRef: StoredCell] = [:]
    /// Merged ranges as written (`A2:A5`).
    var merged: [String] = []
    var maxRow = 0
}

/// Reads the sheets of an .xlsx workbook: the container within its limits, then the workbook,
/// relationships, shared strings and sheets through `PlainXML` (the project's libxml2 reader).
enum WorkbookReader {
    static let officeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"

    static func read(_ data: Data, name: String, limits: WorkbookLimits) throws(CatalogError) -> [StoredSheet] {
        let container = try Container.read(data, name: name, limits: limits)
        func fail(_ message: String) -> CatalogError {
            CatalogError(.whole(name, message))
        }
        func parse(_ part: String, _ handler: PlainXMLHandler) throws(CatalogError) {
            guard let bytes = container.parts[part] else { throw fail("the workbook has no part '\(part)'") }
            var options = IngestOptions()
            options.maxBytes = limits.maxPartBytes
            let d = bytes.withUnsafeBytes { PlainXML.parse($0, name: "\(name)/\(part)", options: options, handler: handler) }
            let errors = d.filter { $0.severity == .error }
            if !errors.isEmpty {
                // The part's own line and column: the user can do nothing with them but they say what broke.
                throw CatalogError(
                    diagnostics: errors.map {
                        .whole(name, "part '\(part)' is not well-formed XML (\($0.line):\($0.column): \($0.message))")
                    })
            }
        }
        // The workbook part, from the package relationships (xl/workbook.xml in every writer seen).
        var workbookPart = "xl/workbook.xml"
        if container.parts["_rels/.rels"] != nil {
            let rels = Relationships()
            try parse("_rels/.rels", rels)
            if let target = rels.items.first(where: { $0.type == officeDocument })?.target {
                workbookPart = resolve(target, from: "")
            }
        }
        let book = WorkbookPart()
        try parse(workbookPart, book)
        let base = (workbookPart as NSString).deletingLastPathComponent
        let relsPart = (base.isEmpty ? "" : base + "/") + "_rels/" + (workbookPart as NSString).lastPathComponent + ".rels"
        let rels = Relationships()
        try parse(relsPart, rels)
        var shared: [String] = []
        if let ss = rels.items.first(where: { $0.type.hasSuffix("/sharedStrings") }) {
            let part = resolve(ss.target, from: base)
            if container.parts[part] != nil {
                let h = SharedStrings()
                try parse(part, h)
                shared = h.strings
            }
        }
        var sheets: [StoredSheet] = []
        for s in book.sheets {
            guard let rel = rels.items.first(where: { $0.id == s.rid }) else {
                throw fail("sheet '\(s.name)' has no relationship '\(s.rid)' in \(relsPart)")
            }
            let part = resolve(rel.target, from: base)
            if let why = Container.refusal(ofPath: part) { throw fail(why) }
            let h = SheetPart(shared: shared, maxRows: limits.maxRows)
            try parse(part, h)
            if let problem = h.problem { throw fail("sheet '\(s.name)': \(problem)") }
            var sheet = StoredSheet(name: s.name, hidden: s.hidden)
            sheet.cells = h.cells
            sheet.merged = h.merged
            sheet.maxRow = h.maxRow
            sheets.append(sheet)
        }
        return sheets
    }

    /// A relationship target as a part name: relative to `base`, or absolute from the package root.
    static func resolve(_ target: String, from base: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        return base.isEmpty ? target : base + "/" + target
    }
}

/// `_rels/*.rels`: relationship id, type and target.
private final class Relationships: PlainXMLHandler {
    struct Item {
        var id: String
        var type: String
        var target: String
    }
    let elementNames = ["Relationship"]
    let attributeNames = ["Id", "Type", "Target", "TargetMode"]
    var items: [Item] = []

    func start(element: Int, attributes: [String?]) {
        guard element == 0, let id = attributes[0], let target = attributes[2], attributes[3] != "External" else { return }
        items.append(Item(id: id, type: attributes[1] ?? "", target: target))
    }

    func end(element: Int, text: String) {}
}

/// `xl/workbook.xml`: the sheets in their order, with their relationship ids and states.
private final class WorkbookPart: PlainXMLHandler {
    struct Sheet {
        var name: String
        var rid: String
        var hidden: Bool
    }
    let elementNames = ["sheet"]
    let attributeNames = ["name", "id", "state"]
    var sheets: [Sheet] = []

    func start(element: Int, attributes: [String?]) {
        guard element == 0, let name = attributes[0], let rid = attributes[1] else { return }
        let state = attributes[2] ?? "visible"
        sheets.append(Sheet(name: name, rid: rid, hidden: state != "visible"))
    }

    func end(element: Int, text: String) {}
}

/// `xl/sharedStrings.xml`: each `<si>`'s text, its runs joined, phonetic guides (`<rPh>`) left out.
private final class SharedStrings: PlainXMLHandler {
    let elementNames = ["si", "t", "rPh"]
    let attributeNames: [String] = []
    var strings: [String] = []
    private var current = ""
    private var inPhonetic = 0

    func start(element: Int, attributes: [String?]) {
        if element == 0 { current = "" }
        if element == 2 { inPhonetic += 1 }
    }

    func end(element: Int, text: String) {
        switch element {
        case 0: strings.append(OOXMLText.unescape(current))
        case 1: if inPhonetic == 0 { current += text }
        case 2: inPhonetic -= 1
        default: break
        }
    }
}

/// A worksheet part: cells by reference, merged ranges.
private final class SheetPart: PlainXMLHandler {
    let elementNames = ["row", "c", "v", "is", "t", "f", "mergeCell", "rPh"]
    let attributeNames = ["r", "t", "ref"]
    let shared: [String]
    let maxRows: Int
    var cells: [CellRef: StoredCell] = [:]
    var merged: [String] = []
    var maxRow = 0
    var problem: String?

    private var row = 0
    private var column = 0
    private var cellType = "n"
    private var value: String?
    private var inline = ""
    private var inInline = false
    private var inPhonetic = 0
    private var hasFormula = false

    init(shared: [String], maxRows: Int) {
        self.shared = shared
        self.maxRows = maxRows
    }

    func start(element: Int, attributes: [String?]) {
        guard problem == nil else { return }
        switch element {
        case 0:
            if let r = attributes[0], let n = Int(r), n > 0, n <= 1_048_576 { row = n } else { row += 1 }
            column = 0
            if row > maxRows { problem = "more than \(maxRows) rows" }
        case 1:
            if let r = attributes[0], let ref = CellRef(r) {
                if ref.row != row && row > 0 { problem = "cell \(r) lies outside its row \(row)" }
                row = ref.row
                column = ref.column
            } else {
                column += 1
            }
            cellType = attributes[1] ?? "n"
            value = nil
            inline = ""
            hasFormula = false
        case 3: inInline = true
        case 5: hasFormula = true
        case 6: if let ref = attributes[2] { merged.append(ref) }
        case 7: inPhonetic += 1
        default: break
        }
    }

    func end(element: Int, text: String) {
        guard problem == nil else { return }
        switch element {
        case 1: finishCell()
        case 2: value = text
        case 3: inInline = false
        case 4: if inInline && inPhonetic == 0 { inline += text }
        case 7: inPhonetic -= 1
        default: break
        }
    }

    private func finishCell() {
        guard row > 0, column > 0 else { return }
        let cell: StoredCell
        switch cellType {
        case "s":
            guard let v = value, let i = Int(v), shared.indices.contains(i) else {
                if value == nil && hasFormula {
                    cell = StoredCell(kind: .formulaWithoutValue, text: "")
                    break
                }
                problem = "cell \(CellRef(row: row, column: column).name) points at a shared string that does not exist"
                return
            }
            cell = StoredCell(kind: .text, text: shared[i])
        case "inlineStr":
            cell = StoredCell(kind: .text, text: OOXMLText.unescape(inline))
        case "str":
            cell =
                value.map { StoredCell(kind: .text, text: OOXMLText.unescape($0)) }
                ?? StoredCell(kind: .formulaWithoutValue, text: "")
        case "b":
            cell =
                value.map { StoredCell(kind: .bool, text: $0 == "1" ? "true" : "false") }
                ?? StoredCell(kind: hasFormula ? .formulaWithoutValue : .text, text: "")
        case "e":
            cell = StoredCell(kind: .error, text: value ?? "#ERROR")
        default:
            if let v = value {
                cell = StoredCell(kind: cellType == "d" ? .text : .number, text: v)
            } else if hasFormula {
                cell = StoredCell(kind: .formulaWithoutValue, text: "")
            } else {
                return  // a styled empty cell
            }
        }
        cells[CellRef(row: row, column: column)] = cell
        maxRow = max(maxRow, row)
    }
}

/// The `_xHHHH_` escapes OOXML uses in strings for characters XML cannot hold.
enum OOXMLText {
    static func unescape(_ s: String) -> String {
        guard s.contains("_x") else { return s }
        var out = ""
        var chars = Array(s.unicodeScalars)[...]
        while let c = chars.first {
            if let scalar = escaped(chars) {
                out.unicodeScalars.append(scalar)
                chars = chars.dropFirst(7)
                continue
            }
            out.unicodeScalars.append(c)
            chars = chars.dropFirst()
        }
        return out
    }

    /// The character `_xHHHH_` at the start of `chars` stands for, if it starts with one.
    static func escaped(_ chars: ArraySlice<Unicode.Scalar>) -> Unicode.Scalar? {
        let i = chars.startIndex
        guard chars.count >= 7, chars[i] == "_", chars[i + 1] == "x", chars[i + 6] == "_" else { return nil }
        let hex = chars[(i + 2)..<(i + 6)]
        guard hex.allSatisfy(\.properties.isASCIIHexDigit) else { return nil }
        return UInt32(String(String.UnicodeScalarView(hex)), radix: 16).flatMap(Unicode.Scalar.init)
    }

    /// Whether `chars` starts with an escape a reader would decode (so a literal one needs its `_` escaped).
    static func isEscape(_ chars: ArraySlice<Unicode.Scalar>) -> Bool { escaped(chars) != nil }
}
