public import Foundation

/// What an import produced: the counts the CLI prints and the tests check.
public struct ImportSummary: Sendable, Equatable, CustomStringConvertible {
    /// 2021 majors per level: secondary, higher, bachelor.
    public var majors2021: [Int] = [0, 0, 0]
    /// Later additions per level: secondary, higher, bachelor.
    public var additions: [Int] = [0, 0, 0]
    /// Majors without terms (no profile in the sources).
    public var majorsWithoutTerms = 0
    /// Occupations written (dictionary rows plus added codes).
    public var occupations = 0
    /// Occupation codes referenced by the major→occupation map but missing from the dictionary.
    public var occupationsAdded = 0
    /// Major→occupation links written.
    public var links = 0
    /// Map rows whose major is not in the catalog (普通本科 rows and the like), skipped.
    public var linksSkipped = 0
    /// Major terms written per kind: course, foundation, ability, certificate.
    public var majorTerms: [Int] = [0, 0, 0, 0]
    /// Occupation task terms written.
    public var occupationTerms = 0
    /// Clusters written per system: 33618, 416, future.
    public var clusters: [Int] = [0, 0, 0]

    /// Creates an empty summary.
    public init() {}

    /// A few lines for people.
    public var description: String {
        """
        majors 2021: secondary \(majors2021[0]), higher \(majors2021[1]), bachelor \(majors2021[2]); \
        additions: \(additions[0]) + \(additions[1]) + \(additions[2]); without terms: \(majorsWithoutTerms)
        occupations: \(occupations) (\(occupationsAdded) added from the map); links: \(links) (\(linksSkipped) map rows skipped)
        major terms: course \(majorTerms[0]), foundation \(majorTerms[1]), ability \(majorTerms[2]), \
        certificate \(majorTerms[3]); occupation terms: \(occupationTerms)
        clusters: 33618 \(clusters[0]), 416 \(clusters[1]), future \(clusters[2])
        """
    }
}

/// `chanjiao import-moe`: reads the repository's tables (`Catalogs/sources`, see `MoeTables`) and
/// writes majors.xml, occupations.xml and clusters.xml, deterministically and atomically.
public struct MoeImporter: Sendable {
    /// The files of the full source folder that `MoeTables.cut` reads.
    public enum SourceFile {
        /// 《职业教育专业目录（2021年）》.
        public static let majors = "vocational_majors_2021.csv"
        /// Majors added 2022–2025.
        public static let additions = "vocational_majors_additions_2022_2025.csv"
        /// Major → occupation code map.
        public static let map = "major_occupation_map.csv"
        /// 专业简介 profiles (texts).
        public static let profiles = "major_profiles_2021.json"
        /// 职业分类大典 (2022), with definitions and task lists (texts).
        public static let occupations = "occupations_cn_2022.csv"
        /// 33618 / 416 / future industries.
        public static let clusters = "chongqing_33618_416.csv"
    }

    /// A phrase found in more than this share of the profiled majors (or occupations) is generic.
    public static let genericShare = 0.05

    /// The directory holding the repository's tables (`Catalogs/sources`).
    public var tablesDirectory: URL
    /// The directory the XML files are written to (`Catalogs`).
    public var outputDirectory: URL

    /// Creates an importer from the tables in `tablesDirectory` into `outputDirectory`.
    public init(tablesDirectory: URL, outputDirectory: URL) {
        self.tablesDirectory = tablesDirectory
        self.outputDirectory = outputDirectory
    }

    /// The three documents an import produces, as text.
    public struct Output: Sendable {
        /// majors.xml.
        public var majors: String
        /// occupations.xml.
        public var occupations: String
        /// clusters.xml.
        public var clusters: String
        /// The counts.
        public var summary: ImportSummary
    }

    /// Reads the tables and writes majors.xml, occupations.xml and clusters.xml into the output directory.
    @discardableResult
    public func run() throws(CatalogImportError) -> Output {
        let output = try build()
        try write(output)
        return output
    }

    /// Writes a built output's three documents into the output directory, each atomically.
    public func write(_ output: Output) throws(CatalogImportError) {
        try XMLText(raw: output.majors).write(to: outputDirectory.appendingPathComponent("majors.xml"))
        try XMLText(raw: output.occupations).write(to: outputDirectory.appendingPathComponent("occupations.xml"))
        try XMLText(raw: output.clusters).write(to: outputDirectory.appendingPathComponent("clusters.xml"))
    }

