public import Catalog
public import Foundation

/// An .xlsx workbook converted to the project's XML, with the conversion's own cell-located
/// diagnostics and the map from the XML's lines back to cells.
public struct WorkbookImport: Sendable {
    /// The workbook's name as the user gave it.
    public var name: String
    /// The form found (nil when the workbook could not be read or recognised).
    public var form: WorkbookForm?
    /// The converted document (UTF-8 XML), one element per line as a person writes it; empty
    /// when the conversion found errors.
    public var document: [UInt8] = []
    /// The same document with each attribute on a line of its own, so that a diagnostic's line
    /// says which cell it is about (`locate`); what `validate` and `plan` read.
    public var xml: [UInt8] = []
    /// The conversion's errors and warnings, each at its cell.
    public var diagnostics: [Diagnostic] = []
    /// XML line → the row (and cells) it came from.
    var places: [Int: Place] = [:]

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Where a line of the XML came from: a row of a sheet, and the column of the attribute or
    /// item written on that line (nil on an element's first line).
    struct Place: Sendable {
        var sheet: String
        var row: Int
        var column: Int?
        /// The row's values by attribute, with their columns (for errors that name a key or quote a value).
        var values: [(key: String, value: String, column: Int)]
    }

    /// `message` with every `path:line:col` of the converted XML (as a link check quotes the first
    /// of two duplicates) replaced by the cell of that line, `file.xlsx:program!C2`. `path` may be
    /// the workbook's own name (the XML loaded under it): the search goes on after each replacement.
    public func rewrite(_ message: String, mentioning path: String) -> String {
        var out = message
        var from = out.startIndex
        while let r = out.range(of: path + ":", range: from..<out.endIndex) {
            var end = r.upperBound
            var digits = ""
            while end < out.endIndex, out[end].isASCII, out[end].isNumber {
                digits.append(out[end])
                end = out.index(after: end)
            }
            // Only a whole name (`sub/x.xlsx` is not `x.xlsx`) followed by a line.
            let before = r.lowerBound > out.startIndex ? out[out.index(before: r.lowerBound)] : " "
            guard !digits.isEmpty, before.isWhitespace || "('\"".contains(before) else {
                from = r.upperBound
                continue
            }
            // The column after the line, if any.
            if end < out.endIndex, out[end] == ":" {
                var e2 = out.index(after: end)
                while e2 < out.endIndex, out[e2].isASCII, out[e2].isNumber { e2 = out.index(after: e2) }
                if e2 > out.index(after: end) { end = e2 }
            }
            let cell = Int(digits).map { locate(Diagnostic(file: path, line: $0, column: 0, severity: .error, message: "")) }
            let shown = cell.map { $0.cell.map { c in c.isEmpty ? name : "\(name):\(c)" } ?? name } ?? name
            let offset = out.distance(from: out.startIndex, to: r.lowerBound) + shown.count
            out.replaceSubrange(r.lowerBound..<end, with: shown)
            from = out.index(out.startIndex, offsetBy: offset)
        }
        return out
    }

    /// The diagnostic `d`, given on the converted XML (any file name), moved to the cell it is about:
    /// the attribute's own line, else the attribute the message names, else the value it quotes,
    /// else the row's first cell.
    public func locate(_ d: Diagnostic) -> Diagnostic {
        guard let place = places[d.line] else {
            return .whole(name, d.message, severity: d.severity)
        }
        var column = place.column
        if column == nil {
            for (key, _, c) in place.values where d.message.contains("attribute '\(key)'") {
                column = c
                break
            }
        }
        if column == nil {
            let quoted = place.values.filter { !$0.value.isEmpty && d.message.contains("'\($0.value)'") }
            column = quoted.max { $0.value.count < $1.value.count }?.column
        }
        let ref = CellRef(row: place.row, column: column ?? 1)
        return Diagnostic(
            file: name, line: ref.row, column: ref.column, severity: d.severity, message: d.message,
            cell: "\(place.sheet)!\(ref.name)")
    }
}

