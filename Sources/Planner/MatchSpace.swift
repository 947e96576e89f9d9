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

    /// Builds the space for `set`: the documents (`ProfileDocuments`), their vectors and occupation
    /// columns (`ProfileRows`), the role queries, and the candidate search's bounds.
    ///
    /// With `linkText` (the default) a major's document includes the names and task terms of its
    /// MoE-linked occupations; evaluations against those links turn it off to avoid leakage.
    /// - Complexity: O(total terms) plus the index build, O(nnz).
    public init(set: CatalogSet, scoring: ScoringPolicy, linkText: Bool = true) {
        self.scoring = scoring
        let docs = ProfileDocuments(set: set, weights: scoring.documents, linkText: linkText)
        var vectorizer = Vectorizer(texts: docs.texts)
        vectorizer.fit(docs.profiles + docs.roles)
        var columns = OccupationColumns(first: vectorizer.columnCount)
        let rows = ProfileRows(documents: docs, majorCount: set.majors.count, vectorizer: vectorizer, columns: &columns)
        let (queryEntries, roleOccupation) = Self.queries(
            set: set, documents: docs.roles, vectorizer: vectorizer, scoring: scoring, columns: &columns)
        let columnCount = max(columns.total, 1)
        self.profiles = SparseMatrix(rows: rows.entries, columnCount: columnCount)
        self.queries = SparseMatrix(rows: queryEntries, columnCount: columnCount)
        self.profileLevel = docs.level
        self.profileMajor = docs.profileMajor
        self.programProfile = docs.programProfile
        self.vectorizer = vectorizer
        self.profileOccupationColumns = rows.occupationColumns
        self.roleOccupation = roleOccupation
        let majorCount = set.majors.count
        self.majorRowsByLevel = (0..<3).map { l in (0..<majorCount).map { docs.level[$0].index == l ? 1 : 0 } }
        var majors = SparseMatrix.Builder(columnCount: columnCount)
        for r in 0..<majorCount {
            for e in profiles.range(ofRow: r) { majors.append(column: Int(profiles.columns[e]), value: profiles.values[e]) }
            majors.finishRow()
        }
        self.majorIndex = InvertedIndex(majors.build())
        self.bounds = ProfileBounds(
            columnCount: columnCount, profileMajor: docs.profileMajor, majorRaw: rows.majorRaw, majorOcc: rows.majorOcc,
            rest: rows.rest, textNorm: rows.textNorm, inherits: docs.inherits, ownRows: rows.own, usesMajor: rows.usesMajor)
    }

    /// An inverted index over every profile row (the candidate search itself uses `bounds`; the
    /// exhaustive top-k benchmarks compare against this).
    /// - Complexity: O(nnz of `profiles`).
    public func profileIndex() -> InvertedIndex { InvertedIndex(profiles) }

    /// One query per role: its text vector times α (1 when the role has no occupation), and
    /// (1−α) spread over its occupation's three columns so that a dot product gives `occ`.
    /// Also the role's own occupation columns, looked up before the query adds any, so that a level
    /// no profile has stays -1.
    static func queries(
        set: CatalogSet, documents: [WeightedDocument], vectorizer: Vectorizer, scoring: ScoringPolicy,
        columns: inout OccupationColumns
    ) -> ([RowEntries], [RoleOccupationColumns]) {
        var scratch: [Float] = []
        var queryEntries: [RowEntries] = []
        queryEntries.reserveCapacity(documents.count)
        let alpha = Float(scoring.alpha)
        var roleOccupation = [RoleOccupationColumns](repeating: RoleOccupationColumns(), count: set.roles.count)
        for (i, r) in set.roles.enumerated() {
            let textWeight: Float = r.occupation == nil ? 1 : alpha
            var e = vectorizer.vector(documents[i], scratch: &scratch).map { (column: $0.column, value: $0.value * textWeight) }
            if let code = r.occupation {
                let l = OccupationLevels(code: code)
                let existing = OccupationColumns.keys(l).map { key in key.flatMap { columns.columns[$0] } ?? -1 }
                roleOccupation[i] = RoleOccupationColumns(unit: existing[0], minor: existing[1], middle: existing[2])
                let weights = [scoring.occUnit - scoring.occMinor, scoring.occMinor - scoring.occMiddle, scoring.occMiddle]
                for (key, w) in zip(OccupationColumns.keys(l), weights) where w > 0 {
                    if let key { e.append((columns.column(key), (1 - alpha) * Float(w))) }
                }
            }
            queryEntries.append(e)
        }
        return (queryEntries, roleOccupation)
    }
}