    /// Reads the tables and builds the three documents in memory.
    /// - Complexity: O(n log n) in the size of the tables.
    public func build() throws(CatalogImportError) -> Output {
        func url(_ name: String) -> URL { tablesDirectory.appendingPathComponent(name) }
        var summary = ImportSummary()
        let notes = try MoeTables.readNotes(url(MoeTables.notes))

        // Majors.
        let base = try MoeSources.majors(url(MoeTables.majors), additions: false)
        let added = try MoeSources.majors(url(MoeTables.additions), additions: true)
        var byCode: [String: MajorRow] = [:]
        for row in base + added {
            if byCode[row.code] != nil {
                throw CatalogImportError(
                    file: url(row.added == nil ? MoeTables.majors : MoeTables.additions).path,
                    message: "major code \(row.code) appears twice"
                )
            }
            byCode[row.code] = row
        }
        for row in base { summary.majors2021[row.level.index] += 1 }
        for row in added { summary.additions[row.level.index] += 1 }

        // Occupations.
        let occupationRows = try MoeSources.occupations(url(MoeTables.occupations), tasks: false)
        var occupationCodes = Set<String>()
        for o in occupationRows {
            if !occupationCodes.insert(o.code).inserted {
                throw CatalogImportError(
                    file: url(MoeTables.occupations).path,
                    message: "occupation code \(o.code) appears twice"
                )
            }
        }

        // Links: by major code (the level must agree when the map names one of ours).
        let linkRows = try MoeSources.links(url(MoeTables.map))
        var links: [String: Set<String>] = [:]
        var missingOccupations: [String: String] = [:]  // code → name from the map (first row wins)
        for l in linkRows {
            if !occupationCodes.contains(l.occupationCode), missingOccupations[l.occupationCode] == nil {
                missingOccupations[l.occupationCode] = l.occupationName
            }
            guard let major = byCode[l.majorCode], l.level == major.level else {
                summary.linksSkipped += 1
                continue
            }
            links[l.majorCode, default: []].insert(l.occupationCode)
        }

        // Terms, as cut from the texts by `MoeTables.cut`.
        let majorTerms = try Self.majorTerms(url(MoeTables.majorTerms), majors: byCode)
        let occupationTerms = try Self.occupationTerms(url(MoeTables.occupationTerms), codes: occupationCodes)
        // Derived terms and links of the majors that have neither (DerivedMajors), marked derived.
        let derived = try DerivedMajors.read(url(MoeTables.derivedTerms), majors: byCode)

        let majorsText = Self.majorsXML(
            rows: base + added,
            links: links,
            terms: majorTerms,
            derived: derived,
            notes: notes,
            summary: &summary
        )
        let occupationsText = Self.occupationsXML(
            rows: occupationRows,
            terms: occupationTerms,
            missing: missingOccupations,
            notes: notes,
            summary: &summary
        )
        var allCodes = occupationCodes
        allCodes.formUnion(missingOccupations.keys)
        let clustersText = try ClusterImport.xml(
            csv: url(MoeTables.clusters),
            occupationCodes: allCodes,
            notes: notes,
            summary: &summary
        )
        return Output(majors: majorsText, occupations: occupationsText, clusters: clustersText, summary: summary)
    }

    /// The major term table by major code; each major's kinds come once each, in the order
    /// course, foundation, ability, certificate, and every code is a catalog major's.
    static func majorTerms(_ url: URL, majors: [String: MajorRow]) throws(CatalogImportError)
        -> [String: [MajorTerms.Term]]
    {
        let kinds = MajorTerms.Kind.allCases
        let rows = try MoeTables.readTerms(url, codeColumn: "major_code", kinds: Set(kinds.map(\.rawValue)))
        var out: [String: [MajorTerms.Term]] = [:]
        var lastKind: [String: Int] = [:]
        for row in rows {
            func fail(_ m: String) -> CatalogImportError {
                CatalogImportError(file: url.path, line: row.line, message: m)
            }
            guard majors[row.code] != nil else { throw fail("major code \(row.code) is not in the catalog") }
            let kind = MajorTerms.Kind(rawValue: row.kind)!
            if let last = lastKind[row.code], last >= kind.index {
                throw fail(
                    "\(row.code) \(row.kind): the kinds of a major come once each, in the order \(kinds.map(\.rawValue).joined(separator: ", "))"
                )
            }
            lastKind[row.code] = kind.index
            out[row.code, default: []] += row.terms.map { MajorTerms.Term(kind: kind, text: $0) }
        }
        return out
    }

    /// The occupation term table by occupation code; every code is a dictionary row's, once.
    static func occupationTerms(_ url: URL, codes: Set<String>) throws(CatalogImportError) -> [String: [String]] {
        let rows = try MoeTables.readTerms(url, codeColumn: "occupation_code", kinds: ["task"])
        var out: [String: [String]] = [:]
        for row in rows {
            func fail(_ m: String) -> CatalogImportError {
                CatalogImportError(file: url.path, line: row.line, message: m)
            }
            guard codes.contains(row.code) else { throw fail("occupation code \(row.code) is not in the dictionary") }
            guard out.updateValue(row.terms, forKey: row.code) == nil else { throw fail("\(row.code) appears twice") }
        }
        return out
    }

    // MARK: - majors.xml

