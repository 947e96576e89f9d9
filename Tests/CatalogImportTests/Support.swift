import CatalogImport
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Paths and a shared import of the repository's tables (run once for the whole suite).
enum Fixture {
    /// The package root, derived from this file's path (Tests/CatalogImportTests/Support.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let catalogs = root.appendingPathComponent("Catalogs")
    /// The repository's tables, `Catalogs/sources`.
    static let tables = catalogs.appendingPathComponent("sources")
    /// The hand-written tiny source folder of these tests.
    static let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/source")
    /// The full source folder when the environment names one (`CHANJIAO_SOURCE_DATA`), else nil.
    static let fullSource: URL? = ProcessInfo.processInfo.environment["CHANJIAO_SOURCE_DATA"].flatMap { path in
        path.isEmpty ? nil : URL(fileURLWithPath: path, isDirectory: true)
    }

    static let output: Result<MoeImporter.Output, CatalogImportError> = Result {
        () throws(CatalogImportError) -> MoeImporter.Output in
        try MoeImporter(tablesDirectory: tables, outputDirectory: FileManager.default.temporaryDirectory).build()
    }

    static func built() throws -> MoeImporter.Output { try output.get() }

    private static let parsedMajors: Result<[ParsedMajor], any Error> = Result { parseMajors(try built().majors) }

    /// majors.xml of the shared import, parsed once.
    static func majors() throws -> [ParsedMajor] { try parsedMajors.get() }

    /// A fact table of the repository.
    static func csv(_ name: String, _ required: [String]) throws -> CSVTable {
        try CSVTable(contentsOf: tables.appendingPathComponent(name), required: required)
    }

    static func tempDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A temporary copy of the files of `directory` (not recursive).
    static func copy(of directory: URL) throws -> URL {
        let dir = try tempDirectory()
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            try FileManager.default.copyItem(
                at: directory.appendingPathComponent(name),
                to: dir.appendingPathComponent(name)
            )
        }
        return dir
    }
}

/// One element of a parsed document: its name, attributes, text and the names of its ancestors.
struct Element {
    var name: String
    var attributes: [String: String]
    var text: String
    var path: [String]
}

/// Flattens an XML document into its elements, in document order (FoundationXML, tests only).
final class FlatXML: NSObject, XMLParserDelegate {
    private(set) var elements: [Element] = []
    private var stack: [Int] = []
    private(set) var error: String?

    static func parse(_ text: String) -> FlatXML {
        let flat = FlatXML()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = flat
        if !parser.parse() { flat.error = parser.parserError.map { "\($0)" } ?? "parse failed" }
        return flat
    }

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        let path = stack.map { elements[$0].name }
        elements.append(Element(name: elementName, attributes: attributeDict, text: "", path: path))
        stack.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let i = stack.last { elements[i].text += string }
    }

    func parser(
        _ parser: XMLParser,
        didEndElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?
    ) {
        if let i = stack.popLast() {
            elements[i].text = elements[i].text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    func all(_ name: String) -> [Element] { elements.filter { $0.name == name } }
}

/// A major with its links and terms, read back from majors.xml.
struct ParsedMajor {
    var code: String
    var name: String
    var level: String
    var added: String?
    var national: Bool
    var category: String
    var classCode: String
    var occupations: [String] = []
    var terms: [(kind: String, text: String, generic: Bool)] = []
}

func parseMajors(_ text: String) -> [ParsedMajor] {
    let flat = FlatXML.parse(text)
    var majors: [ParsedMajor] = []
    var category = ""
    var classCode = ""
    for e in flat.elements {
        switch e.name {
        case "category": category = e.attributes["code"] ?? ""
        case "class": classCode = e.attributes["code"] ?? ""
        case "major":
            majors.append(
                ParsedMajor(
                    code: e.attributes["code"] ?? "",
                    name: e.attributes["name"] ?? "",
                    level: e.attributes["level"] ?? "",
                    added: e.attributes["added"],
                    national: e.attributes["national"] == "true",
                    category: category,
                    classCode: classCode
                )
            )
        case "occupation": majors[majors.count - 1].occupations.append(e.attributes["code"] ?? "")
        case "term":
            majors[majors.count - 1].terms.append(
                (e.attributes["kind"] ?? "", e.text, e.attributes["generic"] == "true")
            )
        default: break
        }
    }
    return majors
}

/// Runs xmllint --schema when it is installed; nil when it is not.
func xmllint(_ file: URL, schema: URL) -> (status: Int32, output: String)? {
    let tool = "/usr/bin/xmllint"
    guard FileManager.default.isExecutableFile(atPath: tool) else { return nil }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: tool)
    p.arguments = ["--noout", "--schema", schema.path, file.path]
    let pipe = Pipe()
    p.standardError = pipe
    p.standardOutput = pipe
    do { try p.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}
