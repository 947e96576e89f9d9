public import Catalog
public import MatchingCore



/// The levels of an occupation code that `occ` compares: 细类 (unit), 小类 (minor), 中类 (middle).
public struct OccupationLevels: Sendable, Equatable {
    /// `6-18-01-01`, or nil for a code above 细类.
    public var unit: String?
    /// `6-18-01`.
    public var minor: String?
    /// `6-18`.
    public var middle: String?

    /// Splits a code; a `-00` 细类 code stands for its 小类 (the MoE map writes 小类 links that way).
    public init(code: String) {
        var parts = code.split(separator: "-").map(String.init)
        if parts.count == 4 && parts[3] == "00" { parts.removeLast() }
        unit = parts.count >= 4 ? parts[0...3].joined(separator: "-") : nil
        minor = parts.count >= 3 ? parts[0...2].joined(separator: "-") : nil
        middle = parts.count >= 2 ? parts[0...1].joined(separator: "-") : nil
    }
}

/// The vector space of a plan: one row per program profile (a major, or a program whose own
/// terms or occupation links differ from its major's) and one query per role, with text and
/// occupation columns arranged so that `dot(query, row) = α·cos + (1−α)·occ`.
///
/// Occupation columns: a row has 1 in the unit, minor and middle columns of each of its links;
/// a query puts `occUnit−occMinor`, `occMinor−occMiddle` and `occMiddle` in its occupation's
/// three columns, so the dot product is exactly `occ` (the best shared level) times `1−α`.
public struct MatchSpace: Sendable {
    /// The scoring weights.
    public let scoring: ScoringPolicy
    /// Profile rows; rows `0..<majors.count` are the catalog's majors.
    public let profiles: SparseMatrix
    /// The education level of each profile.
    public let profileLevel: [EducationLevel]
    /// The major of each profile.
    public let profileMajor: [Int32]
    /// The profile of each program.
    public let programProfile: [Int32]
    /// One query per role.
    public let queries: SparseMatrix
    /// The inverted index over `profiles`.
    public let index: InvertedIndex
    /// Text features.
    public let vectorizer: Vectorizer
    /// Per education level, 1 for the catalog majors of that level, else 0.
    let majorRowsByLevel: [[Float]]
    /// An inverted index over the catalog majors' rows only (rows `0..<majors.count`), for ranking.
    let majorIndex: InvertedIndex
    /// Each profile's score split into its major's part and its own, for candidate retrieval.
    let bounds: ProfileBounds
    /// The occupation columns (细类, 小类, 中类 of each link) of each profile, for `evidence`.
    let profileOccupationColumns: [[Int32]]
    /// The occupation columns of each role's code (-1 where no profile has that level's column).
    let roleOccupation: [RoleOccupationColumns]

