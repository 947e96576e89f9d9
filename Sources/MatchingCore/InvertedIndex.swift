public import Parallel

/// An inverted index over the rows of a `SparseMatrix`: for each column, the rows that hold it.
///
/// Postings are in CSR form: column `c`'s postings are `postingRows[postingStart[c]..<postingStart[c+1]]`
/// (rows ascending) with the matching `postingValues`.
public struct InvertedIndex: Sendable {
    /// Number of indexed rows.
    public let rowCount: Int
    /// Number of columns (dimensions).
    public let columnCount: Int
    /// Start of each column's postings; `columnCount + 1` entries.
    public let postingStart: ContiguousArray<Int>
    /// Row id of each posting.
    public let postingRows: ContiguousArray<Int32>
    /// Value of each posting (the row's value at that column).
    public let postingValues: ContiguousArray<Float>
    /// Whether every stored value is positive (and finite), which allows the faster accumulation.
    public let allPositive: Bool
    /// The smallest posting value (+infinity when there are none).
    public let minimumValue: Float

    /// Indexes the rows of `matrix`.
    /// - Complexity: O(rows + columns + nnz).
    public init(_ matrix: SparseMatrix) {
        rowCount = matrix.rowCount
        columnCount = matrix.columnCount
        var start = ContiguousArray<Int>(repeating: 0, count: columnCount + 1)
        for c in matrix.columns { start[Int(c) + 1] += 1 }
        for c in 0..<columnCount { start[c + 1] += start[c] }
        var fill = start
        var rows = ContiguousArray<Int32>(repeating: 0, count: matrix.nonzeroCount)
        var vals = ContiguousArray<Float>(repeating: 0, count: matrix.nonzeroCount)
        for r in 0..<matrix.rowCount {
            for i in matrix.range(ofRow: r) {
                let c = Int(matrix.columns[i])
                rows[fill[c]] = Int32(r)
                vals[fill[c]] = matrix.values[i]
                fill[c] += 1
            }
        }
        postingStart = start
        postingRows = rows
        postingValues = vals
        allPositive = vals.allSatisfy { $0 > 0 && $0.isFinite }
        minimumValue = vals.min() ?? .infinity
    }
}

/// A row and its score, as returned by top-k queries.
public struct ScoredRow: Sendable, Equatable, Hashable {
    /// The row id.
    public var row: Int32
    /// `weight(row) * dot(query, row)`.
    public var score: Float

    /// A scored row.
    @inlinable
    public init(row: Int32, score: Float) {
        self.row = row
        self.score = score
    }
}

/// Reusable buffers for top-k queries over one index: a dense accumulator, a touched list and the
/// bounded selection. One per thread.
public struct TopKScratch: Sendable {
    @usableFromInline var accumulator: ContiguousArray<Float>
    @usableFromInline var stamp: ContiguousArray<UInt32>
    @usableFromInline var generation: UInt32 = 0
    @usableFromInline var touched: ContiguousArray<Int32> = []
    @usableFromInline var selection = BoundedTopK(k: 0)
    /// Per row, 1 when the dense path touched it in the current query (all 0 between queries).
    @usableFromInline var seen: ContiguousArray<UInt8>

    /// The rows touched by the last `accumulate`, in order of first touch (ascending when it took
    /// the dense path).
    @inlinable public var touchedRows: ContiguousArray<Int32> { touched }

    /// The sum of row `r` after the last `accumulate`, or 0 when it was not touched.
    @inlinable
    public func value(of r: Int) -> Float { stamp[r] == generation ? accumulator[r] : 0 }

    /// Whether the last `accumulate` touched row `r`.
    @inlinable
    public func isTouched(_ r: Int) -> Bool { stamp[r] == generation }

    /// Buffers for an index over `rowCount` rows.
    public init(rowCount: Int) {
        accumulator = ContiguousArray(repeating: 0, count: rowCount)
        stamp = ContiguousArray(repeating: 0, count: rowCount)
        seen = ContiguousArray(repeating: 0, count: rowCount)
    }
}

