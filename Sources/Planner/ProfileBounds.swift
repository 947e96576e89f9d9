import MatchingCore

/// A profile's score split into parts that can be found without scanning its whole row, so that
/// candidate retrieval touches each major's long postings once instead of once per customised
/// program (Guides/BlockMax.md, "How the Planner uses it").
///
/// A profile's raw text vector is its major's raw vector plus the raw vector of what the program
/// adds (the vectorizer is linear before normalisation), so for a query `q`
///
///     dot(q, profile) = (q · majorRaw) / norm(profile) + q · (deltaRaw / norm(profile)) + q · occ(profile)
///
/// The first part comes from a small index over the majors' raw rows, the other two from the
/// profile's own columns (`rest`). Profiles that `rest` does not touch score
/// `(q · majorRaw) / norm`, so within a major they come best first in ascending norm order.
///
/// Occupation columns split the same way: a profile's are its major's plus its own (unless the
/// program replaces its major's links), so `q · occ(profile) = [inherits] q · majorOcc + q · ownOcc`,
/// the first from a small index over the majors, the second in `rest`.
///
/// `rest` is MatchingCore's `BlockMaxIndex` with the majors as blocks: a query first sums the
/// blocks' maxima per major, which bounds every profile of the major at once, and reads the
/// postings of a major only when that bound can still reach the k-th best score.
struct ProfileBounds: Sendable {
    /// An inverted index over the catalog majors' raw (un-normalised) text rows.
    let majorRaw: InvertedIndex
    /// An inverted index over the catalog majors' occupation columns.
    let majorOcc: InvertedIndex
    /// Each profile's `rest`: its delta text divided by its text norm, and the occupation columns
    /// it does not take from its major; blocked by major.
    let rest: BlockMaxIndex
    /// Per profile, 1 / norm of its raw text vector (0 when it has no text).
    let inverseNorm: [Float]
    /// Per profile, whether it keeps its major's occupation columns.
    let inherits: [Bool]
    /// The majors' raw text rows, for exact scores.
    let majorText: SparseMatrix
    /// Per profile, the norm its raw text was divided by.
    let norm: [Float]
    /// Per profile, the entries of its row that are not `majorText / norm`: its own text columns,
    /// columns whose sum differs from the major's, occupation columns; the whole row when
    /// `usesMajor` is false.
    let own: SparseMatrix
    /// Per profile, whether its row is its own entries plus `majorText / norm` elsewhere.
    let usesMajor: [Bool]

    /// Builds both indices and the blocks; rows of `majorRaw` are the majors, rows of `rest` the
    /// profiles.
    /// - Complexity: O(nnz of all three + profiles log profiles).
    init(
        columnCount: Int, profileMajor: [Int32], majorRaw: [[(column: Int32, value: Float)]],
        majorOcc: [[(column: Int32, value: Float)]], rest: [[(column: Int32, value: Float)]], textNorm: [Float],
        inherits: [Bool], ownRows: [[(column: Int32, value: Float)]], usesMajor: [Bool]
    ) {
        self.majorText = SparseMatrix(rows: majorRaw, columnCount: columnCount)
        self.majorRaw = InvertedIndex(majorText)
        self.majorOcc = InvertedIndex(SparseMatrix(rows: majorOcc, columnCount: columnCount))
        self.rest = BlockMaxIndex(rows: rest, rowBlock: profileMajor, blockCount: majorRaw.count, columnCount: columnCount)
        self.inverseNorm = textNorm.map { $0 > 0 ? 1 / $0 : 0 }
        self.inherits = inherits
        self.norm = textNorm
        self.own = SparseMatrix(rows: ownRows, columnCount: columnCount)
        self.usesMajor = usesMajor
    }

    /// The profiles that have programs, in two lists per major (list 0 keeps the major's
    /// occupation links, list 1 replaces them), each in the order in which `rest`-untouched ones
    /// score best first: ascending text norm, ties by profile row.
    /// - Complexity: O(profiles log profiles).
    func lists(profileMajor: [Int32], hasPrograms: [Bool]) -> BlockRowLists {
        BlockRowLists(blockCount: rest.blockCount, listsPerBlock: 2, rowBlock: profileMajor, key: inverseNorm) { p in
            hasPrograms[p] ? (inherits[p] ? 0 : 1) : nil
        }
    }

    /// Scales a computed bound up so that rounding can never put it below the exact score: the
    /// parts are sums of a few hundred products of non-negative floats, whose relative error is
    /// far below 10⁻³.
    @inline(__always)
    static func safe(_ bound: Float) -> Float { bound * 1.001 + 1e-6 }

    /// The most that the skipped columns of a query may add to a major's bound (`slack`). Larger
    /// values skip more blocks but expand more majors; 0.02 measured best at national scale
    /// (0.00 to 0.06 tried, Guides/decisions/2026-11-29-candidates-slack-cap.md).
    static let slackCap: Float = 0.02
}