    static func majorsXML(
        rows: [MajorRow],
        links: [String: Set<String>],
        terms: [String: [MajorTerms.Term]],
        derived: (links: [String: [String]], courses: [String: [String]]) = ([:], [:]),
        notes: [String: String],
        summary: inout ImportSummary
    ) -> String {
        let sorted = rows.sorted { a, b in
            if a.level != b.level { return a.level < b.level }
            if a.categoryCode != b.categoryCode { return a.categoryCode < b.categoryCode }
            if a.classCode != b.classCode { return a.classCode < b.classCode }
            return a.code < b.code
        }
        var x = XMLText()
        x.comment(notes["majors.comment"] ?? "", depth: 0)
        x.comment(notes["majors.comment2"] ?? "", depth: 0)
        x.open(
            "majorCatalog",
            [("xmlns", "urn:chanjiao:majors:1"), ("edition", "2021"), ("source", notes["majors.source"])],
            depth: 0
        )
        var i = 0
        while i < sorted.count {
            let cat = sorted[i]
            x.open(
                "category",
                [("code", cat.categoryCode), ("name", cat.categoryName), ("level", cat.level.rawValue)],
                depth: 1
            )
            while i < sorted.count, sorted[i].level == cat.level, sorted[i].categoryCode == cat.categoryCode {
                let cls = sorted[i]
                x.open("class", [("code", cls.classCode), ("name", cls.className)], depth: 2)
                while i < sorted.count, sorted[i].level == cat.level, sorted[i].classCode == cls.classCode {
                    let m = sorted[i]
                    let majorLinks = (links[m.code] ?? []).sorted()
                    let majorTerms = terms[m.code] ?? []
                    // Derived only where the tables give a major neither links nor terms.
                    let own = majorLinks.isEmpty && majorTerms.isEmpty
                    let derivedLinks = own ? derived.links[m.code] ?? [] : []
                    let derivedCourses = own ? derived.courses[m.code] ?? [] : []
                    if majorTerms.isEmpty { summary.majorsWithoutTerms += 1 }
                    let attrs: [(String, String?)] = [
                        ("code", m.code), ("name", m.name), ("level", m.level.rawValue),
                        ("national", m.national ? "true" : nil), ("added", m.added),
                    ]
                    if majorLinks.isEmpty && majorTerms.isEmpty && derivedLinks.isEmpty && derivedCourses.isEmpty {
                        x.empty("major", attrs, depth: 3)
                    } else {
                        x.open("major", attrs, depth: 3)
                        for code in majorLinks { x.empty("occupation", [("code", code)], depth: 4) }
                        for code in derivedLinks { x.empty("occupation", [("code", code), ("derived", "true")], depth: 4) }
                        for t in derivedCourses { x.leaf("term", [("kind", "course"), ("derived", "true")], content: t, depth: 4) }
                        for t in majorTerms {
                            x.leaf("term", [("kind", t.kind.rawValue)], content: t.text, depth: 4)
                            summary.majorTerms[t.kind.index] += 1
                        }
                        x.close("major", depth: 3)
                    }
                    summary.links += majorLinks.count
                    i += 1
                }
                x.close("class", depth: 2)
            }
            x.close("category", depth: 1)
        }
        x.close("majorCatalog", depth: 0)
        return x.text
    }

    // MARK: - occupations.xml

    static func occupationsXML(
        rows: [OccupationRow],
        terms: [String: [String]],
        missing: [String: String],
        notes: [String: String],
        summary: inout ImportSummary
    ) -> String {
        struct Entry {
            var code: String
            var row: OccupationRow?
            var terms: [String]
            var mapName: String?
        }
        var entries: [Entry] = []
        for row in rows { entries.append(Entry(code: row.code, row: row, terms: terms[row.code] ?? [], mapName: nil)) }
        for (code, name) in missing { entries.append(Entry(code: code, row: nil, terms: [], mapName: name)) }
        entries.sort { $0.code < $1.code }
        summary.occupationsAdded = missing.count
        summary.occupations = entries.count

        var x = XMLText()
        x.comment(notes["occupations.comment"] ?? "", depth: 0)
        x.open(
            "occupationCatalog",
            [("xmlns", "urn:chanjiao:occupations:1"), ("edition", "2022"), ("source", notes["occupations.source"])],
            depth: 0
        )
        for e in entries {
            let attrs: [(String, String?)]
            if let r = e.row {
                attrs = [
                    ("code", r.code), ("name", r.name), ("level", r.level),
                    ("digital", r.digital ? "true" : nil), ("green", r.green ? "true" : nil),
                ]
            } else {
                x.comment(
                    "\(e.code): referenced by major_occupation_map.csv, not in the 2022 dictionary; name from the map",
                    depth: 1
                )
                attrs = [("code", e.code), ("name", e.mapName ?? e.code), ("level", Self.occupationLevel(e.code))]
            }
            if e.terms.isEmpty {
                x.empty("occupation", attrs, depth: 1)
            } else {
                x.open("occupation", attrs, depth: 1)
                for t in e.terms { x.leaf("term", content: t, depth: 2) }
                x.close("occupation", depth: 1)
                summary.occupationTerms += e.terms.count
            }
        }
        x.close("occupationCatalog", depth: 0)
        return x.text
    }

    /// The level a code's shape implies: 1 part 大类, 2 中类, 3 小类, 4 细类.
    static func occupationLevel(_ code: String) -> String {
        switch code.split(separator: "-").count {
        case 1: "major"
        case 2: "middle"
        case 3: "minor"
        default: "unit"
        }
    }
}

extension XMLText {
    init(raw: String) {
        self.init()
        self.replace(with: raw)
    }
}