/// Converts .xlsx workbooks filled from `chanjiao template` into the project's XML.
public enum WorkbookImporter {
    /// The sheets Chanjiao writes into its own workbooks and reads past: the read-me and the lists.
    static let ownSheets: Set<String> = [TemplateWriter.readmeName, TemplateWriter.listsName]

    /// The most diagnostics one workbook reports (then a count), as for an XML file.
    static let diagnosticLimit = 100

    /// Reads the file at `path` (named `name` in diagnostics); with `expecting`, a workbook of the
    /// other form is an error.
    public static func convert(
        path: String, name: String? = nil, limits: WorkbookLimits = WorkbookLimits(), expecting: WorkbookForm? = nil
    ) -> WorkbookImport {
        let shown = name ?? path
        let url = URL(fileURLWithPath: path)
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > limits.maxFileBytes {
            var out = WorkbookImport(name: shown)
            out.diagnostics = [.whole(shown, Container.tooLarge(size, limits) + " (raise it with --max-size)")]
            return out
        }
        guard let data = try? Data(contentsOf: url) else {
            var out = WorkbookImport(name: shown)
            out.diagnostics = [.whole(shown, "cannot read the file")]
            return out
        }
        return convert(data: data, name: shown, limits: limits, expecting: expecting)
    }

    /// Converts the bytes of an .xlsx file named `name`; with `expecting`, a workbook of the other
    /// form is an error (a demand workbook sent where programs are taken).
    public static func convert(
        data: Data, name: String, limits: WorkbookLimits = WorkbookLimits(), expecting: WorkbookForm? = nil
    ) -> WorkbookImport {
        var out = WorkbookImport(name: name)
        let sheets: [StoredSheet]
        do {
            sheets = try WorkbookReader.read(data, name: name, limits: limits)
        } catch {
            out.diagnostics = error.diagnostics
            return out
        }
        var conversion = Conversion(name: name, sheets: sheets)
        conversion.run(expecting: expecting)
        out.form = conversion.form
        out.diagnostics = conversion.diagnostics
        // As for an XML file: the first 100, then a count.
        if out.diagnostics.count > diagnosticLimit {
            let dropped = out.diagnostics.count - diagnosticLimit
            let anyError = out.hasErrors
            out.diagnostics.removeLast(dropped)
            out.diagnostics.append(
                .whole(
                    name, "\(dropped) more diagnostics not shown (the first \(diagnosticLimit) are listed)",
                    severity: anyError ? .error : .warning))
        }
        if !out.hasErrors {
            out.xml = Array(conversion.xml.utf8)
            out.document = Array((conversion.compact + "\n").utf8)
            out.places = conversion.places
        }
        return out
    }
}

/// One row of a sheet, read into its field values.
struct ReadRow {
    var row: Int
    /// Field key → (value, column).
    var values: [String: (value: String, column: Int)] = [:]

    func value(_ key: String) -> String? { values[key]?.value }
}

/// The work of one conversion: sheets to rows to XML, collecting located diagnostics.
struct Conversion {
    let name: String
    let sheets: [StoredSheet]
    var form: WorkbookForm?
    var diagnostics: [Diagnostic] = []
    var xml = ""
    /// The document with attributes on their element's line.
    var compact = ""
    var places: [Int: WorkbookImport.Place] = [:]
    private var line = 1
    /// Normalisations already reported per sheet, column and kind: the first cell gets the warning.
    private var normalised: [String: (index: Int, count: Int)] = [:]

    init(name: String, sheets: [StoredSheet]) {
        self.name = name
        self.sheets = sheets
    }

    mutating func report(_ severity: Severity, _ sheet: String, _ ref: CellRef, _ message: String) {
        diagnostics.append(
            Diagnostic(
                file: name, line: ref.row, column: ref.column, severity: severity, message: message,
                cell: "\(sheet)!\(ref.name)"))
    }

    /// A warning reported once per sheet, column and kind, with the number of further cells.
    mutating func normalisation(_ sheet: String, _ ref: CellRef, kind: String, _ message: String) {
        let key = "\(sheet)\u{1}\(ref.column)\u{1}\(kind)"
        if let seen = normalised[key] {
            normalised[key] = (seen.index, seen.count + 1)
            return
        }
        normalised[key] = (diagnostics.count, 0)
        report(.warning, sheet, ref, message)
    }

