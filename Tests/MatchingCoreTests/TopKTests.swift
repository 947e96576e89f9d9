import MatchingCore
import TestSupport
import Testing

/// Exhaustive reference: score every row sharing a column with the query, sort, cut.
func exhaustiveTopK(
    _ matrix: SparseMatrix, query: SparseVector, k: Int, floor: Float, weight: (Int) -> Float
) -> [ScoredRow] {
    var all: [ScoredRow] = []
    let queryColumns = Set(query.columns)
    for r in 0..<matrix.rowCount {
        let shares = matrix.range(ofRow: r).contains { queryColumns.contains(matrix.columns[$0]) }
        guard shares else { continue }
        let s = weight(r) * query.dot(row: r, of: matrix)
        if s >= floor { all.append(ScoredRow(row: Int32(r), score: s)) }
    }
    all.sort { $0.score > $1.score || ($0.score == $1.score && $0.row < $1.row) }
    return Array(all.prefix(k))
}

@Suite struct TopKTests {
    @Test func builderSortsAndMerges() {
        var b = SparseMatrix.Builder(columnCount: 5)
        b.append(column: 3, value: 1)
        b.append(column: 1, value: 2)
        b.append(column: 3, value: 0.5)
        b.append(column: 4, value: 0)
        b.finishRow()
        b.finishRow()
        let m = b.build()
        #expect(m.rowCount == 2)
        #expect(Array(m.rowStart) == [0, 2, 2])
        #expect(Array(m.columns) == [1, 3])
        #expect(Array(m.values) == [2, 1.5])
    }

    /// Top-k of every query of `queries` under each (k, floor) equals the exhaustive scan, on one
    /// scratch; returns how many queries took the dense path (more postings than rows).
    @discardableResult
    static func expectExhaustive(
        _ m: SparseMatrix, _ queries: SparseMatrix, cases: [(Int, Float)], weights: [Float]
    ) -> (dense: Int, sparse: Int) {
        let index = InvertedIndex(m)
        var scratch = TopKScratch(rowCount: m.rowCount)
        var paths = (dense: 0, sparse: 0)
        for q in 0..<queries.rowCount {
            let query = queries.row(q)
            let postings = query.columns.reduce(0) { $0 + index.postingStart[Int($1) + 1] - index.postingStart[Int($1)] }
            if postings >= m.rowCount { paths.dense += 1 } else { paths.sparse += 1 }
            for (k, floor) in cases {
                let fast = index.topK(query: query, k: k, floor: floor, scratch: &scratch) { weights[$0] }
                let slow = exhaustiveTopK(m, query: query, k: k, floor: floor) { weights[$0] }
                #expect(fast == slow)
            }
        }
        return paths
    }

    @Test(arguments: 0..<10)
    func matchesExhaustiveScan(seed: UInt64) throws {
        var rng = SeededRandom(seed: 500 + seed)
        // Few distinct values and columns: many exact ties.
        let values: [Float] = seed % 2 == 0 ? [1, 2, 0.5] : [0.25, 1, -1, 3]
        let m = RandomInstances.sparseMatrix(rows: 300, columns: 40, maxPerRow: 6, values: values, rng: &rng)
        let queries = RandomInstances.sparseMatrix(rows: 40, columns: 40, maxPerRow: 5, values: values, rng: &rng)
        let weights = (0..<m.rowCount).map { _ in Float([1, 1, 0.5, 2][rng.int(0...3)]) }
        Self.expectExhaustive(m, queries, cases: [(1, -.infinity), (5, 1), (10, 0), (1_000, 2)], weights: weights)
    }

    @Test("queries with more postings than rows (dense path) and fewer (sparse path) alternate on one scratch", arguments: 0..<6)
    func denseAndSparsePaths(seed: UInt64) throws {
        var rng = SeededRandom(seed: 700 + seed)
        let values: [Float] = seed % 2 == 0 ? [1, 2, 0.5] : [0.25, 1, -1, 3]
        let m = RandomInstances.sparseMatrix(rows: 60, columns: 12, maxPerRow: 6, values: values, rng: &rng)
        let queries = RandomInstances.sparseMatrix(rows: 60, columns: 12, maxPerRow: 8, values: values, rng: &rng)
        let paths = Self.expectExhaustive(
            m, queries, cases: [(1, -.infinity), (7, 0.5), (1_000, -.infinity)],
            weights: [Float](repeating: 1, count: m.rowCount))
        #expect(paths.dense > 5 && paths.sparse > 5, "\(paths)")
    }

