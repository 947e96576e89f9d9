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
/// The first part comes from a small index over the majors' raw rows, the other two from the
/// profile's own columns (`rest`). Profiles that `rest` does not touch score
/// `(q · majorRaw) / norm`, so within a major they come best first in ascending norm order.
///
/// Occupation columns split the same way: a profile's are its major's plus its own (unless the
/// program replaces its major's links), so `q · occ(profile) = [inherits] q · majorOcc + q · ownOcc`,
/// the first from a small index over the majors, the second in `rest`.
///
/// `rest` is stored by column with each column's postings grouped by major, and each group (a
/// *block*) carries its largest value: a query first sums the blocks' maxima per major, which bounds
/// every profile of the major at once, and reads the postings of a major only when that bound can
/// still reach the k-th best score (block-max pruning with majors as blocks).
struct ProfileBounds: Sendable {
    /// An inverted index over the catalog majors' raw (un-normalised) text rows.
    let majorRaw: InvertedIndex
    /// An inverted index over the catalog majors' occupation columns.
    let majorOcc: InvertedIndex
    /// Start of each column's `rest` postings; `columns + 1` entries.
    let restStart: [Int]
    /// The profile of each `rest` posting; within a column, by ascending major, then profile.
    let restProfile: [Int32]
    /// The value of each `rest` posting: the profile's delta text divided by its text norm, or an
    /// occupation column it does not take from its major.
    let restValue: [Float]
    /// Start of each column's blocks; `columns + 1` entries.
    let blockStart: [Int]
    /// The major of each block, and the largest value a profile has in it (one record, read in
    /// one stream when a query sums its columns' blocks).
    let blocks: [(major: Int32, max: Float)]
    /// Per profile, 1 / norm of its raw text vector (0 when it has no text).
    let inverseNorm: [Float]
    /// Per profile, whether it keeps its major's occupation columns.
    let inherits: [Bool]
    /// Per column, the largest value in `rest` (what one unit of query weight can add).
    let restMax: [Float]
    /// Per major, its blocks by ascending column (CSR): `majorBlockColumn[i]` holds the block
    /// whose postings are `majorBlockPostings[i]` (a range of `restProfile` and `restValue`), so
    /// expanding a major searches one short array instead of every column's.
    let majorBlockStart: [Int]
    let majorBlockColumn: [Int32]
    let majorBlockPostings: [(begin: Int32, end: Int32)]
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
        func matrix(_ rows: [[(column: Int32, value: Float)]]) -> SparseMatrix {
            var b = SparseMatrix.Builder(columnCount: columnCount)
            for row in rows {
                for e in row { b.append(column: Int(e.column), value: e.value) }
                b.finishRow()
            }
            return b.build()
        }
        self.majorText = matrix(majorRaw)
        self.majorRaw = InvertedIndex(majorText)
        self.majorOcc = InvertedIndex(matrix(majorOcc))
        self.inverseNorm = textNorm.map { $0 > 0 ? 1 / $0 : 0 }
        self.inherits = inherits
        // Transpose `rest` with the profiles taken by (major, profile), so each column's postings
        // come grouped by major.
        var start = [Int](repeating: 0, count: columnCount + 1)
        for row in rest { for e in row { start[Int(e.column) + 1] += 1 } }
        for c in 0..<columnCount { start[c + 1] += start[c] }
        let order = rest.indices.sorted { (profileMajor[$0], $0) < (profileMajor[$1], $1) }
        var fill = start
        var restProfile = [Int32](repeating: 0, count: start[columnCount])
        var restValue = [Float](repeating: 0, count: start[columnCount])
        for p in order {
            for e in rest[p] {
                let c = Int(e.column)
                restProfile[fill[c]] = Int32(p)
                restValue[fill[c]] = e.value
                fill[c] += 1
            }
        }
        // Blocks: runs of one major in a column. A profile's value is the sum of its postings in
        // the column (its adjacent postings, should a column repeat), so the maximum bounds it.
        var blockStart = [0]
        var blockMajor: [Int32] = []
        var blockMax: [Float] = []
        var blockBegin: [Int32] = []
        var blockEnd: [Int32] = []
        var restMax = [Float](repeating: 0, count: columnCount)
        for c in 0..<columnCount {
            var i = start[c]
            while i < start[c + 1] {
                let m = profileMajor[Int(restProfile[i])]
                let begin = i
                var best: Float = 0
                while i < start[c + 1] && profileMajor[Int(restProfile[i])] == m {
                    let p = restProfile[i]
                    var sum: Float = 0
                    while i < start[c + 1] && restProfile[i] == p {
                        sum += restValue[i]
                        i += 1
                    }
                    best = Swift.max(best, sum)
                }
                blockMajor.append(m)
                blockMax.append(best)
                blockBegin.append(Int32(begin))
                blockEnd.append(Int32(i))
                restMax[c] = Swift.max(restMax[c], best)
            }
            blockStart.append(blockMajor.count)
        }
        self.restStart = start
        self.restProfile = restProfile
        self.restValue = restValue
        self.blockStart = blockStart
        self.blocks = Array(zip(blockMajor, blockMax)).map { (major: $0.0, max: $0.1) }
        self.restMax = restMax
        let majorCount = majorRaw.count
        var majorBlockStart = [Int](repeating: 0, count: majorCount + 1)
        for m in blockMajor { majorBlockStart[Int(m) + 1] += 1 }
        for m in 0..<majorCount { majorBlockStart[m + 1] += majorBlockStart[m] }
        var majorBlockColumn = [Int32](repeating: 0, count: blockMajor.count)
        var majorBlockPostings = [(begin: Int32, end: Int32)](repeating: (0, 0), count: blockMajor.count)
        var next = majorBlockStart
        for c in 0..<columnCount {
            for e in blockStart[c]..<blockStart[c + 1] {
                let m = Int(blockMajor[e])
                majorBlockColumn[next[m]] = Int32(c)
                majorBlockPostings[next[m]] = (blockBegin[e], blockEnd[e])
                next[m] += 1
            }
        }
        self.majorBlockStart = majorBlockStart
        self.majorBlockColumn = majorBlockColumn
        self.majorBlockPostings = majorBlockPostings
        self.norm = textNorm
        self.own = matrix(ownRows)
        self.usesMajor = usesMajor
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

/// The profiles that have programs in two lists per major (list `2m` keeps the major's occupation
/// links, `2m + 1` replaces them), each in the order in which `rest`-untouched ones score best
/// first: ascending text norm, ties by profile row.
struct MajorProfileLists: Sendable {
    /// Start of each list; `2 × majors + 1` entries.
    let start: [Int]
    /// Profile rows.
    let profiles: [Int32]
    /// Per major, the largest `inverseNorm` of its profiles with programs (-1 when it has none).
    let maxInverseNorm: [Float]