extension InvertedIndex {
    /// The `k` rows with the highest `weight(row) * dot(query, row)` that is ≥ `floor`, best
    /// first, ties by ascending row. Only rows sharing a column with the query are candidates.
    ///
    /// Accumulates over the query's postings into `scratch` (never scanning all rows), then
    /// selects with a bounded heap. Dot products are summed in ascending column order, so the
    /// scores equal `query.dot(row:of:)` bit for bit.
    /// - Complexity: O(P + T log k) for P postings visited and T rows touched.
    @inlinable
    public func topK(
        query: SparseVector, k: Int, floor: Float = -.infinity, scratch: inout TopKScratch,
        weight: (Int) -> Float
    ) -> [ScoredRow] {
        var out: [ScoredRow] = []
        query.columns.withUnsafeBufferPointer { qc in
            query.values.withUnsafeBufferPointer { qv in
                appendTopK(queryColumns: qc, queryValues: qv, k: k, floor: floor, scratch: &scratch, weight: weight) {
                    out.append($0)
                }
            }
        }
        return out
    }

    /// `topK(query:k:floor:scratch:weight:)` with fresh scratch and weight 1.
    /// - Complexity: O(rows) for the scratch plus the query's cost.
    public func topK(query: SparseVector, k: Int, floor: Float = -.infinity) -> [ScoredRow] {
        var scratch = TopKScratch(rowCount: rowCount)
        return topK(query: query, k: k, floor: floor, scratch: &scratch) { _ in 1 }
    }

    /// The engine of top-k: emits the selected rows best first through `emit`.
    @inlinable
    func appendTopK(
        queryColumns: UnsafeBufferPointer<Int32>, queryValues: UnsafeBufferPointer<Float>, k: Int,
        floor: Float, scratch: inout TopKScratch, weight: (Int) -> Float, emit: (ScoredRow) -> Void
    ) {
        guard k > 0 else { return }
        let listed = accumulate(
            queryColumns: queryColumns, queryValues: queryValues, scratch: &scratch, listTouched: false)
        scratch.selection.reset(k: k)
        func consider(_ r: Int, _ sum: Float) {
            let s = weight(r) * sum
            guard s >= floor else { return }  // also drops NaN
            scratch.selection.offer(ScoredRow(row: Int32(truncatingIfNeeded: r), score: s))
        }
        if listed {
            let acc = scratch.accumulator
            for t in scratch.touched { consider(Int(t), acc[Int(t)]) }
        } else {
            // Touched rows unlisted: they are the rows whose sum is not +0; each is set back to +0.
            var acc = ContiguousArray<Float>()
            swap(&acc, &scratch.accumulator)
            acc.withUnsafeMutableBufferPointer { acc in
                for r in 0..<acc.count where acc[r] != 0 {
                    consider(r, acc[r])
                    acc[r] = 0
                }
            }
            swap(&acc, &scratch.accumulator)
        }
        scratch.selection.drain(emit)
    }

    /// Sums `dot(query, row)` for every row that shares a column with the query into `scratch`:
    /// afterwards `scratch.touched` lists those rows (in order of first touch, or ascending when the
    /// query's postings outnumber the rows) and
    /// `scratch.value(of:)` gives each one's sum. Columns are summed in query order, so for a query
    /// with ascending columns each sum equals `query.dot(row:of:)` bit for bit.
    /// - Complexity: O(P) for the P postings of the query's columns.
    @inlinable
    public func accumulate(
        queryColumns: UnsafeBufferPointer<Int32>, queryValues: UnsafeBufferPointer<Float>, scratch: inout TopKScratch
    ) {
        _ = accumulate(queryColumns: queryColumns, queryValues: queryValues, scratch: &scratch, listTouched: true)
    }