    @Test("positive and mixed-sign queries alternate on one scratch (both accumulation paths)")
    func alternatingPaths() throws {
        var rng = SeededRandom(seed: 91)
        let m = RandomInstances.sparseMatrix(rows: 400, columns: 30, maxPerRow: 6, values: [1, 2, 0.5], rng: &rng)
        let index = InvertedIndex(m)
        #expect(index.allPositive)
        let positive = RandomInstances.sparseMatrix(rows: 30, columns: 30, maxPerRow: 5, values: [1, 2], rng: &rng)
        let mixed = RandomInstances.sparseMatrix(rows: 30, columns: 30, maxPerRow: 5, values: [1, -2, 0.5], rng: &rng)
        var scratch = TopKScratch(rowCount: m.rowCount)
        for q in 0..<30 {
            for query in [positive.row(q), mixed.row(q), positive.row((q + 7) % 30)] {
                let fast = index.topK(query: query, k: 8, floor: -.infinity, scratch: &scratch) { _ in 1 }
                let slow = exhaustiveTopK(m, query: query, k: 8, floor: -.infinity) { _ in 1 }
                #expect(fast == slow)
            }
        }
    }

    @Test func batchIsIdenticalAcrossThreadCounts() throws {
        var rng = SeededRandom(seed: 77)
        let m = RandomInstances.sparseMatrix(rows: 3_000, columns: 200, maxPerRow: 12, values: [1, 0.5, 2, 0.25], rng: &rng)
        let queries = RandomInstances.sparseMatrix(rows: 700, columns: 200, maxPerRow: 8, values: [1, 2], rng: &rng)
        let index = InvertedIndex(m)
        let weight: @Sendable (Int) -> Float = { Float(1 + $0 % 3) }
        let one = index.topKBatch(queries: queries, k: 10, floor: 1, threads: 1, chunkSize: 32, weight: weight)
        let two = index.topKBatch(queries: queries, k: 10, floor: 1, threads: 2, chunkSize: 32, weight: weight)
        let five = index.topKBatch(queries: queries, k: 10, floor: 1, threads: 5, chunkSize: 7, weight: weight)
        #expect(one == two)
        #expect(one == five)
        let pair = index.topKBatch(queries: queries, k: 10, floor: 1, threads: 2, chunkSize: 32) { _, row in weight(row) }
        #expect(pair == one)
        let byQuery = index.topKBatch(queries: queries, k: 4, floor: .leastNonzeroMagnitude, threads: 2, chunkSize: 16) { q, row in
            Float((q + row) % 2)
        }
        for q in [0, 1, 2, 99] {
            #expect(byQuery.results(ofQuery: q).allSatisfy { ($0.row + Int32(q)) % 2 == 1 })
        }
        #expect(one.offsets.count == queries.rowCount + 1)
        var scratch = TopKScratch(rowCount: m.rowCount)
        for q in stride(from: 0, to: queries.rowCount, by: 37) {
            #expect(one.results(ofQuery: q) == index.topK(query: queries.row(q), k: 10, floor: 1, scratch: &scratch, weight: weight))
        }
    }

    /// A larger batch at k = 50 with the default chunk size and many ties (the benchmark
    /// `topk-batch-k50` times the same call on the city set): one and two threads agree, every query fills
    /// its k, and a sample of queries equals the exhaustive scan.
    @Test func largeBatchMatchesExhaustiveScanOnASample() {
        var rng = SeededRandom(seed: 5)
        let m = RandomInstances.sparseMatrix(
            rows: 20_000, columns: 2_000, maxPerRow: 30, values: [1, 0.5, 2, 0.25, 3], rng: &rng)
        let queries = RandomInstances.sparseMatrix(rows: 400, columns: 2_000, maxPerRow: 30, values: [1, 2], rng: &rng)
        let index = InvertedIndex(m)
        let one = index.topKBatch(queries: queries, k: 50, floor: 0, threads: 1) { _ in 1 }
        let two = index.topKBatch(queries: queries, k: 50, floor: 0, threads: 2) { _ in 1 }
        #expect(one == two)
        #expect(one.offsets.count == queries.rowCount + 1)
        #expect(one.rows.count == 50 * queries.rowCount)
        for q in stride(from: 0, to: queries.rowCount, by: 25) {
            #expect(one.results(ofQuery: q) == exhaustiveTopK(m, query: queries.row(q), k: 50, floor: 0) { _ in 1 })
        }
    }
}