    mutating func run(expecting: WorkbookForm? = nil) {
        let names = Set(sheets.map(\.name))
        let forms = WorkbookForm.allCases.filter { f in f.sheets.contains { names.contains($0.name) } }
        form = expecting.flatMap { forms.contains($0) ? $0 : nil } ?? forms.first
        if let expecting, let found = form, found != expecting {
            diagnostics.append(
                .whole(
                    name,
                    "a \(found.rawValue) workbook (sheets \(found.sheets.map(\.name).joined(separator: ", "))) where a \(expecting.rawValue) workbook is expected; start from `chanjiao template \(expecting.rawValue)`"
                ))
            return
        }
        guard let form else {
            diagnostics.append(
                .whole(
                    name,
                    "no sheet named college, program, year (a colleges workbook) or demand, role, skill (a demand workbook); start from `chanjiao template colleges|demand`"
                ))
            return
        }
        let specs = form.sheets
        var rows: [String: [ReadRow]] = [:]
        for sheet in sheets {
            if WorkbookImporter.ownSheets.contains(sheet.name) { continue }
            guard let spec = specs.first(where: { $0.name == sheet.name }) else {
                report(
                    .warning, sheet.name, CellRef(row: 1, column: 1),
                    "sheet '\(sheet.name)'\(sheet.hidden ? " (hidden)" : "") is not read: a \(form.rawValue) workbook has the sheets \(specs.map(\.name).joined(separator: ", "))"
                )
                continue
            }
            if sheet.hidden {
                report(
                    .error, sheet.name, CellRef(row: 1, column: 1),
                    "sheet '\(sheet.name)' is hidden: unhide it (or delete it) so that what is read is what you see")
                continue
            }
            rows[spec.name] = read(sheet, spec)
        }
        for spec in specs where rows[spec.name] == nil && !sheets.contains(where: { $0.name == spec.name }) {
            if spec.parent == nil {
                diagnostics.append(.whole(name, "the workbook has no sheet '\(spec.name)' (\(spec.chinese))"))
            }
        }
        for (key, seen) in normalised where seen.count > 0 {
            _ = key
            diagnostics[seen.index].message += "（本列另有 \(seen.count) 个单元格同样处理 / and \(seen.count) more cells in this column）"
        }
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return }
        switch form {
        case .colleges: writeColleges(rows)
        case .demand: writeDemand(rows)
        }
    }

    // MARK: Reading a sheet

    /// The field a header cell names: `专业代码(major)`, `major`, or `专业代码`.
    static func field(for header: String, in spec: SheetSpec) -> FieldSpec? {
        let t = header.trimmingCharacters(in: .whitespacesAndNewlines)
        for open in ["(", "（"] {
            if let r = t.range(of: open, options: .backwards) {
                var key = String(t[r.upperBound...])
                if key.hasSuffix(")") || key.hasSuffix("）") { key.removeLast() }
                if let f = spec.fields.first(where: { $0.key == key }) { return f }
            }
        }
        return spec.fields.first { $0.key == t || $0.chinese == t }
    }

    mutating func read(_ sheet: StoredSheet, _ spec: SheetSpec) -> [ReadRow] {
        for range in sheet.merged {
            let first = range.split(separator: ":").first.flatMap { CellRef(String($0)) } ?? CellRef(row: 1, column: 1)
            report(
                .error, sheet.name, first,
                "merged cells \(range): every row needs its own value in each cell; unmerge them and fill each cell")
        }
        var columns: [Int: FieldSpec] = [:]
        var seen: [String: Int] = [:]
        let headerCells = sheet.cells.filter { $0.key.row == 1 }.sorted { $0.key < $1.key }
        for (ref, cell) in headerCells {
            let text = cell.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { continue }
            guard let f = Self.field(for: text, in: spec) else {
                report(.warning, sheet.name, ref, "column '\(text)' is not read: it names no field of sheet \(spec.name)")
                continue
            }
            if let other = seen[f.key] {
                report(.error, sheet.name, ref, "a second column for '\(f.key)' (the first is column \(CellRef.letters(other)))")
                continue
            }
            seen[f.key] = ref.column
            columns[ref.column] = f
        }
        for f in spec.fields where f.required && seen[f.key] == nil {
            let next = (headerCells.last?.key.column ?? 0) + 1
            report(.error, sheet.name, CellRef(row: 1, column: next), "no column for '\(f.key)' (\(f.chinese)), which is required")
        }
        guard sheet.maxRow >= 2 else { return [] }
        var byRow: [Int: [(CellRef, StoredCell)]] = [:]
        for (ref, cell) in sheet.cells where ref.row >= 2 && columns[ref.column] != nil {
            byRow[ref.row, default: []].append((ref, cell))
        }
        var out: [ReadRow] = []
        for r in byRow.keys.sorted() {
            var row = ReadRow(row: r)
            for (ref, cell) in byRow[r]!.sorted(by: { $0.0 < $1.0 }) {
                let f = columns[ref.column]!
                if let v = normalise(cell, f, sheet.name, ref), !v.isEmpty {
                    row.values[f.key] = (v, ref.column)
                }
            }
            if row.values.isEmpty { continue }
            for f in spec.fields where f.required && row.values[f.key] == nil {
                if let c = seen[f.key] {
                    report(.error, sheet.name, CellRef(row: r, column: c), "\(f.chinese)(\(f.key)) is required and this cell is empty")
                }
            }
            out.append(row)
        }
        return out
    }

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

    // MARK: Writing XML

    mutating func emit(_ text: String, _ place: WorkbookImport.Place?, attribute: Bool = false) {
        if let place { places[line] = place }
        xml += text + "\n"
        line += 1
        if attribute {
            compact += " " + text.drop(while: { $0 == " " })
        } else {
            compact += (compact.isEmpty ? "" : "\n") + text
        }
    }

    static func escape(_ s: String) -> String { XMLEscape.escape(s, .characterReferences) }

    /// One element for `row`: the start tag on its own line, each attribute on a line of its own
    /// (so that an error on the line is an error in that cell), then the children.
    mutating func element(
        _ tag: String, _ spec: SheetSpec, _ row: ReadRow, indent: String, rootAttributes: String = "",
        leaf: Bool = false, children: (inout Conversion) -> Void
    ) {
        let values = spec.fields.compactMap { f -> (key: String, value: String, column: Int)? in
            row.values[f.key].map { (f.key, $0.value, $0.column) }
        }
        let rowPlace = WorkbookImport.Place(sheet: spec.name, row: row.row, column: nil, values: values)
        let textField = spec.fields.first { if case .text = $0.role { true } else { false } }
        let text = textField.flatMap { row.values[$0.key] }
        let attributes = spec.fields.filter { if case .attribute = $0.role { return row.values[$0.key] != nil } else { return false } }
        if attributes.isEmpty {
            // The text (a skill) right after the tag: whitespace around it would be part of it.
            if leaf && text == nil {
                emit("\(indent)<\(tag)\(rootAttributes)/>", rowPlace)
                return
            }
            emit("\(indent)<\(tag)\(rootAttributes)>" + (text.map { Self.escape($0.value) + "</\(tag)>" } ?? ""), rowPlace)
            if text != nil { return }
        } else {
            emit("\(indent)<\(tag)\(rootAttributes)", rowPlace)
            for (i, f) in attributes.enumerated() {
                let v = row.values[f.key]!
                var place = rowPlace
                place.column = v.column
                let last = i == attributes.count - 1
                let end = !last ? "" : leaf && text == nil ? "/>" : ">" + (text.map { Self.escape($0.value) + "</\(tag)>" } ?? "")
                emit("\(indent)    \(f.key)=\"\(Self.escape(v.value))\"\(end)", place, attribute: true)
            }
            if text != nil || leaf { return }
        }
        for f in spec.fields {
            guard case .children(let element, let attribute) = f.role, let v = row.values[f.key] else { continue }
            var place = rowPlace
            place.column = v.column
            for item in v.value.split(whereSeparator: { $0 == ";" || $0 == "；" }) {
                let t = item.trimmingCharacters(in: .whitespaces)
                if t.isEmpty { continue }
                if let attribute {
                    emit("\(indent)  <\(element) \(attribute)=\"\(Self.escape(t))\"/>", place)
                } else {
                    emit("\(indent)  <\(element)>\(Self.escape(t))</\(element)>", place)
                }
            }
        }
        children(&self)
        emit("\(indent)</\(tag)>", nil)
    }

    mutating func orphan(_ spec: SheetSpec, _ row: ReadRow, parentSheet: String) {
        let key = spec.fields.first { if case .parent = $0.role { true } else { false } }!.key
        let v = row.values[key]
        report(
            .error, spec.name, CellRef(row: row.row, column: v?.column ?? 1),
            "\(key) '\(v?.value ?? "")' is not on sheet \(parentSheet): the row belongs to no record")
    }

    mutating func writeColleges(_ rows: [String: [ReadRow]]) {
        let colleges = rows["college"] ?? []
        let programs = rows["program"] ?? []
        let years = rows["year"] ?? []
        let collegeIDs = Set(colleges.compactMap { $0.value("id") })
        let programIDs = Set(programs.compactMap { $0.value("id") })
        for p in programs where !collegeIDs.contains(p.value("college") ?? "") { orphan(.program, p, parentSheet: "college") }
        for y in years where !programIDs.contains(y.value("program") ?? "") { orphan(.year, y, parentSheet: "program") }
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return }
        var programsOf: [String: [ReadRow]] = [:]
        for p in programs { programsOf[p.value("college")!, default: []].append(p) }
        var yearsOf: [String: [ReadRow]] = [:]
        for y in years { yearsOf[y.value("program")!, default: []].append(y) }
        var used: Set<String> = []
        emit("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", nil)
        emit("<colleges xmlns=\"\(DocumentKind.colleges.namespace)\">", nil)
        for c in colleges {
            let id = c.value("id") ?? ""
            // Children go to the first college of an id (a second one is reported as a duplicate).
            let mine = used.insert(id).inserted ? programsOf[id] ?? [] : []
            element("college", .college, c, indent: "  ") { conv in
                var usedPrograms: Set<String> = []
                for p in mine {
                    let pid = p.value("id") ?? ""
                    let ys = !pid.isEmpty && usedPrograms.insert(pid).inserted ? yearsOf[pid] ?? [] : []
                    conv.element("program", .program, p, indent: "    ") { conv in
                        for y in ys { conv.element("year", .year, y, indent: "      ", leaf: true) { _ in } }
                    }
                }
            }
        }
        emit("</colleges>", nil)
    }

    mutating func writeDemand(_ rows: [String: [ReadRow]]) {
        let demands = rows["demand"] ?? []
        guard let d = demands.first else {
            report(.error, "demand", CellRef(row: 2, column: 1), "the demand sheet has no row: fill in row 2")
            return
        }
        if demands.count > 1 {
            report(
                .error, "demand", CellRef(row: demands[1].row, column: 1),
                "one submission per workbook: row \(d.row) is this workbook's submission; send a second one in a workbook of its own")
        }
        let roles = rows["role"] ?? []
        let skills = rows["skill"] ?? []
        let roleIDs = Set(roles.compactMap { $0.value("id") })
        for s in skills where !roleIDs.contains(s.value("role") ?? "") { orphan(.skill, s, parentSheet: "role") }
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return }
        var skillsOf: [String: [ReadRow]] = [:]
        for s in skills { skillsOf[s.value("role")!, default: []].append(s) }
        var used: Set<String> = []
        emit("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", nil)
        element("demand", .demand, d, indent: "", rootAttributes: " xmlns=\"\(DocumentKind.demand.namespace)\"") { conv in
            for r in roles {
                let id = r.value("id") ?? ""
                let mine = used.insert(id).inserted ? skillsOf[id] ?? [] : []
                conv.element("role", .role, r, indent: "  ") { conv in
                    for s in mine { conv.element("skill", .skill, s, indent: "    ", leaf: true) { _ in } }
                }
            }
        }
    }
}
