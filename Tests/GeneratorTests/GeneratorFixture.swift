import CatalogImport
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A small hand-made catalog in the shipped formats, written to a temporary directory: 5 sectors × 2
/// classes × 8 majors per level, 60 occupations, 10 clusters (6 of 33618, 3 of 416, 1 future).
enum GeneratorFixture {
    static let sectors = [6, 10, 11, 12, 13]
    static let levels: [(level: String, base: Int)] = [("secondary", 60), ("higher", 40), ("bachelor", 20)]

    static func occupationCode(_ n: Int) -> String {
        "6-\(pad(20 + n / 10))-0\(n % 10 / 5 + 1)-0\(n % 5 + 1)"
    }

    static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    static var majorsXML: String {
        var out =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<majorCatalog xmlns=\"urn:chanjiao:majors:1\" edition=\"2021\">\n"
        for (level, base) in levels {
            for (si, sector) in sectors.enumerated() {
                let category = base + sector
                out += "<category code=\"\(category)\" name=\"示例\(sector)大类\" level=\"\(level)\">\n"
                for cls in 1...2 {
                    let classCode = "\(category)0\(cls)"
                    out += "<class code=\"\(classCode)\" name=\"示例\(sector)-\(cls)类\">\n"
                    for m in 1...8 {
                        let code = "\(classCode)0\(m)"
                        let name = m == 1 ? "机械&amp;电气\(code)" : "专业\(code)"
                        out += "<major code=\"\(code)\" name=\"\(name)\" level=\"\(level)\">"
                        let o = (si * 12 + cls * 5 + m) % 60
                        out +=
                            "<occupation code=\"\(occupationCode(o))\"/><occupation code=\"\(occupationCode((o + 7) % 60))\"/>"
                        out += "<occupation code=\"9-99\"/>"  // not in the dictionary: must be ignored
                        for t in 1...5 { out += "<term kind=\"course\">课程\(sector)-\(cls)-\(m % 4)-\(t)</term>" }
                        out += "<term kind=\"ability\">能力&lt;\(sector)&gt;</term>"
                        out += "</major>\n"
                    }
                    out += "</class>\n"
                }
                out += "</category>\n"
            }
        }
        return out + "</majorCatalog>\n"
    }

    static var occupationsXML: String {
        var out =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<occupationCatalog xmlns=\"urn:chanjiao:occupations:1\" edition=\"2022\">\n"
        for n in 0..<60 {
            out += "<occupation code=\"\(occupationCode(n))\" name=\"职业\(n)\" level=\"unit\">"
            for t in 1...(n % 4 + 1) { out += "<term>任务\(n)-\(t)</term>" }
            out += "</occupation>\n"
        }
        return out + "</occupationCatalog>\n"
    }

    static var clustersXML: String {
        let clusters: [(id: String, system: String, tier: String, name: String)] = [
            ("c33618-01", "33618", "3T", "示例汽车"), ("c33618-02", "33618", "3T", "示例电子"),
            ("c33618-03", "33618", "3F", "示例装备"), ("c33618-04", "33618", "6H", "示例医药"),
            ("c33618-05", "33618", "18N-G", "示例机器人"), ("c33618-06", "33618", "18N-F", "示例卫星"),
            ("c416-01", "416", "4", "示例数智科技"), ("c416-02", "416", "4", "示例生命健康"),
            ("c416-f1", "416", "16", "示例人工智能"), ("future-01", "future", "6", "示例低空经济"),
        ]
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<clusterCatalog xmlns=\"urn:chanjiao:clusters:1\">\n"
        for (i, c) in clusters.enumerated() {
            out +=
                "<cluster id=\"\(c.id)\" system=\"\(c.system)\" tier=\"\(c.tier)\" name=\"\(c.name)\" confidence=\"high\">"
            if i != 5 {  // one cluster without occupations
                for k in 0..<5 { out += "<occupation code=\"\(occupationCode((i * 6 + k) % 60))\"/>" }
            }
            out += "<term>\(c.name)</term><term>产业链</term></cluster>\n"
        }
        return out + "</clusterCatalog>\n"
    }

    /// Writes the three catalogs into a fresh temporary directory and returns it.
    static func write() throws -> URL {
        let dir = temporaryDirectory("catalogs")
        try Data(majorsXML.utf8).write(to: dir.appendingPathComponent("majors.xml"))
        try Data(occupationsXML.utf8).write(to: dir.appendingPathComponent("occupations.xml"))
        try Data(clustersXML.utf8).write(to: dir.appendingPathComponent("clusters.xml"))
        return dir
    }

    static func inputs() throws -> GeneratorInputs {
        try GeneratorInputs.load(from: write())
    }

    static func temporaryDirectory(_ label: String) -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("chanjiao-generator-\(label)-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `*.xml` file names in a directory, sorted.
    static func xmlFiles(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".xml") }.sorted()
    }
}

/// Reads a generated file back with XMLParser: root, namespace, root attributes, and what it references.
final class GeneratedFileReader: NSObject, XMLParserDelegate {
    var root = ""
    var namespace = ""
    var rootAttributes: [String: String] = [:]
    var colleges: [(id: String, name: String, type: String)] = []
    var programs: [(college: String, major: String)] = []
    /// Each program's attributes, and the attributes of its `<year>` elements, in file order.
    var programAttributes: [[String: String]] = []
    var programYears: [[[String: String]]] = []
    /// Each college's district, by college id.
    var collegeDistricts: [String: String] = [:]
    var programsWithHistory = 0
    var programsWithDualTeacher = 0
    var roles: [(occupation: String?, level: String, education: String, headcount: Int)] = []
    var skills = 0
    private var depth = 0
    private var yearsInProgram = 0

    static func read(_ url: URL) throws -> GeneratedFileReader {
        let reader = GeneratedFileReader()
        let parser = XMLParser(data: try Data(contentsOf: url))
        parser.shouldProcessNamespaces = true
        parser.delegate = reader
        guard parser.parse() else {
            throw GeneratorTestError.notWellFormed(url.lastPathComponent, parser.lineNumber)
        }
        return reader
    }

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?,
        attributes: [String: String] = [:]
    ) {
        depth += 1
        if depth == 1 {
            root = elementName
            namespace = namespaceURI ?? ""
            rootAttributes = attributes
            return
        }
        switch elementName {
        case "college":
            colleges.append((attributes["id"] ?? "", attributes["name"] ?? "", attributes["type"] ?? ""))
            collegeDistricts[attributes["id"] ?? ""] = attributes["district"] ?? ""
        case "program":
            programs.append((colleges.last?.id ?? "", attributes["major"] ?? ""))
            if attributes["dualTeacherRatio"] != nil { programsWithDualTeacher += 1 }
            programAttributes.append(attributes)
            programYears.append([])
            yearsInProgram = 0
        case "year":
            yearsInProgram += 1
            if !programYears.isEmpty { programYears[programYears.count - 1].append(attributes) }
            if yearsInProgram == 3 { programsWithHistory += 1 }
        case "role":
            roles.append(
                (
                    attributes["occupation"], attributes["level"] ?? "", attributes["educationLevel"] ?? "",
                    Int(attributes["headcount"] ?? "") ?? 0
                )
            )
        case "skill":
            skills += 1
        default:
            break
        }
    }

    func parser(
        _ parser: XMLParser,
        didEndElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?
    ) {
        depth -= 1
    }
}

enum GeneratorTestError: Error {
    case notWellFormed(String, Int)
}
