public import Foundation

/// The repository's tables under `Catalogs/sources/` that `import-moe` builds the XML catalogs from:
/// the facts (column subsets of the source tables, rows unchanged), the terms cut from the source
/// texts, and the catalogs' provenance lines. See `Catalogs/sources/README.md`.
public enum MoeTables {
    /// The 2021 catalog: level, category, class, code, name, national control.
    public static let majors = "majors_2021.csv"
    /// The majors added 2022–2025, with when they were added.
    public static let additions = "majors_added_2022_2025.csv"
    /// Major → occupation code links, with the map's occupation names.
    public static let map = "major_occupation_map.csv"
    /// The occupation dictionary's codes, levels, names and flags (no definitions, no tasks).
    public static let occupations = "occupations_2022.csv"
    /// The Chongqing cluster list with each row's confidence and sources.
    public static let clusters = "clusters_chongqing.csv"
    /// Terms cut from the major profiles: major code, kind, then the terms.
    public static let majorTerms = "major_terms.tsv"
    /// Terms and links derived for the majors without a profile or links (`DerivedMajors`).
    public static let derivedTerms = "derived_major_terms.tsv"
    /// Terms cut from the occupations' task lists: occupation code, kind (`task`), then the terms.
    public static let occupationTerms = "occupation_terms.tsv"
    /// The comments and `source`/`note` attributes written at the head of each catalog.
    public static let notes = "catalog_notes.csv"

    /// The columns each fact table keeps of its source file (same names, same order).
    static let majorColumns = [
        "level", "category_code", "category_name", "class_code", "class_name", "major_code", "major_name",
        "national_control",
    ]
    static let additionColumns = [
        "level", "category_code", "category_name", "class_code", "class_name", "major_code", "major_name", "added",
    ]
    static let mapColumns = ["level", "major_code", "occupation_code", "occupation_name"]
    static let occupationColumns = ["code", "level", "name", "flags"]
    static let clusterColumns = ["framework", "tier_code", "tier_name", "item_name", "confidence", "source"]

    /// The fact tables: repository name, source name, columns kept.
    static let factTables: [(table: String, source: String, columns: [String])] = [
        (majors, MoeImporter.SourceFile.majors, majorColumns),
        (additions, MoeImporter.SourceFile.additions, additionColumns),
        (map, MoeImporter.SourceFile.map, mapColumns),
        (occupations, MoeImporter.SourceFile.occupations, occupationColumns),
        (clusters, MoeImporter.SourceFile.clusters, clusterColumns),
    ]

    /// Every table `cut` writes, in the order it writes them.
    public static let written: [String] = factTables.map(\.table) + [majorTerms, occupationTerms, derivedTerms]

    /// The keys `catalog_notes.csv` must hold.
    static let noteKeys = [
        "majors.comment", "majors.comment2", "majors.source", "occupations.comment", "occupations.source",
        "clusters.comment", "clusters.source", "clusters.note",
    ]

    // MARK: - Terms tables (TSV)

    /// A term table's rows: a code, a kind and that code's terms of that kind, in order.
    struct TermRow: Sendable, Equatable {
        /// The 1-based line in the table (0 for rows not read from a file).
        var line = 0
        var code: String
        var kind: String
        var terms: [String]
    }

    /// Formats a term table: a header, then one line per code and kind, the terms tab-separated.
    static func termTable(_ name: String, codeColumn: String, rows: [TermRow]) throws(CatalogImportError) -> String {
        var s = "\(codeColumn)\tkind\tterms\n"
        for row in rows where !row.terms.isEmpty {
            for t in row.terms
            where t.isEmpty || t.count > TermCutter.maxTermLength
                || t.unicodeScalars.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" })
            {
                throw CatalogImportError(
                    file: name,
                    message: "term '\(t)' of \(row.code) is empty, longer than 64 characters or holds a tab or newline"
                )
            }
            s += ([row.code, row.kind] + row.terms).joined(separator: "\t") + "\n"
        }
        return s
    }

