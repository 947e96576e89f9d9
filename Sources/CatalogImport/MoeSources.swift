public import Catalog
import Foundation

/// The level of a row of the MoE tables: Catalog's `EducationLevel`, under the name the importer's
/// tables and tests use.
public typealias MajorLevel = EducationLevel

extension EducationLevel {
    /// Reads the level as the source tables spell it (`associate` and the Chinese names included).
    public init?(source: String) {
        switch source {
        case "secondary", "中职", "中等职业教育": self = .secondary
        case "higher", "associate", "高职专科", "高职", "高等职业教育专科": self = .higher
        case "bachelor", "职教本科", "职业本科", "高职本科", "高等职业教育本科": self = .bachelor
        default: return nil
        }
    }
}

/// One row of the major catalog (2021 or a later addition).
struct MajorRow: Sendable {
    var level: MajorLevel
    var categoryCode: String
    var categoryName: String
    var classCode: String
    var className: String
    var code: String
    var name: String
    var national: Bool
    /// nil for the 2021 catalog; "2025-12" or "2022-2024" for additions.
    var added: String?
}

/// One major's profile (专业简介) as far as terms are cut from it.
struct MajorProfile: Sendable, Decodable {
    var majorCode: String
    var abilities: [String]?
    var foundationCourses: [String]?
    var coreCourses: [String]?
    var certificates: String?

    enum CodingKeys: String, CodingKey {
        case majorCode = "major_code"
        case abilities
        case foundationCourses = "foundation_courses"
        case coreCourses = "core_courses"
        case certificates
    }
}

/// One row of the occupation dictionary.
struct OccupationRow: Sendable {
    var code: String
    var level: String?
    var name: String
    var digital: Bool
    var green: Bool
    var tasks: String
}

/// One major → occupation link of major_occupation_map.csv.
struct OccupationLinkRow: Sendable {
    var line: Int
    var level: MajorLevel?
    var majorCode: String
    var occupationCode: String
    var occupationName: String
}