    /// `accumulate`; with `listTouched` false it may leave the touched rows unlisted, which it
    /// reports by returning false: then the touched rows are exactly those whose sum is not +0,
    /// and the caller must set every such slot back to +0 before the next query.
    @inlinable
    func accumulate(
        queryColumns: UnsafeBufferPointer<Int32>, queryValues: UnsafeBufferPointer<Float>, scratch: inout TopKScratch,
        listTouched: Bool
    ) -> Bool {
        precondition(scratch.accumulator.count == rowCount, "scratch was made for another index")
        if scratch.generation == UInt32.max {
            for i in scratch.stamp.indices { scratch.stamp[i] = 0 }
            scratch.generation = 0
        }
        scratch.generation += 1
        let generation = scratch.generation
        // Rows touched last time hold their sums; clearing them keeps every slot at +0 between
        // queries, which the positive path below relies on.
        scratch.accumulator.withUnsafeMutableBufferPointer { acc in
            for t in scratch.touched { acc[Int(t)] = 0 }
        }
        scratch.touched.removeAll(keepingCapacity: true)
        // A query whose postings outnumber the rows touches most of them: summing without the
        // first-touch test and collecting the touched rows in one pass over a byte per row costs
        // less than a branch per posting.
        var postings = 0
        for q in 0..<queryColumns.count {
            let c = Int(queryColumns[q])
            if c >= 0 && c < columnCount { postings += postingStart[c + 1] - postingStart[c] }
        }
        if postings >= rowCount {
            return accumulateDense(
                queryColumns: queryColumns, queryValues: queryValues, scratch: &scratch, listTouched: listTouched)
        }
        var positive = allPositive
        if positive { for q in 0..<queryValues.count where !(queryValues[q] > 0 && queryValues[q].isFinite) { positive = false } }
        postingStart.withUnsafeBufferPointer { start in
            postingRows.withUnsafeBufferPointer { rows in
                postingValues.withUnsafeBufferPointer { vals in
                    scratch.accumulator.withUnsafeMutableBufferPointer { acc in
                        scratch.stamp.withUnsafeMutableBufferPointer { stamp in
                            if positive {
                                // Every product is positive, so a slot is +0 until its row's first
                                // posting: the stamp is read only then (a product that underflows
                                // to +0 leaves the slot at +0, and the stamp keeps the row from
                                // being recorded twice).
                                for q in 0..<queryColumns.count {
                                    let c = Int(queryColumns[q])
                                    guard c >= 0 && c < columnCount else { continue }
                                    let qv = queryValues[q]
                                    for p in start[c]..<start[c + 1] {
                                        let r = Int(rows[p])
                                        let x = acc[r]
                                        if x == 0 && stamp[r] != generation {
                                            stamp[r] = generation
                                            scratch.touched.append(Int32(truncatingIfNeeded: r))
                                        }
                                        acc[r] = x + qv * vals[p]
                                    }
                                }
                            } else {
                                for q in 0..<queryColumns.count {
                                    let c = Int(queryColumns[q])
                                    guard c >= 0 && c < columnCount else { continue }
                                    let qv = queryValues[q]
                                    for p in start[c]..<start[c + 1] {
                                        let r = Int(rows[p])
                                        if stamp[r] != generation {
                                            stamp[r] = generation
                                            acc[r] = 0
                                            scratch.touched.append(Int32(truncatingIfNeeded: r))
                                        }
                                        acc[r] += qv * vals[p]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return true
    }

    /// The dense path of `accumulate` (its caller has stamped the generation and cleared the
    /// previous sums): every posting adds its product and marks its row, then one pass over the
    /// rows collects the marked ones in ascending order. Each row's sum takes the same products in
    /// the same order as the sparse path, so the same bits.
    /// - Complexity: O(P + rows).
    @inlinable
    func accumulateDense(
        queryColumns: UnsafeBufferPointer<Int32>, queryValues: UnsafeBufferPointer<Float>, scratch: inout TopKScratch,
        listTouched: Bool
    ) -> Bool {
        let generation = scratch.generation
        // With positive postings and query values whose every product is a normal float, a row's
        // sum is positive exactly when the row was touched: no mark per posting is needed.
        var smallest = Float.infinity
        var finite = true
        for q in 0..<queryValues.count {
            smallest = Swift.min(smallest, queryValues[q])
            finite = finite && queryValues[q].isFinite
        }
        let marked = !(allPositive && finite && smallest > 0 && smallest * minimumValue >= Float.leastNormalMagnitude)
        postingStart.withUnsafeBufferPointer { start in
            postingRows.withUnsafeBufferPointer { rows in
                postingValues.withUnsafeBufferPointer { vals in
                    scratch.accumulator.withUnsafeMutableBufferPointer { acc in
                        scratch.seen.withUnsafeMutableBufferPointer { seen in
                            for q in 0..<queryColumns.count {
                                let c = Int(queryColumns[q])
                                guard c >= 0 && c < columnCount else { continue }
                                let qv = queryValues[q]
                                if marked {
                                    for p in start[c]..<start[c + 1] {
                                        let r = Int(rows[p])
                                        acc[r] += qv * vals[p]
                                        seen[r] = 1
                                    }
                                } else {
                                    for p in start[c]..<start[c + 1] { acc[Int(rows[p])] += qv * vals[p] }
                                }
                            }
                            guard marked || listTouched else { return }
                            scratch.stamp.withUnsafeMutableBufferPointer { stamp in
                                scratch.touched = ContiguousArray(unsafeUninitializedCapacity: acc.count) { touched, n in
                                    n = 0
                                    for r in 0..<acc.count where marked ? seen[r] != 0 : acc[r] != 0 {
                                        seen[r] = 0
                                        stamp[r] = generation
                                        touched[n] = Int32(truncatingIfNeeded: r)
                                        n += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return marked || listTouched
    }
}

/// Top-k results of many queries in flat arrays: query `q`'s rows are
/// `rows[offsets[q]..<offsets[q+1]]`, best first, with the matching `scores`.
public struct TopKBatchResult: Sendable, Equatable {
    /// Start of each query's results; `queryCount + 1` entries.
    public var offsets: ContiguousArray<Int>
    /// Selected row ids.
    public var rows: ContiguousArray<Int32>
    /// Scores of the selected rows.
    public var scores: ContiguousArray<Float>

    /// Flat results from their arrays.
    public init(offsets: ContiguousArray<Int>, rows: ContiguousArray<Int32>, scores: ContiguousArray<Float>) {
        self.offsets = offsets
        self.rows = rows
        self.scores = scores
    }

    /// Query `q`'s results, best first.
    public func results(ofQuery q: Int) -> [ScoredRow] {
        (offsets[q]..<offsets[q + 1]).map { ScoredRow(row: rows[$0], score: scores[$0]) }
    }
}

/// One chunk's output, written only by the worker that owns the chunk.
@usableFromInline
struct TopKChunkOutput: Sendable {
    @usableFromInline var counts: ContiguousArray<Int> = []
    @usableFromInline var rows: ContiguousArray<Int32> = []
    @usableFromInline var scores: ContiguousArray<Float> = []
    @usableFromInline init() {}
}

extension InvertedIndex {
    /// Runs `topK` for every row of `queries` on `threads` threads.
    ///
    /// Queries are split into fixed chunks of `chunkSize` (`mapChunks`): worker `w` takes chunks
    /// `w, w+threads, …` with its own scratch, and the chunks' outputs are joined in chunk order.
    /// The output is therefore identical for any thread count.
    /// - Complexity: the sum of the queries' costs, divided over the threads, plus
    ///   O(threads × rows) for the scratch.
    @inlinable
    public func topKBatch(
        queries: SparseMatrix, k: Int, floor: Float = -.infinity, threads: Int = 1, chunkSize: Int = 64,
        weight: @Sendable (Int) -> Float
    ) -> TopKBatchResult {
        topKBatch(queries: queries, k: k, floor: floor, threads: threads, chunkSize: chunkSize) { _, row in
            weight(row)
        }
    }

    /// `topKBatch` with a weight that depends on the query too: `pairWeight(query, row)`
    /// multiplies the dot product (for example, a penalty for a level mismatch).
    /// - Complexity: as `topKBatch(queries:k:floor:threads:chunkSize:weight:)`.
    @inlinable
    public func topKBatch(
        queries: SparseMatrix, k: Int, floor: Float = -.infinity, threads: Int = 1, chunkSize: Int = 64,
        pairWeight: @Sendable (_ query: Int, _ row: Int) -> Float
    ) -> TopKBatchResult {
        let queryCount = queries.rowCount
        let chunk = Swift.max(1, chunkSize)
        let outputs = mapChunks(
            count: queryCount, chunk: chunk, threads: threads, state: TopKScratch(rowCount: self.rowCount)
        ) { range, scratch in
            var output = TopKChunkOutput()
            output.counts.reserveCapacity(range.count)
            queries.columns.withUnsafeBufferPointer { qc in
                queries.values.withUnsafeBufferPointer { qv in
                    for q in range {
                        let span = queries.range(ofRow: q)
                        let before = output.rows.count
                        let columns = UnsafeBufferPointer(rebasing: qc[span])
                        let values = UnsafeBufferPointer(rebasing: qv[span])
                        self.appendTopK(
                            queryColumns: columns, queryValues: values,
                            k: k, floor: floor, scratch: &scratch, weight: { pairWeight(q, $0) }
                        ) { e in
                            output.rows.append(e.row)
                            output.scores.append(e.score)
                        }
                        output.counts.append(output.rows.count - before)
                    }
                }
            }
            return output
        }
        var result = TopKBatchResult(offsets: [0], rows: [], scores: [])
        result.offsets.reserveCapacity(queryCount + 1)
        for o in outputs {
            for n in o.counts { result.offsets.append(result.offsets[result.offsets.count - 1] + n) }
            result.rows.append(contentsOf: o.rows)
            result.scores.append(contentsOf: o.scores)
        }
        return result
    }
}
