import MatchingCore

/// A profile's score split into parts that can be found without scanning its whole row, so that
/// candidate retrieval touches each major's long postings once instead of once per customised
/// program (Guides/TopK.md, "Profiles as major plus delta").
///
/// A profile's raw text vector is its major's raw vector plus the raw vector of what the program
/// adds (the vectorizer is linear before normalisation), so for a query `q`
///
///     dot(q, profile) = (q · majorRaw) / norm(profile) + q · (deltaRaw / norm(profile)) + q · occ(profile)
///
/// The first part comes from a small index over the majors' raw rows, the other two from an index
/// over each profile's delta and occupation columns (`rest`). Profiles that `rest` does not touch
/// score `(q · majorRaw) / norm`, so within a major they come best first in ascending norm order.
///
/// Occupation columns split the same way: a profile's are its major's plus its own (unless the
/// program replaces its major's links), so `q · occ(profile) = [inherits] q · majorOcc + q · ownOcc`,
/// the first from a small index over the majors, the second in `rest`.
struct ProfileBounds: Sendable {
    /// An inverted index over the catalog majors' raw (un-normalised) text rows.
    let majorRaw: InvertedIndex
    /// An inverted index over the catalog majors' occupation columns.
    let majorOcc: InvertedIndex
    /// An inverted index over each profile's delta text divided by its text norm, plus the
    /// occupation columns it does not take from its major.
    let rest: InvertedIndex
    /// Per profile, 1 / norm of its raw text vector (0 when it has no text).
    let inverseNorm: [Float]
    /// Per profile, whether it keeps its major's occupation columns.
    let inherits: [Bool]
    /// Per column, the largest value in `rest` (what one unit of query weight can add).
    let restMax: [Float]

    /// Builds both indices; rows of `majorRaw` are the majors, rows of `rest` the profiles.
    /// - Complexity: O(nnz of both).
    init(
        columnCount: Int, majorRaw: [[(column: Int32, value: Float)]], majorOcc: [[(column: Int32, value: Float)]],
        rest: [[(column: Int32, value: Float)]], textNorm: [Float], inherits: [Bool]
    ) {
        func matrix(_ rows: [[(column: Int32, value: Float)]]) -> SparseMatrix {
            var b = SparseMatrix.Builder(columnCount: columnCount)
            for row in rows {
                for e in row { b.append(column: Int(e.column), value: e.value) }
                b.finishRow()
            }
            return b.build()
        }
        self.majorRaw = InvertedIndex(matrix(majorRaw))
        self.majorOcc = InvertedIndex(matrix(majorOcc))
        self.rest = InvertedIndex(matrix(rest))
        self.inverseNorm = textNorm.map { $0 > 0 ? 1 / $0 : 0 }
        self.inherits = inherits
        var restMax = [Float](repeating: 0, count: columnCount)
        for c in 0..<columnCount {
            for i in self.rest.postingStart[c]..<self.rest.postingStart[c + 1] {
                restMax[c] = Swift.max(restMax[c], self.rest.postingValues[i])
            }
        }
        self.restMax = restMax
    }

    /// Scales a computed bound up so that rounding can never put it below the exact score: the
    /// parts are sums of a few hundred products of non-negative floats, whose relative error is
    /// far below 10⁻³.
    @inline(__always)
    static func safe(_ bound: Float) -> Float { bound * 1.001 + 1e-6 }
}

/// The profiles that have programs in two lists per major (list `2m` keeps the major's occupation
/// links, `2m + 1` replaces them), each in the order in which `rest`-untouched ones score best
/// first: ascending text norm, ties by profile row.
struct MajorProfileLists: Sendable {
    /// Start of each list; `2 × majors + 1` entries.
    let start: [Int]
    /// Profile rows.
    let profiles: [Int32]

    /// Lists the profiles with `hasPrograms`.
    /// - Complexity: O(profiles log profiles).
    init(majorCount: Int, profileMajor: [Int32], inverseNorm: [Float], inherits: [Bool], hasPrograms: [Bool]) {
        var lists = [[Int32]](repeating: [], count: 2 * majorCount)
        for p in profileMajor.indices where hasPrograms[p] {
            lists[2 * Int(profileMajor[p]) + (inherits[p] ? 0 : 1)].append(Int32(p))
        }
        var start = [0]
        var profiles: [Int32] = []
        for var list in lists {
            list.sort { (inverseNorm[Int($0)], $1) > (inverseNorm[Int($1)], $0) }
            profiles += list
            start.append(profiles.count)
        }
        self.start = start
        self.profiles = profiles
    }
}