/// Reading and checking the source tables.
enum MoeSources {
    static func matches(_ s: String, digits: Int, optionalK: Bool = false) -> Bool {
        var body = Substring(s)
        if optionalK, body.hasSuffix("K") { body = body.dropLast() }
        return body.count == digits && body.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func isOccupationCode(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...4).contains(parts.count), parts[0].count == 1, let first = parts[0].first,
            ("1"..."8").contains(first)
        else { return false }
        return parts.dropFirst().allSatisfy { $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    static func majors(_ url: URL, additions: Bool) throws(CatalogImportError) -> [MajorRow] {
        let flag = additions ? "added" : "national_control"
        let cols = [
            "level", "category_code", "category_name", "class_code", "class_name", "major_code", "major_name", flag,
        ]
        let t = try CSVTable(contentsOf: url, required: cols)
        let ix = cols.map { t.column($0) }
        var out: [MajorRow] = []
        for row in t.rows {
            let f = ix.map { row.fields[$0].trimmingSpaces() }
            func fail(_ m: String) -> CatalogImportError {
                CatalogImportError(file: t.path, line: row.line, message: m)
            }
            guard let level = MajorLevel(source: f[0]) else { throw fail("unknown level '\(f[0])'") }
            guard matches(f[1], digits: 2) else { throw fail("category_code '\(f[1])' is not 2 digits") }
            guard matches(f[3], digits: 4), f[3].hasPrefix(f[1]) else {
                throw fail("class_code '\(f[3])' is not 4 digits starting with category_code \(f[1])")
            }
            guard matches(f[5], digits: 6, optionalK: true), f[5].hasPrefix(f[3]) else {
                throw fail("major_code '\(f[5])' is not 6 digits (+K) starting with class_code \(f[3])")
            }
            for (i, name) in [(2, "category_name"), (4, "class_name"), (6, "major_name")]
            where f[i].isEmpty || f[i].count > 64 {
                throw fail("\(name) must be 1–64 characters")
            }
            var added: String? = nil
            var national = f[5].hasSuffix("K")
            if additions {
                if f[7].hasPrefix("2025-12") {
                    added = "2025-12"
                } else if f[7].hasPrefix("2022-2024") {
                    added = "2022-2024"
                } else {
                    throw fail("added '\(f[7])' is neither 2025-12 nor 2022-2024")
                }
            } else {
                guard f[7].isEmpty || f[7] == "K" else {
                    throw fail("national_control '\(f[7])' is neither empty nor K")
                }
                national = national || f[7] == "K"
            }
            out.append(
                MajorRow(
                    level: level,
                    categoryCode: f[1],
                    categoryName: f[2],
                    classCode: f[3],
                    className: f[4],
                    code: f[5],
                    name: f[6],
                    national: national,
                    added: added
                )
            )
        }
        return out
    }

    static func links(_ url: URL) throws(CatalogImportError) -> [OccupationLinkRow] {
        let cols = ["level", "major_code", "occupation_code", "occupation_name"]
        let t = try CSVTable(contentsOf: url, required: cols)
        let ix = cols.map { t.column($0) }
        var out: [OccupationLinkRow] = []
        for row in t.rows {
            let f = ix.map { row.fields[$0].trimmingSpaces() }
            guard isOccupationCode(f[2]) else {
                throw CatalogImportError(
                    file: t.path,
                    line: row.line,
                    message: "occupation_code '\(f[2])' is not of the form 6-01-02-03"
                )
            }
            guard !f[1].isEmpty else {
                throw CatalogImportError(file: t.path, line: row.line, message: "empty major_code")
            }
            out.append(
                OccupationLinkRow(
                    line: row.line,
                    level: MajorLevel(source: f[0]),
                    majorCode: f[1],
                    occupationCode: f[2],
                    occupationName: f[3]
                )
            )
        }
        return out
    }

    /// The occupation rows of `url`; `tasks` says whether it must have the tasks column (the full
    /// source does, the repository's table does not).
    static func occupations(_ url: URL, tasks: Bool) throws(CatalogImportError) -> [OccupationRow] {
        let cols = ["code", "level", "name", "flags"] + (tasks ? ["tasks"] : [])
        let t = try CSVTable(contentsOf: url, required: cols)
        let ix = cols.map { t.column($0) }
        var out: [OccupationRow] = []
        for row in t.rows {
            let f = ix.map { row.fields[$0].trimmingSpaces() }
            func fail(_ m: String) -> CatalogImportError {
                CatalogImportError(file: t.path, line: row.line, message: m)
            }
            guard isOccupationCode(f[0]) else { throw fail("code '\(f[0])' is not of the form 6-01-02-03") }
            let level: String?
            switch f[1] {
            case "大类": level = "major"
            case "中类": level = "middle"
            case "小类": level = "minor"
            case "细类": level = "unit"
            case "": level = nil
            default: throw fail("level '\(f[1])' is none of 大类 中类 小类 细类")
            }
            let (name, nameFlag) = cleanOccupationName(code: f[0], f[2])
            guard !name.isEmpty, name.count <= 64 else { throw fail("name must be 1–64 characters") }
            let flags = f[3].split(separator: "/").map { $0.trimmingSpacesSub() }
            for flag in flags where flag != "S" && flag != "L" {
                throw fail("unknown flag '\(flag)' (expected S, L or L/S)")
            }
            out.append(
                OccupationRow(
                    code: f[0],
                    level: level,
                    name: name,
                    digital: flags.contains("S") || nameFlag == "S",
                    green: flags.contains("L") || nameFlag == "L",
                    tasks: tasks ? f[4] : ""
                )
            )
        }
        return out
    }

    /// Official names of the "其他…" 小类 whose names the dictionary's parse cut short ("人员。").
    static let occupationNameCorrections: [String: String] = [
        "2-99-00": "其他专业技术人员",
        "3-99-00": "其他办事人员和有关人员",
        "4-05-99": "其他金融服务人员",
        "4-99-00": "其他社会生产和生活服务人员",
        "5-99-00": "其他农、林、牧、渔业生产及辅助人员",
        "6-99-00": "其他生产制造及有关人员",
    ]

    /// Undoes parse artefacts in occupation names: a leading code ("7-03-00-00义务兵"), a trailing
    /// emoji with the flag letter before it ("网络主播S📱" → "网络主播", flag S), and the cut-short
    /// "其他…" names (see `occupationNameCorrections`).
    static func cleanOccupationName(code: String, _ raw: String) -> (String, Character?) {
        if let fixed = occupationNameCorrections[code] { return (fixed, nil) }
        var s = Substring(raw)
        while let f = s.first, f.isASCII, f.isNumber || f == "-" { s = s.dropFirst() }
        var flag: Character? = nil
        var strippedSymbol = false
        while let l = s.last, !TermCutter.isWide(l.unicodeScalars.first!),
            !l.isLetter || l.unicodeScalars.first!.properties.isEmoji && !l.isASCII
        {
            s = s.dropLast()
            strippedSymbol = true
        }
        if strippedSymbol, let l = s.last, l == "S" || l == "L" {
            flag = l
            s = s.dropLast()
        }
        return (String(s).trimmingSpaces(), flag)
    }

    static func profiles(_ url: URL) throws(CatalogImportError) -> [MajorProfile] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CatalogImportError(file: url.path, message: "cannot read file: \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode([MajorProfile].self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            if context.codingPath.isEmpty, let (line, detail) = syntaxError(in: data) {
                throw CatalogImportError(file: url.path, line: line, message: "malformed JSON: \(detail)")
            }
            throw CatalogImportError(
                file: url.path,
                line: line(in: data, context: context),
                message: "malformed JSON: \(describe(context))"
            )
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw CatalogImportError(
                file: url.path,
                line: line(in: data, context: context),
                message: "unexpected JSON: \(describe(context))"
            )
        } catch let DecodingError.keyNotFound(key, context) {
            throw CatalogImportError(
                file: url.path,
                line: line(in: data, context: context),
                message: "missing key '\(key.stringValue)' at \(path(context.codingPath))"
            )
        } catch {
            throw CatalogImportError(file: url.path, message: "malformed JSON: \(error)")
        }
    }

