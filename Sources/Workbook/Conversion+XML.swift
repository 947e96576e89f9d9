import Catalog
import Foundation

/// Writing the XML: one element per row, each attribute on a line of its own mapped back to its cell.
extension Conversion {
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