/// Per-thread buffers of the profile search.
struct ProfileSearchScratch {
    var majors: TopKScratch
    var majorOcc: TopKScratch
    var rest: TopKScratch
    /// Profiles touched by `rest`, as (bound, profile), kept as a max-heap.
    var touched: [(bound: Float, profile: Int32)] = []
    /// The next untouched profile of each list of a touched major, as (bound, list, position).
    var heads: [(bound: Float, list: Int32, at: Int)] = []
    /// The query spread over all columns (zeros elsewhere), for exact scores in one pass per row.
    var dense: [Float]
    /// The query's columns whose `rest` postings are read, and their values.
    var essentialColumns: [Int32] = []
    var essentialValues: [Float] = []
    var order: [Int] = []
    var skip: [Bool] = []

    init(majorCount: Int, profileCount: Int, columnCount: Int) {
        majors = TopKScratch(rowCount: majorCount)
        majorOcc = TopKScratch(rowCount: majorCount)
        rest = TopKScratch(rowCount: profileCount)
        dense = [Float](repeating: 0, count: columnCount)
    }
}

/// A binary max-heap on the first field, in place over an array.
enum MaxHeap {
    static func siftDown<T>(_ a: inout [T], _ start: Int, key: (T) -> Float) {
        var i = start
        let n = a.count
        while true {
            let l = 2 * i + 1
            if l >= n { return }
            var top = l
            if l + 1 < n && key(a[l + 1]) > key(a[l]) { top = l + 1 }
            guard key(a[top]) > key(a[i]) else { return }
            a.swapAt(i, top)
            i = top
        }
    }

    static func heapify<T>(_ a: inout [T], key: (T) -> Float) {
        var i = a.count / 2 - 1
        while i >= 0 {
            siftDown(&a, i, key: key)
            i -= 1
        }
    }

    static func popFirst<T>(_ a: inout [T], key: (T) -> Float) {
        a.swapAt(0, a.count - 1)
        a.removeLast()
        if !a.isEmpty { siftDown(&a, 0, key: key) }
    }

    static func replaceFirst<T>(_ a: inout [T], with x: T, key: (T) -> Float) {
        a[0] = x
        siftDown(&a, 0, key: key)
    }
}