    /// The line of a JSON syntax error: JSONSerialization names a byte offset ("around character N").
    private static func syntaxError(in data: Data) -> (Int, String)? {
        do {
            _ = try JSONSerialization.jsonObject(with: data)
            return nil
        } catch {
            let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey].map { "\($0)" } ?? "\(error)"
            guard let r = text.range(of: "character ") else { return (1, text) }
            let offset = Int(text[r.upperBound...].prefix { $0.isNumber }) ?? 0
            let line = 1 + data.prefix(offset).filter { $0 == UInt8(ascii: "\n") }.count
            return (line, text)
        }
    }

    private static func path(_ p: [any CodingKey]) -> String {
        p.isEmpty ? "top level" : p.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }

    private static func describe(_ c: DecodingError.Context) -> String {
        var s = "\(c.debugDescription) at \(path(c.codingPath))"
        if let u = c.underlyingError { s += " (\(u))" }
        return s
    }

    /// The line of the record a decoding error is in (the n-th top-level object), or the line
    /// the JSON parser names in its message ("line N").
    private static func line(in data: Data, context: DecodingError.Context) -> Int? {
        let text = "\(context.debugDescription) \(context.underlyingError.map { "\($0)" } ?? "")"
        if let r = text.range(of: "line ") {
            let digits = text[r.upperBound...].prefix { $0.isNumber }
            if let n = Int(digits) { return n }
        }
        guard let index = context.codingPath.first?.intValue else { return nil }
        // Find the start of the index-th element of the top-level array.
        var depth = 0
        var inString = false
        var escaped = false
        var line = 1
        var element = -1
        for byte in data {
            if byte == UInt8(ascii: "\n") { line += 1 }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if depth == 1 && byte == UInt8(ascii: "{") {
                    element += 1
                    if element == index { return line }
                }
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
        return nil
    }
}
