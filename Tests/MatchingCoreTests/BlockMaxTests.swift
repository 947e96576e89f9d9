import MatchingCore
import TestSupport
import Testing

/// A random block-max instance with the shape the Planner gives it: row `r` of block `b` scores
/// `w[b] × (a[b] × key[r] + [inherits r] c[b] + dot(query, row r))`, where the per-query block
/// parts `a` and `c` come from outside the index (the Planner's majors' text and occupation).
struct BlockMaxInstance {
    let matrix: SparseMatrix
    let rowBlock: [Int32]
    let blockCount: Int
    let key: [Float]
    let inherits: [Bool]
    let listed: [Bool]
    let weight: [Float]

    init(rows: Int, blocks: Int, columns: Int, rng: inout SeededRandom) {
        // Few distinct values: many exact ties in scores and bounds.
        matrix = RandomInstances.sparseMatrix(rows: rows, columns: columns, maxPerRow: 5, values: [0.1, 0.5, 1], rng: &rng)
        // Rows only in the first half of the blocks plus a few more: the rest stay empty.
        let used = max(1, blocks / 2 + 1)
        rowBlock = (0..<rows).map { _ in Int32(rng.int(0...min(used, blocks) - 1)) }
        blockCount = blocks
        key = (0..<rows).map { _ in [0.5, 1, 0.25][rng.int(0...2)] }
        inherits = (0..<rows).map { _ in rng.chance(0.7) }
        listed = (0..<rows).map { _ in rng.chance(0.9) }
        weight = (0..<blocks).map { _ in [1, 0.5, 1][rng.int(0...2)] }
    }

    var lists: BlockRowLists {
        BlockRowLists(blockCount: blockCount, listsPerBlock: 2, rowBlock: rowBlock, key: key) { r in
            listed[r] ? (inherits[r] ? 0 : 1) : nil
        }
    }

    /// The score of row `r` for a query and its block parts.
    func score(_ r: Int, query: SparseVector, a: [Float], c: [Float]) -> Float {
        let b = Int(rowBlock[r])
        return weight[b] * (a[b] * key[r] + (inherits[r] ? c[b] : 0) + query.dot(row: r, of: matrix))
    }

    /// Every listed row at or above `floor`, best first, ties by ascending row, cut at `k`.
    func bruteForce(query: SparseVector, a: [Float], c: [Float], k: Int, floor: Float) -> [ScoredRow] {
        var all: [ScoredRow] = []
        for r in 0..<matrix.rowCount where listed[r] {
            let s = score(r, query: query, a: a, c: c)
            if s >= floor { all.append(ScoredRow(row: Int32(r), score: s)) }
        }
        all.sort { $0.score > $1.score || ($0.score == $1.score && $0.row < $1.row) }
        return Array(all.prefix(k))
    }

    /// The same through `BlockMaxIndex.search`, with the bounds the model implies.
    func search(
        index: BlockMaxIndex, query: SparseVector, a: [Float], c: [Float], k: Int, floor: Float, slackCap: Float,
        scratch: inout BlockMaxScratch
    ) -> (top: [ScoredRow], visited: Int) {
        let lists = self.lists
        let safe = { (x: Float) in x * 1.001 + 1e-6 }
        var top: [ScoredRow] = []
        var visited = 0
        let others = (0..<blockCount).filter { a[$0] > 0 || c[$0] > 0 }.map { Int32($0) }
        index.search(
            query: query, bar: floor, slackLimit: min(slackCap, floor / 2), otherBlocks: [ContiguousArray(others)], lists: lists,
            scratch: &scratch,
            blockBound: { b, x in safe(weight[b] * (a[b] * lists.maxKey[b] + c[b] + x)) },
            rowBound: { r, s in
                let b = Int(rowBlock[r])
                return safe(weight[b] * (a[b] * key[r] + (inherits[r] ? c[b] : 0) + s))
            },
            visit: { r in
                visited += 1
                let x = ScoredRow(row: Int32(r), score: score(r, query: query, a: a, c: c))
                if x.score >= floor {
                    top.append(x)
                    top.sort { $0.score > $1.score || ($0.score == $1.score && $0.row < $1.row) }
                    if top.count > k { top.removeLast() }
                }
                return top.count == k ? max(floor, top[k - 1].score) : floor
            })
        return (top, visited)
    }
}