    /// Lists the profiles with `hasPrograms`.
    /// - Complexity: O(profiles log profiles).
    init(majorCount: Int, profileMajor: [Int32], inverseNorm: [Float], inherits: [Bool], hasPrograms: [Bool]) {
        var lists = [[Int32]](repeating: [], count: 2 * majorCount)
        var maxInverseNorm = [Float](repeating: -1, count: majorCount)
        for p in profileMajor.indices where hasPrograms[p] {
            let m = Int(profileMajor[p])
            lists[2 * m + (inherits[p] ? 0 : 1)].append(Int32(p))
            maxInverseNorm[m] = Swift.max(maxInverseNorm[m], inverseNorm[p])
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
        self.maxInverseNorm = maxInverseNorm
    }
}

/// Per-thread buffers of the profile search.
struct ProfileSearchScratch {
    var majors: TopKScratch
    var majorOcc: TopKScratch
    /// The current query's stamp for `majorStamp` and `profileStamp`.
    var generation: UInt32 = 0
    /// Per major: the stamp of the query that last touched it, and the sum of its blocks' maxima.
    var majorStamp: [UInt32]
    var majorRest: [Float]
    /// The majors the current query touched (by text, occupation or blocks).
    var touchedMajors: [Int32] = []
    /// Majors not yet expanded, as (bound, major), kept as a max-heap.
    var majorHeap: [(bound: Float, major: Int32)] = []
    /// Per profile: the stamp of the query whose expansion touched it, and its `rest` sum.
    var profileStamp: [UInt32]
    var profileRest: [Float]
    /// The profiles touched by the expansion of one major.
    var expanded: [Int32] = []
    /// Profiles of expanded majors touched by `rest`, as (bound, profile), kept as a max-heap.
    var touched: [(bound: Float, profile: Int32)] = []
    /// The next untouched profile of each list of an expanded major, as (bound, list, position).
    var heads: [(bound: Float, list: Int32, at: Int)] = []
    /// The query spread over all columns (zeros elsewhere), for exact scores in one pass per row.
    var dense: [Float]
    /// Per major, the stamp of the query whose shared text columns with it are in `part…`, and
    /// where they are: `partStart[m]..<partEnd[m]`.
    var partStamp: [UInt32]
    var partStart: [Int32]
    var partEnd: [Int32]
    /// The query's columns that a major's text row holds, with the query's value and the major's
    /// raw value, ascending per major.
    var partColumns: [Int32] = []
    var partQuery: [Float] = []
    var partRaw: [Float] = []
    /// The query's columns as a bit set (bit `c & 63` of word `c >> 6`), to skip the others cheaply.
    var queryBits: [UInt64]
    /// The query's columns whose `rest` blocks are read, and their values.
    var essentialColumns: [Int32] = []
    var essentialValues: [Float] = []
    var order: [Int] = []
    var skip: [Bool] = []