    /// Reads a term table; every row needs a code, a kind in `kinds` and at least one term of 1–64 characters.
    static func readTerms(_ url: URL, codeColumn: String, kinds: Set<String>) throws(CatalogImportError)
        -> [TermRow]
    {
        let text = try readText(url)
        var rows: [TermRow] = []
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            func fail(_ m: String) -> CatalogImportError {
                CatalogImportError(file: url.path, line: lineNumber, message: m)
            }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if lineNumber == 1 {
                guard fields == [codeColumn, "kind", "terms"] else {
                    throw fail("expected the header '\(codeColumn)<TAB>kind<TAB>terms'")
                }
                continue
            }
            if line.isEmpty { continue }
            guard fields.count >= 3 else { throw fail("expected a code, a kind and at least one term") }
            guard kinds.contains(fields[1]) else {
                throw fail("kind '\(fields[1])' is none of \(kinds.sorted().joined(separator: ", "))")
            }
            let terms = Array(fields.dropFirst(2))
            for t in terms where t.isEmpty || t.count > TermCutter.maxTermLength || t.hasSuffix("\r") {
                throw fail("a term must be 1–64 characters without a carriage return")
            }
            rows.append(TermRow(line: lineNumber, code: fields[0], kind: fields[1], terms: terms))
        }
        return rows
    }

    static func readText(_ url: URL) throws(CatalogImportError) -> String {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CatalogImportError(file: url.path, message: "cannot read file: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CatalogImportError(file: url.path, message: "not valid UTF-8")
        }
        return text
    }

    /// Reads `catalog_notes.csv` (key, text); every key in `noteKeys` must be there, once.
    static func readNotes(_ url: URL) throws(CatalogImportError) -> [String: String] {
        let t = try CSVTable(contentsOf: url, required: ["key", "text"])
        var notes: [String: String] = [:]
        for row in t.rows {
            let key = row.fields[t.column("key")]
            guard noteKeys.contains(key) else {
                throw CatalogImportError(
                    file: t.path,
                    line: row.line,
                    message: "unknown key '\(key)' (expected one of \(noteKeys.joined(separator: ", ")))"
                )
            }
            guard notes.updateValue(row.fields[t.column("text")], forKey: key) == nil else {
                throw CatalogImportError(file: t.path, line: row.line, message: "key '\(key)' appears twice")
            }
        }
        for key in noteKeys where notes[key] == nil {
            throw CatalogImportError(file: t.path, message: "missing key '\(key)'")
        }
        return notes
    }

    // MARK: - CSV writing

    /// One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
    static func csvField(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return s
        }
        return "\"" + s.replacingAll("\"", with: "\"\"") + "\""
    }

    /// The columns `columns` of `table`, rows in file order, as CSV text with LF line ends.
    static func subset(_ table: CSVTable, columns: [String]) -> String {
        let ix = columns.map { table.column($0) }
        var s = columns.map(csvField).joined(separator: ",") + "\n"
        for row in table.rows {
            s += ix.map { csvField(row.fields[$0]) }.joined(separator: ",") + "\n"
        }
        return s
    }

    // MARK: - Cutting the tables from the source folder

    /// The tables cut from a source folder, as text, with what the cut dropped.
    public struct Cut: Sendable {
        /// Table file name → its text, for every name in `MoeTables.written`.
        public var tables: [String: String]
        /// The counts of the cut.
        public var summary: CutSummary
        /// The ability phrases dropped as generic, most frequent first (for auditing the cut).
        public var genericPhrases: [GenericPhrase]
    }

    /// Reads the full source folder (the facts and the texts) and cuts the repository's tables:
    /// the fact tables' columns copied row by row, and the terms cut from the major profiles and
    /// the occupations' task lists. Nothing of the texts but the cut terms is kept. A phrase in more
    /// than `share` of the profiled majors (or of the occupations) is generic and dropped.
    /// - Complexity: O(n log n) in the size of the sources.
    public static func cut(
        sourceDirectory: URL,
        share: Double = MoeImporter.genericShare
    ) throws(CatalogImportError) -> Cut {
        func url(_ name: String) -> URL { sourceDirectory.appendingPathComponent(name) }
        var tables: [String: String] = [:]
        var summary = CutSummary()

        // Facts: check them as the import will, then keep their columns.
        let base = try MoeSources.majors(url(MoeImporter.SourceFile.majors), additions: false)
        let added = try MoeSources.majors(url(MoeImporter.SourceFile.additions), additions: true)
        let occupationRows = try MoeSources.occupations(url(MoeImporter.SourceFile.occupations), tasks: true)
        _ = try MoeSources.links(url(MoeImporter.SourceFile.map))
        for fact in factTables {
            let t = try CSVTable(contentsOf: url(fact.source), required: fact.columns)
            tables[fact.table] = subset(t, columns: fact.columns)
        }

        // Major terms: the profiles of the catalog's majors.
        let codes = Set((base + added).map(\.code))
        let profiles = try MoeSources.profiles(url(MoeImporter.SourceFile.profiles))
        var profileByCode: [String: MajorProfile] = [:]
        for p in profiles where codes.contains(p.majorCode) { profileByCode[p.majorCode] = p }
        summary.profiles = profileByCode.count
        let terms = MajorTerms.cut(profiles: profileByCode, share: share)
        summary.genericPhrases = terms.generic.count
        summary.genericOccurrences = terms.genericOccurrences
        var majorRows: [TermRow] = []
        for code in terms.byMajor.keys.sorted() {
            for kind in MajorTerms.Kind.allCases {
                let list = (terms.byMajor[code] ?? []).filter { $0.kind == kind }.map(\.text)
                summary.majorTerms[kind.index] += list.count
                majorRows.append(TermRow(code: code, kind: kind.rawValue, terms: list))
            }
        }
        tables[majorTerms] = try termTable(majorTerms, codeColumn: "major_code", rows: majorRows)
        tables[derivedTerms] = try derivedTable(
            rows: base + added, linkRows: try MoeSources.links(url(MoeImporter.SourceFile.map)), terms: terms.byMajor)

        // Occupation terms: task phrases, minus those found in more than genericShare of the occupations.
        let tasks = OccupationTerms.cut(rows: occupationRows, share: share)
        summary.genericTaskPhrases = tasks.genericCount
        let occupationRowsOut = tasks.byCode.map { TermRow(code: $0.code, kind: "task", terms: $0.terms) }
        summary.occupationTerms = occupationRowsOut.reduce(0) { $0 + $1.terms.count }
        tables[occupationTerms] = try termTable(occupationTerms, codeColumn: "occupation_code", rows: occupationRowsOut)
        return Cut(tables: tables, summary: summary, genericPhrases: terms.genericList)
    }

    /// The derived table from the majors, the map's rows and the major terms (the map's rows count
    /// for a major only at its own level, as in the import).
    static func derivedTable(
        rows: [MajorRow], linkRows: [OccupationLinkRow], terms: [String: [MajorTerms.Term]]
    ) throws(CatalogImportError) -> String {
        var byCode: [String: MajorRow] = [:]
        for r in rows { byCode[r.code] = r }
        var links: [String: Set<String>] = [:]
        for l in linkRows where byCode[l.majorCode]?.level == l.level { links[l.majorCode, default: []].insert(l.occupationCode) }
        return try DerivedMajors.table(DerivedMajors.derive(rows: rows, links: links, terms: terms))
    }

    /// Re-derives `derived_major_terms.tsv` from the other tables in `directory` and writes it there.
    public static func derive(tablesDirectory directory: URL) throws(CatalogImportError) {
        func url(_ name: String) -> URL { directory.appendingPathComponent(name) }
        let base = try MoeSources.majors(url(majors), additions: false)
        let added = try MoeSources.majors(url(additions), additions: true)
        var byCode: [String: MajorRow] = [:]
        for r in base + added { byCode[r.code] = r }
        let terms = try MoeImporter.majorTerms(url(majorTerms), majors: byCode)
        let text = try derivedTable(rows: base + added, linkRows: try MoeSources.links(url(map)), terms: terms)
        try XMLText(raw: text).write(to: url(derivedTerms))
    }

    /// Writes a cut's tables into `directory`, each atomically.
    public static func write(_ cut: Cut, to directory: URL) throws(CatalogImportError) {
        for name in written {
            try XMLText(raw: cut.tables[name] ?? "").write(to: directory.appendingPathComponent(name))
        }
    }
}

