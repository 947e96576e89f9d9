import Foundation
import TestSupport
import ZIPFoundation

/// Runs the built `chanjiao` binary from the package root.
enum Tool {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    typealias Output = ProcessOutput

    static func run(_ arguments: [String], executable: URL? = nil, environment: [String: String] = [:]) throws -> Output {
        try BuiltProducts.run(arguments, root: root, executable: executable, environment: environment)
    }

    static func temp() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chanjiao-xlsx-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

/// Hand-made .xlsx containers: each part's XML as a test writes it, zipped by ZIPFoundation.
enum RawBook {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A zip of `parts` (path, text), each deflated.
    static func zip(_ parts: [(String, String)], stored: Bool = false) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count),
                compressionMethod: stored ? .none : .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        return archive.data!
    }

    /// A workbook of `sheets` (name, hidden, the worksheet's inner XML: `<sheetData>…</sheetData>` and what follows),
    /// with `shared` strings when given.
    static func book(_ sheets: [(name: String, hidden: Bool, body: String)], shared: [String]? = nil, stored: Bool = false) throws -> Data {
        var parts: [(String, String)] = []
        parts.append(
            (
                "_rels/.rels",
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            ))
        var wb = "<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheets>"
        var rels = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for (i, s) in sheets.enumerated() {
            wb += "<sheet name=\"\(s.name)\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"\(s.hidden ? " state=\"hidden\"" : "")/>"
            rels += "<Relationship Id=\"rId\(i + 1)\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
            parts.append(("xl/worksheets/sheet\(i + 1).xml", "<worksheet xmlns=\"\(main)\">\(s.body)</worksheet>"))
        }
        if let shared {
            rels += "<Relationship Id=\"rIdS\" Type=\"\(rel)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
            let items = shared.map { $0.hasPrefix("<") ? "<si>\($0)</si>" : "<si><t xml:space=\"preserve\">\($0)</t></si>" }.joined()
            parts.append(("xl/sharedStrings.xml", "<sst xmlns=\"\(main)\" count=\"\(shared.count)\">\(items)</sst>"))
        }
        parts.append(("xl/workbook.xml", wb + "</sheets></workbook>"))
        parts.append(("xl/_rels/workbook.xml.rels", rels + "</Relationships>"))
        return try zip(parts, stored: stored)
    }

    /// An inline-string cell.
    static func s(_ ref: String, _ text: String) -> String { "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(text)</t></is></c>" }
    /// A numeric cell.
    static func n(_ ref: String, _ value: String) -> String { "<c r=\"\(ref)\"><v>\(value)</v></c>" }
    /// A row of cells.
    static func row(_ r: Int, _ cells: String...) -> String { "<row r=\"\(r)\">\(cells.joined())</row>" }

    /// The college sheet's header and one college.
    static let collegeSheet =
        "<sheetData>" + row(1, s("A1", "学校代码(id)"), s("B1", "学校名称(name)"), s("C1", "所在区县(district)"), s("D1", "办学层次(type)"))
        + row(2, s("A2", "T01"), s("B2", "重庆示例职业学院"), s("C2", "渝中区"), s("D2", "higher")) + "</sheetData>"

    /// The program sheet's header row.
    static let programHeader = row(
        1, s("A1", "学校代码(college)"), s("B1", "专业点代码(id)"), s("C1", "专业代码(major)"), s("D1", "招生人数(enrolment)"),
        s("E1", "毕业生人数(graduates)"), s("F1", "就业率(employmentRate)"), s("G1", "办学容量(capacity)"))

    /// A colleges workbook whose program sheet holds `rows` (and `after` past its sheetData).
    static func colleges(programRows: String, after: String = "", extra: [(name: String, hidden: Bool, body: String)] = [])
        throws -> Data
    {
        try book(
            [("college", false, collegeSheet), ("program", false, "<sheetData>" + programHeader + programRows + "</sheetData>" + after)]
                + extra)
    }
}