extension MatchSpace {
    /// Visits the profiles that share a column with `query`, in descending order of a safe upper
    /// bound on `fit[profile] × dot(query, profile)`, until `visit` returns a bar above the next
    /// bound. `visit` gets the profile and its exact weighted score (the same bits as the inverted
    /// index would give) and returns the score a later profile must reach to matter.
    /// - Complexity: the postings of the query's columns in the two small indices, plus
    ///   O(log n) per profile visited and one merge of the query with each visited row.
    func searchProfiles(
        query: SparseVector, fit: [Float], lists: MajorProfileLists, hasPrograms: [Bool], initialBar: Float,
        scratch: inout ProfileSearchScratch, visit: (_ profile: Int, _ score: Float) -> Float
    ) {
        let b = bounds
        // MaxScore-style split of `rest`: the columns with the longest postings are skipped while
        // what they could add together (`slack`) stays small; every bound then carries `slack`.
        // A profile reached by skipped columns only scores at most `slack` (plus its major's
        // parts, which its list's head bounds), below the floor, so none is lost.
        let slackLimit = Swift.min(Float(0.04), initialBar / 2)
        scratch.order.removeAll(keepingCapacity: true)
        scratch.order.append(contentsOf: query.columns.indices)
        let postingStart = b.rest.postingStart
        scratch.order.sort {
            let l0 = postingStart[Int(query.columns[$0]) + 1] - postingStart[Int(query.columns[$0])]
            let l1 = postingStart[Int(query.columns[$1]) + 1] - postingStart[Int(query.columns[$1])]
            return l0 != l1 ? l0 > l1 : $0 < $1
        }
        var slack: Float = 0
        var skipped = 0
        for i in scratch.order {
            let add = query.values[i] * b.restMax[Int(query.columns[i])]
            guard slack + add <= slackLimit else { break }
            slack += add
            skipped += 1
        }
        if slackLimit <= 0 {
            skipped = 0
            slack = 0
        }
        scratch.skip.removeAll(keepingCapacity: true)
        scratch.skip.append(contentsOf: repeatElement(false, count: query.columns.count))
        for i in scratch.order.prefix(skipped) { scratch.skip[i] = true }
        scratch.essentialColumns.removeAll(keepingCapacity: true)
        scratch.essentialValues.removeAll(keepingCapacity: true)
        for i in query.columns.indices where !scratch.skip[i] {
            scratch.essentialColumns.append(query.columns[i])
            scratch.essentialValues.append(query.values[i])
        }
        query.columns.withUnsafeBufferPointer { qc in
            query.values.withUnsafeBufferPointer { qv in
                b.majorRaw.accumulate(queryColumns: qc, queryValues: qv, scratch: &scratch.majors)
                b.majorOcc.accumulate(queryColumns: qc, queryValues: qv, scratch: &scratch.majorOcc)
            }
        }
        scratch.essentialColumns.withUnsafeBufferPointer { qc in
            scratch.essentialValues.withUnsafeBufferPointer { qv in
                b.rest.accumulate(queryColumns: qc, queryValues: qv, scratch: &scratch.rest)
            }
        }
        for (c, v) in zip(query.columns, query.values) { scratch.dense[Int(c)] = v }
        defer { for c in query.columns { scratch.dense[Int(c)] = 0 } }
        let bar0 = initialBar
        let majorText = scratch.majors
        let majorOcc = scratch.majorOcc
        let restScratch = scratch.rest
        // The bound of profile `p` from its major's parts and its own part `own`.
        func bound(_ p: Int, own: Float) -> Float {
            let m = Int(profileMajor[p])
            let occ = b.inherits[p] ? majorOcc.value(of: m) : 0
            return ProfileBounds.safe(fit[p] * (majorText.value(of: m) * b.inverseNorm[p] + occ + own + slack))
        }
        scratch.touched.removeAll(keepingCapacity: true)
        for t in restScratch.touchedRows {
            let p = Int(t)
            guard hasPrograms[p] else { continue }
            let x = bound(p, own: restScratch.value(of: p))
            if x >= bar0 { scratch.touched.append((x, t)) }
        }
        func nextUntouched(_ list: Int, from i: Int) -> Int {
            var i = i
            while i < lists.start[list + 1] && restScratch.isTouched(Int(lists.profiles[i])) { i += 1 }
            return i
        }
        scratch.heads.removeAll(keepingCapacity: true)
        func addHeads(major m: Int, into heads: inout [(bound: Float, list: Int32, at: Int)]) {
            for list in [2 * m, 2 * m + 1] {
                let i = nextUntouched(list, from: lists.start[list])
                guard i < lists.start[list + 1] else { continue }
                let x = bound(Int(lists.profiles[i]), own: 0)
                if x >= bar0 { heads.append((x, Int32(list), i)) }
            }
        }
        for t in majorText.touchedRows { addHeads(major: Int(t), into: &scratch.heads) }
        for t in majorOcc.touchedRows where !majorText.isTouched(Int(t)) { addHeads(major: Int(t), into: &scratch.heads) }
        MaxHeap.heapify(&scratch.touched) { $0.bound }
        MaxHeap.heapify(&scratch.heads) { $0.bound }
        var bar = bar0
        while true {
            let t = scratch.touched.first?.bound ?? -.infinity
            let h = scratch.heads.first?.bound ?? -.infinity
            guard Swift.max(t, h) >= bar, Swift.max(t, h) > -.infinity else { return }
            let p: Int
            if t >= h {
                p = Int(scratch.touched[0].profile)
                MaxHeap.popFirst(&scratch.touched) { $0.bound }
            } else {
                let head = scratch.heads[0]
                let list = Int(head.list)
                p = Int(lists.profiles[head.at])
                let i = nextUntouched(list, from: head.at + 1)
                if i < lists.start[list + 1] {
                    let x = bound(Int(lists.profiles[i]), own: 0)
                    MaxHeap.replaceFirst(&scratch.heads, with: (x, head.list, i)) { $0.bound }
                } else {
                    MaxHeap.popFirst(&scratch.heads) { $0.bound }
                }
            }
            let score = fit[p] * Self.dot(dense: scratch.dense, row: p, of: profiles)
            bar = Swift.max(bar, visit(p, score))
        }
    }

    /// `query.dot(row:of:)` with the query spread densely: the same products summed in the same
    /// ascending column order (adding the +0 of absent columns changes no bit), without a merge.
    /// - Complexity: O(nnz(row)).
    @inline(__always)
    static func dot(dense: [Float], row r: Int, of matrix: SparseMatrix) -> Float {
        var sum: Float = 0
        dense.withUnsafeBufferPointer { d in
            matrix.columns.withUnsafeBufferPointer { cols in
                matrix.values.withUnsafeBufferPointer { vals in
                    for i in matrix.rowStart[r]..<matrix.rowStart[r + 1] { sum += d[Int(cols[i])] * vals[i] }
                }
            }
        }
        return sum
    }
}
