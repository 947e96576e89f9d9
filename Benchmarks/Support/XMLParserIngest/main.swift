// The Foundation XMLParser peer of Chanjiao's colleges ingest: a SAX delegate that builds the same
// records (colleges; programs with their attributes, occupation links, interned terms and years).
// No schema validation (XMLParser has none). Prints one JSON line per run with the parse time.
//
// usage: XMLParserIngest FILE [--runs N]

import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

struct CollegeRecord {
    var id: String
    var name: String
    var district: String
    var type: String
}

struct YearRecord {
    var year: Int32
    var enrolment: Int32
    var graduates: Int32
    var employmentRate: Float
    var firstChoiceRate: Float
}

struct ProgramRecord {
    var id: String
    var college: Int32
    var major: String
    var enrolment: Int32
    var graduates: Int32
    var employmentRate: Float
    var capacity: Int32
    var dualTeacherRatio: Float
    var localRetention: Float
    var replacesOccupations: Bool
    var occupations: [String] = []
    var terms: [Int32] = []
    var history: [YearRecord] = []
}

final class Handler: NSObject, XMLParserDelegate {
    var colleges: [CollegeRecord] = []
    var programs: [ProgramRecord] = []
    var termIds: [String: Int32] = [:]
    var terms: [String] = []
    var text = ""
    var inTerm = false

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes a: [String: String] = [:]
    ) {
        switch name {
        case "college":
            colleges.append(
                CollegeRecord(id: a["id"] ?? "", name: a["name"] ?? "", district: a["district"] ?? "", type: a["type"] ?? ""))
        case "program":
            let college = Int32(colleges.count - 1)
            let major = a["major"] ?? ""
            programs.append(
                ProgramRecord(
                    id: a["id"] ?? "\(colleges.last?.id ?? "")/\(major)", college: college, major: major,
                    enrolment: Int32(a["enrolment"] ?? "") ?? 0, graduates: Int32(a["graduates"] ?? "") ?? 0,
                    employmentRate: Float(a["employmentRate"] ?? "") ?? .nan, capacity: Int32(a["capacity"] ?? "") ?? 0,
                    dualTeacherRatio: Float(a["dualTeacherRatio"] ?? "") ?? .nan,
                    localRetention: Float(a["localRetention"] ?? "") ?? .nan,
                    replacesOccupations: a["occupations"] == "replace"))
        case "occupation":
            programs[programs.count - 1].occupations.append(a["code"] ?? "")
        case "term":
            inTerm = true
            text = ""
        case "year":
            programs[programs.count - 1].history.append(
                YearRecord(
                    year: Int32(a["year"] ?? "") ?? 0, enrolment: Int32(a["enrolment"] ?? "") ?? 0,
                    graduates: Int32(a["graduates"] ?? "") ?? 0, employmentRate: Float(a["employmentRate"] ?? "") ?? .nan,
                    firstChoiceRate: Float(a["firstChoiceRate"] ?? "") ?? .nan))
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inTerm { text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "term" {
            inTerm = false
            let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
            let id: Int32
            if let known = termIds[t] {
                id = known
            } else {
                id = Int32(terms.count)
                terms.append(t)
                termIds[t] = id
            }
            programs[programs.count - 1].terms.append(id)
        }
    }
}

let args = CommandLine.arguments
guard args.count >= 2 else {
    FileHandle.standardError.write(Data("usage: XMLParserIngest FILE [--runs N]\n".utf8))
    exit(2)
}
let path = args[1]
let runs = args.count >= 4 && args[2] == "--runs" ? Int(args[3]) ?? 1 : 1
let clock = ContinuousClock()

func cpuNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}
for _ in 0..<runs {
    let handler = Handler()
    var ok = false
    var failure = ""
    let c0 = cpuNow()
    let t = clock.measure {
        // Reading the file is part of ingest on both sides. A stream, not `XMLParser(data:)`: that one
        // hands libxml2 the whole document in one chunk, which fails past libxml2's 10 MB lookup limit.
        guard let stream = InputStream(fileAtPath: path) else { return }
        let parser = XMLParser(stream: stream)
        parser.shouldProcessNamespaces = true
        parser.delegate = handler
        ok = parser.parse()
        if !ok { failure = "\(parser.parserError.map { "\($0)" } ?? "?") at line \(parser.lineNumber)" }
    }
    let cpu = cpuNow() - c0
    guard ok else {
        FileHandle.standardError.write(Data("XMLParserIngest: \(path): parse failed: \(failure)\n".utf8))
        exit(1)
    }
    let years = handler.programs.reduce(0) { $0 + $1.history.count }
    let links = handler.programs.reduce(0) { $0 + $1.occupations.count + $1.terms.count }
    let s = Double(t.components.seconds) + Double(t.components.attoseconds) * 1e-18
    print(
        "{\"seconds\": \(s), \"cpu\": \(cpu), \"colleges\": \(handler.colleges.count), \"programs\": \(handler.programs.count), "
            + "\"years\": \(years), \"links\": \(links)}")
}
