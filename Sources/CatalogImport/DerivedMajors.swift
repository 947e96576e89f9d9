import Foundation

/// Terms and occupation links derived for the majors that have neither (the 2022–2025 additions
/// and the few 2021 majors without a profile), from what the catalog knows of them: their name,
/// their 专业类 and the sibling majors of that class at their level.
///
/// For such a major, its siblings (majors of the same level and class that have links) are ranked
/// by how many character bigrams their name shares with its name (ties by code). The siblings
/// sharing at least one bigram, at most `siblings` of them, are its basis; when none shares one,
/// the basis is the whole class. The derived links are the occupations linked to the most basis
/// majors (ties by code), at most `maxLinks`; the derived terms are the first `termsPerSibling`
/// courses of each basis major, deduplicated in order. Every line is marked derived in
/// `derived_major_terms.tsv` and, through the import, in majors.xml (`derived="true"`).
enum DerivedMajors {
    /// Siblings taken as a basis at most.
    static let siblings = 2
    /// Derived links per major at most.
    static let maxLinks = 8
    /// Courses taken from each basis major.
    static let termsPerSibling = 6

    /// One major's derivation.
    struct Derived: Sendable, Equatable {
        var code: String
        /// The basis: sibling major codes, best first.
        var basis: [String]
        var links: [String]
        var courses: [String]
    }

    /// The character bigrams of a name (a one-character name is its own bigram).
    static func bigrams(_ s: String) -> Set<String> {
        let c = Array(s)
        guard c.count > 1 else { return [s] }
        return Set((0..<(c.count - 1)).map { String(c[$0...$0 + 1]) })
    }

    /// Derives every major that has no links and no terms.
    /// - Complexity: O(majors × class size).
    static func derive(
        rows: [MajorRow], links: [String: Set<String>], terms: [String: [MajorTerms.Term]]
    ) -> [Derived] {
        var byClass: [String: [MajorRow]] = [:]
        for r in rows where !(links[r.code] ?? []).isEmpty {
            byClass["\(r.level.rawValue)|\(r.classCode)", default: []].append(r)
        }
        var out: [Derived] = []
        for m in rows.sorted(by: { $0.code < $1.code })
        where (links[m.code] ?? []).isEmpty && (terms[m.code] ?? []).isEmpty {
            let sibs = (byClass["\(m.level.rawValue)|\(m.classCode)"] ?? []).filter { $0.code != m.code }
            guard !sibs.isEmpty else { continue }
            let own = bigrams(m.name)
            var ranked: [(row: MajorRow, shared: Int)] = []
            for sib in sibs { ranked.append((sib, own.intersection(bigrams(sib.name)).count)) }
            ranked.sort { a, b in a.shared > b.shared || (a.shared == b.shared && a.row.code < b.row.code) }
            var near: [MajorRow] = []
            for x in ranked where x.shared > 0 && near.count < siblings { near.append(x.row) }
            let basis: [MajorRow] = near.isEmpty ? ranked.map { $0.row } : near
            var count: [String: Int] = [:]
            for b in basis { for l in links[b.code] ?? [] { count[l, default: 0] += 1 } }
            let byCount = count.sorted { a, b in a.value > b.value || (a.value == b.value && a.key < b.key) }
            let chosen: [String] = byCount.prefix(maxLinks).map { $0.key }.sorted()
            var courses: [String] = []
            for b in basis.prefix(siblings) {
                let list = (terms[b.code] ?? []).filter { $0.kind == .course }.prefix(termsPerSibling)
                for t in list where !courses.contains(t.text) { courses.append(t.text) }
            }
            let basisCodes: [String] = near.isEmpty ? ["class:" + m.classCode] : basis.map { $0.code }
            out.append(Derived(code: m.code, basis: basisCodes, links: chosen, courses: courses))
        }
        return out
    }

    /// The table `derived_major_terms.tsv`, in the format of the other term tables
    /// (`MoeTables.termTable`): per derived major a `basis` line (sibling codes, or `class:CODE`), an
    /// `occupation` line (derived links) and a `course` line (derived courses); empty lines are left out.
    static func table(_ derived: [Derived]) throws(CatalogImportError) -> String {
        let rows = derived.flatMap { d in
            [("basis", d.basis), ("occupation", d.links), ("course", d.courses)].map {
                MoeTables.TermRow(code: d.code, kind: $0.0, terms: $0.1)
            }
        }
        return try MoeTables.termTable("derived_major_terms.tsv", codeColumn: "major_code", rows: rows)
    }

    /// Reads `derived_major_terms.tsv` (absent: nothing derived) through `MoeTables.readTerms`:
    /// links and courses by major code; every code must be a catalog major.
    static func read(_ url: URL, majors: [String: MajorRow]) throws(CatalogImportError)
        -> (links: [String: [String]], courses: [String: [String]])
    {
        guard FileManager.default.fileExists(atPath: url.path) else { return ([:], [:]) }
        var links: [String: [String]] = [:]
        var courses: [String: [String]] = [:]
        for row in try MoeTables.readTerms(url, codeColumn: "major_code", kinds: ["basis", "occupation", "course"]) {
            guard majors[row.code] != nil else {
                throw CatalogImportError(file: url.path, line: row.line, message: "'\(row.code)' is not a catalog major code")
            }
            switch row.kind {
            case "occupation": links[row.code] = row.terms
            case "course": courses[row.code] = row.terms
            default: break
            }
        }
        return (links, courses)
    }
}