    /// Builds the space for `set`.
    ///
    /// With `linkText` (the default) a major's document includes the names and task terms of its
    /// MoE-linked occupations; evaluations against those links turn it off to avoid leakage.
    /// - Complexity: O(total terms) plus the index build, O(nnz).
    public init(set: CatalogSet, scoring: ScoringPolicy, linkText: Bool = true) {
        self.scoring = scoring
        // Term keys: the catalog's term ids, then names (of majors, occupations, roles) added here.
        var texts = set.terms.strings
        var nameKeys: [String: Int32] = [:]
        func key(_ name: String) -> Int32 {
            if let k = nameKeys[name] { return k }
            let k = Int32(texts.count)
            texts.append(name)
            nameKeys[name] = k
            return k
        }
        typealias Doc = [(key: Int32, weight: Float)]
        var occupationDocs: [String: Doc] = [:]
        func occupationDoc(_ code: String, nameWeight: Float, taskWeight: Float) -> Doc {
            let cacheKey = "\(nameWeight)|\(taskWeight)|\(code)"
            if let d = occupationDocs[cacheKey] { return d }
            guard let o = set.occupationIndex[code].map({ set.occupations[Int($0)] }) else { return [] }
            let d: Doc = [(key(o.name), nameWeight)] + o.terms.map { ($0, taskWeight) }
            occupationDocs[cacheKey] = d
            return d
        }
        func majorDoc(_ m: Major) -> Doc {
            var doc: Doc = [(key(m.name), 1.5)]
            for t in m.terms where !t.generic {
                let w: Float =
                    switch t.kind {
                    case .course, .ability: 1
                    case .foundation, .certificate, .other: 0.5
                    }
                doc.append((t.term, w))
            }
            // A major added after 2021 has only derived links (DerivedMajors, copied from its
            // siblings): they count as occupation columns, but their occupations' text is left out,
            // so that the major does not outrank the siblings the MoE itself links.
            if linkText && m.added == nil { for c in m.occupations { doc += occupationDoc(c, nameWeight: 0.8, taskWeight: 0.2) } }
            return doc
        }
        // Profiles: majors first, then programs that differ from their major.
        var docs: [Doc] = set.majors.map(majorDoc)
        var occs: [[String]] = set.majors.map(\.occupations)
        var level = set.majors.map(\.level)
        var profileMajor = set.majors.indices.map { Int32($0) }
        var programProfile = [Int32](repeating: -1, count: set.programs.count)
        // What each profile adds to its major's document (nothing for the majors themselves).
        var deltaDocs = [Doc](repeating: [], count: set.majors.count)
        // Whether each profile keeps its major's occupation links (false: the program replaces them).
        var inherits = [Bool](repeating: true, count: set.majors.count)
        var extra: [String: Int32] = [:]
        for (i, p) in set.programs.enumerated() where p.major >= 0 {
            if p.terms.isEmpty && p.occupations.isEmpty {
                programProfile[i] = p.major
                continue
            }
            let occupations = set.occupations(ofProgram: p)
            let key = "\(p.major)|\(p.terms.sorted())|\(occupations.sorted())"
            if let k = extra[key] {
                programProfile[i] = k
                continue
            }
            let m = set.majors[Int(p.major)]
            var delta: Doc = p.terms.map { ($0, Float(1)) }
            for c in p.occupations where !m.occupations.contains(c) {
                delta += occupationDoc(c, nameWeight: 0.8, taskWeight: 0.2)
            }
            let k = Int32(docs.count)
            extra[key] = k
            docs.append(majorDoc(m) + delta)
            deltaDocs.append(delta)
            inherits.append(!p.replacesOccupations)
            occs.append(occupations)
            level.append(m.level)
            profileMajor.append(p.major)
            programProfile[i] = k
        }
        // Roles.
        var roleDocs: [Doc] = []
        roleDocs.reserveCapacity(set.roles.count)
        for r in set.roles {
            var doc: Doc = [(key(r.name), 1)]
            doc += r.skills.map { ($0.term, $0.weight) }
            if let c = r.occupation { doc += occupationDoc(c, nameWeight: 1, taskWeight: 0.4) }
            roleDocs.append(doc)
        }
        var vectorizer = Vectorizer(texts: texts)
        vectorizer.fit(docs + roleDocs)
        var scratch: [Float] = []
        let textColumns = vectorizer.columnCount

        // Occupation columns, numbered in order of first appearance over profiles then roles.
        var occColumn: [String: Int32] = [:]
        func column(_ key: String) -> Int32 {
            if let c = occColumn[key] { return c }
            let c = Int32(textColumns + occColumn.count)
            occColumn[key] = c
            return c
        }
        var profileEntries: [[(column: Int32, value: Float)]] = []
        profileEntries.reserveCapacity(docs.count)
        var textNorm = [Float](repeating: 0, count: docs.count)
        var majorRaw: [[(column: Int32, value: Float)]] = []
        var majorOcc: [[(column: Int32, value: Float)]] = []
        var rest: [[(column: Int32, value: Float)]] = []
        rest.reserveCapacity(docs.count)
        var ownRows: [[(column: Int32, value: Float)]] = []
        ownRows.reserveCapacity(docs.count)
        var rowUsesMajor: [Bool] = []
        rowUsesMajor.reserveCapacity(docs.count)
        var profileOccupationColumns: [[Int32]] = []
        profileOccupationColumns.reserveCapacity(docs.count)
        for (k, doc) in docs.enumerated() {
            // The same arithmetic as `Vectorizer.vector`, keeping the raw vector and its norm.
            var (e, norm) = vectorizer.rawVector(doc, scratch: &scratch)
            if k < set.majors.count { majorRaw.append(e) }
            if norm > 0 { for i in e.indices { e[i].value /= norm } }
            textNorm[k] = norm
            var own = deltaDocs[k].isEmpty ? [] : vectorizer.rawVector(deltaDocs[k], scratch: &scratch).entries
            if norm > 0 { for i in own.indices { own[i].value /= norm } } else { own = [] }
            let textCount = e.count
            var seen = Set<Int32>()
            for code in occs[k] {
                let l = OccupationLevels(code: code)
                for key in [l.unit.map { "u:" + $0 }, l.minor.map { "m:" + $0 }, l.middle.map { "d:" + $0 }] {
                    if let key, seen.insert(column(key)).inserted { e.append((column(key), 1)) }
                }
            }
            profileOccupationColumns.append(e[textCount...].map(\.column))
            if k < set.majors.count {
                majorOcc.append(Array(e[textCount...]))
                rest.append([])
            } else if inherits[k] {
                // Occupation columns the major already has come from `majorOcc` (a handful each:
                // a linear look-up, no set per profile).
                let base = majorOcc[Int(profileMajor[k])]
                rest.append(own + e[textCount...].filter { x in !base.contains { $0.column == x.column } })
            } else {
                rest.append(own + e[textCount...])
            }
            // What the profile's row holds beyond `majorRaw / norm`: columns its major lacks, or
            // whose value is not the major's raw value over this norm bit for bit, and occupation
            // columns. Should a major column be missing from the row, the whole row is its own.
            var owned: [(column: Int32, value: Float)] = []
            var usesMajor = true
            let base = majorRaw[Int(profileMajor[k])]
            var j = 0
            for x in e[..<textCount] {
                while j < base.count && base[j].column < x.column {
                    usesMajor = false
                    j += 1
                }
                if j < base.count && base[j].column == x.column {
                    let same = (base[j].value / norm).bitPattern == x.value.bitPattern
                    j += 1
                    if same { continue }
                }
                owned.append(x)
            }
            if j < base.count { usesMajor = false }
            owned += e[textCount...]
            if !usesMajor { owned = e }
            owned.sort { $0.column < $1.column }
            ownRows.append(owned)
            rowUsesMajor.append(usesMajor)
            profileEntries.append(e)
        }
        var queryEntries: [[(column: Int32, value: Float)]] = []
        queryEntries.reserveCapacity(roleDocs.count)
        let alpha = Float(scoring.alpha)
        var roleOccupation = [RoleOccupationColumns](repeating: RoleOccupationColumns(), count: set.roles.count)
        for (i, r) in set.roles.enumerated() {
            let textWeight: Float = r.occupation == nil ? 1 : alpha
            var e = vectorizer.vector(roleDocs[i], scratch: &scratch).map { (column: $0.column, value: $0.value * textWeight) }
            if let code = r.occupation {
                let l = OccupationLevels(code: code)
                // Looked up before the query adds columns, so a level no profile has stays -1.
                roleOccupation[i] = RoleOccupationColumns(
                    unit: l.unit.flatMap { occColumn["u:" + $0] } ?? -1, minor: l.minor.flatMap { occColumn["m:" + $0] } ?? -1,
                    middle: l.middle.flatMap { occColumn["d:" + $0] } ?? -1)
                let rest = 1 - alpha
                let weights: [(String?, Double)] = [
                    (l.unit.map { "u:" + $0 }, scoring.occUnit - scoring.occMinor),
                    (l.minor.map { "m:" + $0 }, scoring.occMinor - scoring.occMiddle),
                    (l.middle.map { "d:" + $0 }, scoring.occMiddle),
                ]
                for (key, w) in weights where w > 0 {
                    if let key { e.append((column(key), rest * Float(w))) }
                }
            }
            queryEntries.append(e)
        }
        let columnCount = textColumns + occColumn.count
        var pb = SparseMatrix.Builder(columnCount: max(columnCount, 1))
        for e in profileEntries {
            for x in e { pb.append(column: Int(x.column), value: x.value) }
            pb.finishRow()
        }
        var qb = SparseMatrix.Builder(columnCount: max(columnCount, 1))
        for e in queryEntries {
            for x in e { qb.append(column: Int(x.column), value: x.value) }
            qb.finishRow()
        }
        self.profiles = pb.build()
        self.queries = qb.build()
        self.profileLevel = level
        self.profileMajor = profileMajor
        self.programProfile = programProfile
        self.index = InvertedIndex(profiles)
        self.vectorizer = vectorizer
        self.profileOccupationColumns = profileOccupationColumns
        self.roleOccupation = roleOccupation
        let majorCount = set.majors.count
        self.majorRowsByLevel = (0..<3).map { l in (0..<majorCount).map { level[$0].index == l ? 1 : 0 } }
        var mb = SparseMatrix.Builder(columnCount: max(columnCount, 1))
        for r in 0..<majorCount {
            for e in profiles.range(ofRow: r) { mb.append(column: Int(profiles.columns[e]), value: profiles.values[e]) }
            mb.finishRow()
        }
        self.majorIndex = InvertedIndex(mb.build())
        self.bounds = ProfileBounds(
            columnCount: max(columnCount, 1), profileMajor: profileMajor, majorRaw: majorRaw, majorOcc: majorOcc,
            rest: rest, textNorm: textNorm, inherits: inherits, ownRows: ownRows, usesMajor: rowUsesMajor)
    }
}