/// What a cut of the tables produced.
public struct CutSummary: Sendable, Equatable, CustomStringConvertible {
    /// Catalog majors with a profile.
    public var profiles = 0
    /// Major terms per kind: course, foundation, ability, certificate.
    public var majorTerms: [Int] = [0, 0, 0, 0]
    /// Distinct generic ability phrases dropped (document frequency or stop-list).
    public var genericPhrases = 0
    /// Ability phrase occurrences dropped as generic.
    public var genericOccurrences = 0
    /// Occupation task terms kept.
    public var occupationTerms = 0
    /// Distinct generic task phrases dropped.
    public var genericTaskPhrases = 0

    /// Creates an empty summary.
    public init() {}

    /// A few lines for people.
    public var description: String {
        """
        profiles: \(profiles); major terms: course \(majorTerms[0]), foundation \(majorTerms[1]), \
        ability \(majorTerms[2]), certificate \(majorTerms[3]); generic ability phrases dropped: \(genericPhrases) \
        (\(genericOccurrences) occurrences)
        occupation terms: \(occupationTerms) (\(genericTaskPhrases) generic task phrases dropped)
        """
    }
}

/// The task terms of every occupation: the task phrases minus the generic ones, at most 12 each.
enum OccupationTerms {
    /// The most task terms an occupation keeps.
    static let limit = 12

    struct Result: Sendable {
        /// Each dictionary row's code and kept terms, in row order.
        var byCode: [(code: String, terms: [String])]
        var genericCount: Int
    }

    /// Cuts each row's tasks into phrases; a phrase in more than `share` of the rows is generic and dropped.
    static func cut(rows: [OccupationRow], share: Double) -> Result {
        let phrases = rows.map { TermCutter.taskPhrases($0.tasks, limit: Int.max) }
        var df: [String: Int] = [:]
        for list in phrases { for p in Set(list) { df[p, default: 0] += 1 } }
        let cap = Double(rows.count) * share
        var generic = Set<String>()
        for (p, n) in df where Double(n) > cap { generic.insert(p) }
        var out: [(code: String, terms: [String])] = []
        for (row, list) in zip(rows, phrases) {
            out.append((row.code, Array(list.filter { !generic.contains($0) }.prefix(limit))))
        }
        return Result(byCode: out, genericCount: generic.count)
    }
}