@Suite struct BlockMaxTests {
    /// Random instances of several sizes (blocks left empty, many ties, k beyond the rows): the
    /// search's top k equals the brute force's, in the same order, for every floor and slack cap
    /// (0 sums every column; a large one leaves many out), with one scratch across queries.
    @Test(arguments: 0..<3)
    func matchesBruteForce(seed: UInt64) {
        for (rows, blocks, columns) in [(0, 3, 4), (5, 3, 4), (60, 8, 12), (400, 30, 40), (2_000, 100, 150)] {
            var rng = SeededRandom(seed: 9_000 + seed * 31 + UInt64(rows))
            let instance = BlockMaxInstance(rows: rows, blocks: blocks, columns: columns, rng: &rng)
            let visited = Self.expectBruteForce(instance, columns: columns, rng: &rng)
            // The bounds prune: on the larger instances some search stops before every listed row.
            #expect(rows < 60 || (visited.min() ?? .max) < instance.listed.filter { $0 }.count, "rows \(rows)")
        }
    }

    /// Checks 12 random queries under several (k, floor) and slack caps against the brute force;
    /// returns how many rows each search visited.
    static func expectBruteForce(_ instance: BlockMaxInstance, columns: Int, rng: inout SeededRandom) -> [Int] {
        let m = instance.matrix
        let rows = (0..<m.rowCount).map { r in m.range(ofRow: r).map { (column: m.columns[$0], value: m.values[$0]) } }
        let index = BlockMaxIndex(rows: rows, rowBlock: instance.rowBlock, blockCount: instance.blockCount, columnCount: columns)
        var scratch = BlockMaxScratch(index: index)
        // Small query values next to the floors, so that a slack cap leaves columns out.
        let queries = RandomInstances.sparseMatrix(rows: 12, columns: columns, maxPerRow: 6, values: [0.05, 0.1, 0.5], rng: &rng)
        var visited: [Int] = []
        for q in 0..<queries.rowCount {
            let query = queries.row(q)
            let a = (0..<instance.blockCount).map { _ in rng.chance(0.3) ? Float([0.5, 1][rng.int(0...1)]) : 0 }
            let c = (0..<instance.blockCount).map { _ in rng.chance(0.2) ? Float(0.5) : 0 }
            for (k, floor) in [(1, Float(0.3)), (3, 0.05), (10, 0.5), (m.rowCount + 5, 0.1)] {
                let expected = instance.bruteForce(query: query, a: a, c: c, k: k, floor: floor)
                for slackCap: Float in [0, 0.3, 10] {
                    let found = instance.search(
                        index: index, query: query, a: a, c: c, k: k, floor: floor, slackCap: slackCap, scratch: &scratch)
                    #expect(found.top == expected, "rows \(m.rowCount) query \(q) k \(k) floor \(floor) cap \(slackCap)")
                    visited.append(found.visited)
                }
            }
        }
        return visited
    }

    /// An index's column maxima and posting counts, by hand: row 1's repeated column counts as
    /// its sum, and a block with no rows has no entries.
    @Test func columnMaximaByHand() {
        let rows: [[(column: Int32, value: Float)]] = [[(0, 1), (2, 0.5)], [(0, 0.75), (0, 0.75)], [(1, 2)]]
        let index = BlockMaxIndex(rows: rows, rowBlock: [1, 1, 0], blockCount: 3, columnCount: 3)
        #expect(index.columnMax == [1.5, 2, 0.5])
        #expect((0..<3).map { index.postingCount(ofColumn: $0) } == [3, 1, 1])
        let lists = BlockRowLists(blockCount: 3, listsPerBlock: 1, rowBlock: [1, 1, 0], key: [0.5, 1, 2]) { _ in 0 }
        #expect(lists.maxKey == [2, 1, -.infinity])
    }
}
