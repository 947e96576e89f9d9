import MatchingCore

/// Per-thread buffers of the profile search.
struct ProfileSearchScratch {
    /// The query's sums over the majors' text and occupation rows.
    var majors: TopKScratch
    var majorOcc: TopKScratch
    /// The block-max search over the profiles' own parts.
    var search: BlockMaxScratch
    /// What `exactScore` reads of the current query.
    var exact: ExactScoreScratch

    init(bounds: ProfileBounds) {
        majors = TopKScratch(rowCount: bounds.majorRaw.rowCount)
        majorOcc = TopKScratch(rowCount: bounds.majorOcc.rowCount)
        search = BlockMaxScratch(index: bounds.rest)
        exact = ExactScoreScratch(majorCount: bounds.majorRaw.rowCount, columnCount: bounds.rest.columnCount)
    }
}

/// The current query as `exactScore` reads it, and the columns it shares with each major's text
/// row once found.
struct ExactScoreScratch {
    /// The current query's stamp for `partStamp`.
    var generation: UInt32 = 0
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
    /// The query spread over all columns (zeros elsewhere), for exact scores in one pass per row.
    var dense: [Float]
    /// The query's columns as a bit set (bit `c & 63` of word `c >> 6`), to skip the others cheaply.
    var queryBits: [UInt64]

    init(majorCount: Int, columnCount: Int) {
        partStamp = [UInt32](repeating: 0, count: majorCount)
        partStart = [Int32](repeating: 0, count: majorCount)
        partEnd = [Int32](repeating: 0, count: majorCount)
        dense = [Float](repeating: 0, count: columnCount)
        queryBits = [UInt64](repeating: 0, count: (columnCount + 63) / 64)
    }

    /// Starts `query`: a new stamp (no major's shared columns known), the query spread out.
    mutating func begin(_ query: SparseVector) {
        if generation == UInt32.max {
            for i in partStamp.indices { partStamp[i] = 0 }
            generation = 0
        }
        generation += 1
        partColumns.removeAll(keepingCapacity: true)
        partQuery.removeAll(keepingCapacity: true)
        partRaw.removeAll(keepingCapacity: true)
        for (c, v) in zip(query.columns, query.values) {
            dense[Int(c)] = v
            queryBits[Int(c) >> 6] |= 1 << UInt64(c & 63)
        }
    }

    /// Ends `query`: `dense` and `queryBits` back to zeros.
    mutating func end(_ query: SparseVector) {
        for c in query.columns {
            dense[Int(c)] = 0
            queryBits[Int(c) >> 6] = 0
        }
    }
}

extension MatchSpace {
    /// Visits the profiles of `lists` that share a column with `query`, in descending order of a
    /// safe upper bound on `fit[profile] × dot(query, profile)`, until `visit` returns a bar above
    /// the next bound. `visit` gets the profile and its exact weighted score (the same bits as the
    /// inverted index would give) and returns the score a later profile must reach to matter.
    ///
    /// The search is MatchingCore's `BlockMaxIndex.search` over `bounds.rest` with majors as blocks:
    /// a major's bound covers all its profiles (the largest 1 / norm, the occupation part whether or
    /// not a profile inherits it, the blocks' maxima for its own part), and a profile's is its
    /// major's text part over its own norm, the occupation part it inherits, and its own part.
    /// A major touched by nothing but skipped columns scores at most `slack` ≤ `initialBar / 2`.
    /// - Complexity: the postings of the query's columns in the two small indices and the blocks
    ///   of its columns, plus the postings of the majors expanded, plus O(log n) per profile
    ///   visited and its `exactScore`.
    func searchProfiles(
        query: SparseVector, fit: [Float], lists: BlockRowLists, initialBar: Float, slackCap: Float = ProfileBounds.slackCap,
        scratch: inout ProfileSearchScratch, visit: (_ profile: Int, _ score: Float) -> Float
    ) {
        let b = bounds
        query.columns.withUnsafeBufferPointer { qc in
            query.values.withUnsafeBufferPointer { qv in
                b.majorRaw.accumulate(queryColumns: qc, queryValues: qv, scratch: &scratch.majors)
                b.majorOcc.accumulate(queryColumns: qc, queryValues: qv, scratch: &scratch.majorOcc)
            }
        }
        scratch.exact.begin(query)
        defer { scratch.exact.end(query) }
        let majorText = scratch.majors
        let majorOcc = scratch.majorOcc
        let profileMajor = self.profileMajor
        func majorBound(_ m: Int, rest: Float) -> Float {
            ProfileBounds.safe(fit[m] * (majorText.value(of: m) * lists.maxKey[m] + majorOcc.value(of: m) + rest))
        }
        func profileBound(_ p: Int, own: Float) -> Float {
            let m = Int(profileMajor[p])
            let occ = b.inherits[p] ? majorOcc.value(of: m) : 0
            return ProfileBounds.safe(fit[p] * (majorText.value(of: m) * b.inverseNorm[p] + occ + own))
        }
        var exact = ExactScoreScratch(majorCount: 0, columnCount: 0)
        swap(&exact, &scratch.exact)
        defer { swap(&exact, &scratch.exact) }
        b.rest.search(
            query: query, bar: initialBar, slackLimit: Swift.min(slackCap, initialBar / 2),
            otherBlocks: [majorText.touchedRows, majorOcc.touchedRows], lists: lists, scratch: &scratch.search,
            blockBound: majorBound, rowBound: profileBound,
            visit: { p in visit(p, fit[p] * exactScore(profile: p, query: query, scratch: &exact)) })
    }

    /// `query.dot(row: p, of: profiles)`, bit for bit, without reading the whole row: the same
    /// products in the same ascending column order, over the columns the query shares with the
    /// row. Those are the query's columns in the major's text row (found once per query and
    /// major), valued `majorText / norm` as the row stores them, merged with the row's own
    /// entries (read through the query's bit set), which take precedence. `scratch` holds the
    /// query (`begin`).
    /// - Complexity: O(own entries + shared columns), plus once per major
    ///   O(query columns × log(major row)).
    func exactScore(profile p: Int, query: SparseVector, scratch: inout ExactScoreScratch) -> Float {
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
    private func sharedColumns(major m: Int, query: SparseVector, scratch: inout ExactScoreScratch) {
        let b = bounds
        scratch.partStamp[m] = scratch.generation
        scratch.partStart[m] = Int32(scratch.partColumns.count)
        let text = b.majorText
        var lo = text.rowStart[m]
        let end = text.rowStart[m + 1]
        for (c, q) in zip(query.columns, query.values) {
            lo = (lo..<end).partitioningIndex { text.columns[$0] >= c }
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
