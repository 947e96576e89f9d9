import Catalog
import MatchingCore

/// Sparse entries of one row, by column.
typealias RowEntries = [(column: Int32, value: Float)]

/// The occupation columns of a match space: one per 细类 (`u:`), 小类 (`m:`) and 中类 (`d:`) key,
/// numbered after the text columns in order of first appearance.
struct OccupationColumns {
    /// The first occupation column (the number of text columns).
    let first: Int
    /// The column of each key.
    private(set) var columns: [String: Int32] = [:]

    /// No columns yet; the first one will be `first`.
    init(first: Int) { self.first = first }

    /// The number of columns in all (text and occupation).
    var total: Int { first + columns.count }

    /// The column of `key`, added on first use.
    mutating func column(_ key: String) -> Int32 {
        if let c = columns[key] { return c }
        let c = Int32(first + columns.count)
        columns[key] = c
        return c
    }

    /// The keys of a code's three levels, those it has.
    static func keys(_ l: OccupationLevels) -> [String?] {
        [l.unit.map { "u:" + $0 }, l.minor.map { "m:" + $0 }, l.middle.map { "d:" + $0 }]
    }
}

/// The profile rows of a match space and the parts the candidate search's bounds are built from:
/// each row's text (normalised) and occupation entries, and how it departs from its major's row.
struct ProfileRows {
    /// Each profile's entries: its normalised text vector, then its occupation columns.
    var entries: [RowEntries] = []
    /// Each profile's occupation columns.
    var occupationColumns: [[Int32]] = []
    /// Each profile's text norm.
    var textNorm: [Float] = []
    /// The catalog majors' raw (un-normalised) text vectors.
    var majorRaw: [RowEntries] = []
    /// The catalog majors' occupation entries.
    var majorOcc: [RowEntries] = []
    /// Per profile, what it adds beyond its major: its delta text over its norm and the occupation
    /// columns its major lacks (all of them when it does not inherit); empty for majors.
    var rest: [RowEntries] = []
    /// Per profile, the entries that are not `majorRaw / norm` (the whole row when `usesMajor` is false).
    var own: [RowEntries] = []
    /// Per profile, whether its row is `own` plus `majorRaw / norm` elsewhere.
    var usesMajor: [Bool] = []

    /// Vectorises every profile document, numbering occupation columns in `columns`.
    /// - Complexity: O(entries of all profiles) plus a sort of each profile's own entries.
    init(documents d: ProfileDocuments, majorCount: Int, vectorizer: Vectorizer, columns: inout OccupationColumns) {
        let n = d.profiles.count
        entries.reserveCapacity(n)
        occupationColumns.reserveCapacity(n)
        textNorm = Array(repeating: 0, count: n)
        rest.reserveCapacity(n)
        own.reserveCapacity(n)
        usesMajor.reserveCapacity(n)
        var scratch: [Float] = []
        for (k, doc) in d.profiles.enumerated() {
            // The same arithmetic as `Vectorizer.vector`, keeping the raw vector and its norm.
            var (e, norm) = vectorizer.rawVector(doc, scratch: &scratch)
            if k < majorCount { majorRaw.append(e) }
            if norm > 0 { for i in e.indices { e[i].value /= norm } }
            textNorm[k] = norm
            var delta = d.deltas[k].isEmpty ? [] : vectorizer.rawVector(d.deltas[k], scratch: &scratch).entries
            if norm > 0 { for i in delta.indices { delta[i].value /= norm } } else { delta = [] }
            let textCount = e.count
            var seen = Set<Int32>()
            for code in d.occupations[k] {
                for key in OccupationColumns.keys(OccupationLevels(code: code)) {
                    if let key, seen.insert(columns.column(key)).inserted { e.append((columns.column(key), 1)) }
                }
            }
            occupationColumns.append(e[textCount...].map(\.column))
            if k < majorCount {
                majorOcc.append(Array(e[textCount...]))
                rest.append([])
            } else if d.inherits[k] {
                // Occupation columns the major already has come from `majorOcc` (a handful each:
                // a linear look-up, no set per profile).
                let base = majorOcc[Int(d.profileMajor[k])]
                rest.append(delta + e[textCount...].filter { x in !base.contains { $0.column == x.column } })
            } else {
                rest.append(delta + e[textCount...])
            }
            let (owned, uses) = Self.ownEntries(e, textCount: textCount, norm: norm, major: majorRaw[Int(d.profileMajor[k])])
            own.append(owned)
            usesMajor.append(uses)
            entries.append(e)
        }
    }

    /// What a row holds beyond `major / norm`: columns its major lacks, or whose value is not the
    /// major's raw value over this norm bit for bit, and occupation columns. Should a major column
    /// be missing from the row, the whole row is its own (`usesMajor` false). Sorted by column.
    static func ownEntries(_ e: RowEntries, textCount: Int, norm: Float, major base: RowEntries) -> (RowEntries, Bool) {
        var owned: RowEntries = []
        var usesMajor = true
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
        return (owned, usesMajor)
    }
}