    init(majorCount: Int, profileCount: Int, columnCount: Int) {
        majors = TopKScratch(rowCount: majorCount)
        majorOcc = TopKScratch(rowCount: majorCount)
        majorStamp = [UInt32](repeating: 0, count: majorCount)
        partStamp = [UInt32](repeating: 0, count: majorCount)
        partStart = [Int32](repeating: 0, count: majorCount)
        partEnd = [Int32](repeating: 0, count: majorCount)
        majorRest = [Float](repeating: 0, count: majorCount)
        profileStamp = [UInt32](repeating: 0, count: profileCount)
        profileRest = [Float](repeating: 0, count: profileCount)
        dense = [Float](repeating: 0, count: columnCount)
        queryBits = [UInt64](repeating: 0, count: (columnCount + 63) / 64)
    }

    /// Starts a query: a new stamp, so every major and profile reads as untouched.
    mutating func nextGeneration() {
        if generation == UInt32.max {
            for i in majorStamp.indices { majorStamp[i] = 0 }
            for i in partStamp.indices { partStamp[i] = 0 }
            for i in profileStamp.indices { profileStamp[i] = 0 }
            generation = 0
        }
        generation += 1
    }
}

/// The first index in `range` at which `isBefore` is false, for a predicate that is true on a
/// prefix of the range and false after it (a lower bound, by binary search).
@inline(__always)
func partitionPoint(_ range: Range<Int>, isBefore: (Int) -> Bool) -> Int {
    var lo = range.lowerBound
    var hi = range.upperBound
    while lo < hi {
        let mid = (lo + hi) / 2
        if isBefore(mid) { lo = mid + 1 } else { hi = mid }
    }
    return lo
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

    static func push<T>(_ a: inout [T], _ x: T, key: (T) -> Float) {
        a.append(x)
        var i = a.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard key(a[i]) > key(a[parent]) else { return }
            a.swapAt(i, parent)
            i = parent
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
    ///
    /// Majors are expanded lazily: a major's bound covers all its profiles, and its `rest`
    /// postings are read (its profiles' own bounds computed) only when no visited-or-known profile
    /// bound is above it, and it still reaches the bar.
    /// - Complexity: the postings of the query's columns in the two small indices and the blocks
    ///   of its columns, plus the postings of the majors expanded, plus O(log n) per profile
    ///   visited and its `exactScore`.
    func searchProfiles(
        query: SparseVector, fit: [Float], lists: MajorProfileLists, hasPrograms: [Bool], initialBar: Float,
        slackCap: Float = ProfileBounds.slackCap, scratch: inout ProfileSearchScratch, visit: (_ profile: Int, _ score: Float) -> Float
    ) {
        let b = bounds
        // MaxScore-style split of `rest`: the blocks of the columns with the longest postings are
        // not summed while what those columns could add together (`slack`) stays small; every
        // major's bound carries `slack` instead. A major touched by nothing else scores at most
        // `slack`, below the floor. Expansion reads all columns, so profile bounds are exact.
        let slackLimit = Swift.min(slackCap, initialBar / 2)
        scratch.order.removeAll(keepingCapacity: true)
        scratch.order.append(contentsOf: query.columns.indices)
        let restStart = b.restStart
        scratch.order.sort {
            let l0 = restStart[Int(query.columns[$0]) + 1] - restStart[Int(query.columns[$0])]
            let l1 = restStart[Int(query.columns[$1]) + 1] - restStart[Int(query.columns[$1])]
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
        scratch.nextGeneration()
        let generation = scratch.generation
        accumulateBlocks(scratch: &scratch)
        scratch.partColumns.removeAll(keepingCapacity: true)
        scratch.partQuery.removeAll(keepingCapacity: true)
        scratch.partRaw.removeAll(keepingCapacity: true)
        for (c, v) in zip(query.columns, query.values) {
            scratch.dense[Int(c)] = v
            scratch.queryBits[Int(c) >> 6] |= 1 << UInt64(c & 63)
        }
        defer {
            for c in query.columns {
                scratch.dense[Int(c)] = 0
                scratch.queryBits[Int(c) >> 6] = 0
            }
        }
        let bar0 = initialBar
        let majorText = scratch.majors
        let majorOcc = scratch.majorOcc
        // Majors the text or occupation parts touched but no block did.
        func touch(_ rows: ContiguousArray<Int32>) {
            for t in rows where scratch.majorStamp[Int(t)] != generation {
                scratch.majorStamp[Int(t)] = generation
                scratch.majorRest[Int(t)] = 0
                scratch.touchedMajors.append(t)
            }
        }
        touch(majorText.touchedRows)
        touch(majorOcc.touchedRows)
        // Each major's bound covers every profile of it: the largest 1 / norm, the occupation part
        // whether or not a profile inherits it, and the blocks' maxima for its own part.
        scratch.majorHeap.removeAll(keepingCapacity: true)
        for t in scratch.touchedMajors {
            let m = Int(t)
            let inverseNorm = lists.maxInverseNorm[m]
            guard inverseNorm >= 0 else { continue }
            let x = ProfileBounds.safe(
                fit[m] * (majorText.value(of: m) * inverseNorm + majorOcc.value(of: m) + scratch.majorRest[m] + slack))
            if x >= bar0 { scratch.majorHeap.append((x, t)) }
        }
        MaxHeap.heapify(&scratch.majorHeap) { $0.bound }
        // The bound of profile `p` from its major's parts and its own part `own`.
        func bound(_ p: Int, own: Float) -> Float {
            let m = Int(profileMajor[p])
            let occ = b.inherits[p] ? majorOcc.value(of: m) : 0
            return ProfileBounds.safe(fit[p] * (majorText.value(of: m) * b.inverseNorm[p] + occ + own))
        }
        func nextUntouched(_ list: Int, from i: Int, _ scratch: borrowing ProfileSearchScratch) -> Int {
            var i = i
            while i < lists.start[list + 1] && scratch.profileStamp[Int(lists.profiles[i])] == generation { i += 1 }
            return i
        }
        scratch.touched.removeAll(keepingCapacity: true)
        scratch.heads.removeAll(keepingCapacity: true)
        var bar = bar0
        while true {
            let t = scratch.touched.first?.bound ?? -.infinity
            let h = scratch.heads.first?.bound ?? -.infinity
            let u = scratch.majorHeap.first?.bound ?? -.infinity
            if u > Swift.max(t, h) {
                // No known profile beats the best unexpanded major: expand it, or stop.
                guard u >= bar else { return }
                let m = Int(scratch.majorHeap[0].major)
                MaxHeap.popFirst(&scratch.majorHeap) { $0.bound }
                expand(major: m, query: query, scratch: &scratch)
                for q in scratch.expanded {
                    let p = Int(q)
                    guard hasPrograms[p] else { continue }
                    let x = bound(p, own: scratch.profileRest[p])
                    if x >= bar { MaxHeap.push(&scratch.touched, (x, q)) { $0.bound } }
                }
                for list in [2 * m, 2 * m + 1] {
                    let i = nextUntouched(list, from: lists.start[list], scratch)
                    guard i < lists.start[list + 1] else { continue }
                    let x = bound(Int(lists.profiles[i]), own: 0)
                    if x >= bar { MaxHeap.push(&scratch.heads, (x, Int32(list), i)) { $0.bound } }
                }
                continue
            }
            guard Swift.max(t, h) >= bar, Swift.max(t, h) > -.infinity else { return }
            let p: Int
            if t >= h {
                p = Int(scratch.touched[0].profile)
                MaxHeap.popFirst(&scratch.touched) { $0.bound }
            } else {
                let head = scratch.heads[0]
                let list = Int(head.list)
                p = Int(lists.profiles[head.at])
                let i = nextUntouched(list, from: head.at + 1, scratch)
                if i < lists.start[list + 1] {
                    let x = bound(Int(lists.profiles[i]), own: 0)
                    MaxHeap.replaceFirst(&scratch.heads, with: (x, head.list, i)) { $0.bound }
                } else {
                    MaxHeap.popFirst(&scratch.heads) { $0.bound }
                }
            }
            let score = fit[p] * exactScore(profile: p, query: query, scratch: &scratch)
            bar = Swift.max(bar, visit(p, score))
        }
    }

    /// Sums, per major, the maxima of its blocks in the query's essential columns.
    /// - Complexity: the blocks of the essential columns.
    private func accumulateBlocks(scratch: inout ProfileSearchScratch) {
        let b = bounds
        let generation = scratch.generation
        scratch.touchedMajors.removeAll(keepingCapacity: true)
        b.blocks.withUnsafeBufferPointer { blocks in
            scratch.majorStamp.withUnsafeMutableBufferPointer { stamp in
                scratch.majorRest.withUnsafeMutableBufferPointer { rest in
                    for (c, q) in zip(scratch.essentialColumns, scratch.essentialValues) {
                        for e in b.blockStart[Int(c)]..<b.blockStart[Int(c) + 1] {
                            let m = Int(blocks[e].major)
                            if stamp[m] != generation {
                                stamp[m] = generation
                                rest[m] = 0
                                scratch.touchedMajors.append(Int32(m))
                            }
                            rest[m] += q * blocks[e].max
                        }
                    }
                }
            }
        }
    }

    /// Sums the `rest` part of each profile of `major` over all the query's columns (skipped ones
    /// included, so the sums are exact): the query's columns are searched in the major's blocks,
    /// which are in ascending column order. The profiles touched are left in `scratch.expanded`.
    /// - Complexity: O(query columns × log blocks of the major) plus the postings of those blocks.
    private func expand(major m: Int, query: SparseVector, scratch: inout ProfileSearchScratch) {
        let b = bounds
        let generation = scratch.generation
        scratch.expanded.removeAll(keepingCapacity: true)
        var lo = b.majorBlockStart[m]
        let end = b.majorBlockStart[m + 1]
        b.majorBlockColumn.withUnsafeBufferPointer { blockColumn in
            b.restProfile.withUnsafeBufferPointer { restProfile in
                b.restValue.withUnsafeBufferPointer { restValue in
                    scratch.profileStamp.withUnsafeMutableBufferPointer { stamp in
                        scratch.profileRest.withUnsafeMutableBufferPointer { rest in
                            for (c, q) in zip(query.columns, query.values) {
                                lo = partitionPoint(lo..<end) { blockColumn[$0] < c }
                                guard lo < end else { break }
                                guard blockColumn[lo] == c else { continue }
                                let postings = b.majorBlockPostings[lo]
                                lo += 1
                                for i in Int(postings.begin)..<Int(postings.end) {
                                    let p = Int(restProfile[i])
                                    if stamp[p] != generation {
                                        stamp[p] = generation
                                        rest[p] = 0
                                        scratch.expanded.append(Int32(p))
                                    }
                                    rest[p] += q * restValue[i]
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `query.dot(row: p, of: profiles)`, bit for bit, without reading the whole row: the same
    /// products in the same ascending column order, over the columns the query shares with the
    /// row. Those are the query's columns in the major's text row (found once per query and
    /// major), valued `majorText / norm` as the row stores them, merged with the row's own
    /// entries (read through the query's bit set), which take precedence.
    /// - Complexity: O(own entries + shared columns), plus once per major
    ///   O(query columns × log(major row)).
    func exactScore(profile p: Int, query: SparseVector, scratch: inout ProfileSearchScratch) -> Float {
        let b = bounds
        var i = 0
        var end = 0
        if b.usesMajor[p] {
            let m = Int(profileMajor[p])
            if scratch.partStamp[m] != scratch.generation { sharedColumns(major: m, query: query, scratch: &scratch) }
            i = Int(scratch.partStart[m])
            end = Int(scratch.partEnd[m])
        }
        let norm = b.norm[p]
        var sum: Float = 0
        scratch.dense.withUnsafeBufferPointer { d in
            scratch.queryBits.withUnsafeBufferPointer { bits in
                b.own.columns.withUnsafeBufferPointer { cols in
                    b.own.values.withUnsafeBufferPointer { vals in
                        var j = b.own.rowStart[p]
                        let ownEnd = b.own.rowStart[p + 1]
                        while true {
                            while j < ownEnd && bits[Int(cols[j]) &>> 6] & (1 &<< UInt64(cols[j] & 63)) == 0 { j += 1 }
                            let own = j < ownEnd ? cols[j] : Int32.max
                            let major = i < end ? scratch.partColumns[i] : Int32.max
                            if own == Int32.max && major == Int32.max { break }
                            if own <= major {
                                sum += d[Int(own)] * vals[j]
                                j += 1
                                if own == major { i += 1 }
                            } else {
                                sum += scratch.partQuery[i] * (scratch.partRaw[i] / norm)
                                i += 1
                            }
                        }
                    }
                }
            }
        }
        return sum
    }

    /// Finds the query's columns in major `m`'s text row, for `exactScore`.
    /// - Complexity: O(query columns × log(major row)).
    private func sharedColumns(major m: Int, query: SparseVector, scratch: inout ProfileSearchScratch) {
        let b = bounds
        scratch.partStamp[m] = scratch.generation
        scratch.partStart[m] = Int32(scratch.partColumns.count)
        let text = b.majorText
        var lo = text.rowStart[m]
        let end = text.rowStart[m + 1]
        for (c, q) in zip(query.columns, query.values) {
            lo = partitionPoint(lo..<end) { text.columns[$0] < c }
            guard lo < end else { break }
            if text.columns[lo] == c {
                scratch.partColumns.append(c)
                scratch.partQuery.append(q)
                scratch.partRaw.append(text.values[lo])
                lo += 1
            }
        }
        scratch.partEnd[m] = Int32(scratch.partColumns.count)
    }
}
