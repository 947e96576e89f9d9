import Algorithms
import HeapModule

/// A block, row or list head with an upper bound on the score it leads to; the heaps' order: by
/// bound, ties by the lower id first.
struct BoundedItem: Comparable {
    var bound: Float
    var id: Int32
    /// For a list head, its position in the lists' rows.
    var position: Int = 0

    static func < (a: BoundedItem, b: BoundedItem) -> Bool {
        a.bound < b.bound || (a.bound == b.bound && a.id > b.id)
    }

    static func == (a: BoundedItem, b: BoundedItem) -> Bool { a.bound == b.bound && a.id == b.id }
}

/// Per-thread buffers of `BlockMaxIndex.search`.
public struct BlockMaxScratch: Sendable {
    /// The current query's stamp for `blockStamp` and `rowStamp`.
    var generation: UInt32 = 0
    /// Per block: the stamp of the query that last touched it, and the sum of its entries' maxima.
    var blockStamp: [UInt32]
    var blockSum: [Float]
    /// The blocks the current query touched.
    var touchedBlocks: [Int32] = []
    /// Per row: the stamp of the query whose expansion touched it, and its exact index sum.
    var rowStamp: [UInt32]
    var rowSum: [Float]
    /// The rows touched by the expansion of one block.
    var expanded: [Int32] = []
    /// Blocks not yet expanded, rows of expanded blocks touched by the index, and the next
    /// untouched row of each list of an expanded block.
    var blocks = Heap<BoundedItem>()
    var touchedRows = Heap<BoundedItem>()
    var heads = Heap<BoundedItem>()
    /// The query's columns whose entries are summed, and their values.
    var essentialColumns: [Int32] = []
    var essentialValues: [Float] = []
    var order: [Int] = []
    var skip: [Bool] = []

    /// Buffers for searching `index`.
    public init(index: BlockMaxIndex) {
        blockStamp = [UInt32](repeating: 0, count: index.blockCount)
        blockSum = [Float](repeating: 0, count: index.blockCount)
        rowStamp = [UInt32](repeating: 0, count: index.rowCount)
        rowSum = [Float](repeating: 0, count: index.rowCount)
    }

    /// Starts a query: a new stamp, so every block and row reads as untouched.
    mutating func nextGeneration() {
        if generation == UInt32.max {
            for i in blockStamp.indices { blockStamp[i] = 0 }
            for i in rowStamp.indices { rowStamp[i] = 0 }
            generation = 0
        }
        generation += 1
    }

    /// Marks block `b` touched by the current query (its sum 0 if nothing touched it before).
    mutating func touch(block b: Int) {
        guard blockStamp[b] != generation else { return }
        blockStamp[b] = generation
        blockSum[b] = 0
        touchedBlocks.append(Int32(b))
    }
}

extension BlockMaxIndex {
    /// Visits listed rows in descending order of their upper bounds until the next bound is below
    /// the bar, which starts at `bar` and becomes what `visit` returns when that is higher.
    ///
    /// A row's index sum is `dot(query, row)`. A block's bound is `blockBound(block, x)` with `x`
    /// the query's weights times the block's maxima in the summed columns, plus the most the
    /// others can add (at most `slackLimit`); it must bound every listed row's score. A row's is
    /// `rowBound(row, sum)` once its block is expanded: with its index sum when the index touches
    /// it, else with 0. Rows of blocks neither the summed columns nor `otherBlocks` touch are
    /// never visited: they must score below `bar` (with `slackLimit < bar` when scores are at most
    /// index sums). `visit` gets the row and returns the score a later row must reach to matter.
    /// - Complexity: the entries of the summed columns, the postings of the expanded blocks, and
    ///   O(log n) heap work per block expanded and row visited.
    public func search(
        query: SparseVector, bar: Float, slackLimit: Float, otherBlocks: [ContiguousArray<Int32>], lists: BlockRowLists,
        scratch: inout BlockMaxScratch, blockBound: (_ block: Int, _ indexBound: Float) -> Float,
        rowBound: (_ row: Int, _ indexSum: Float) -> Float, visit: (_ row: Int) -> Float
    ) {
        scratch.nextGeneration()
        let slack = chooseEssentialColumns(query: query, slackLimit: slackLimit, scratch: &scratch)
        sumBlockMaxima(scratch: &scratch)
        // Concrete lists, not a generic sequence: this function is not inlinable, and unspecialised
        // iteration over a generic sequence allocated on every block (4.2 M mallocs over the city).
        for list in otherBlocks {
            for b in list { scratch.touch(block: Int(b)) }
        }
        scratch.blocks.removeAll { _ in true }
        scratch.touchedRows.removeAll { _ in true }
        scratch.heads.removeAll { _ in true }
        for t in scratch.touchedBlocks where lists.hasRows(block: Int(t)) {
            let x = blockBound(Int(t), scratch.blockSum[Int(t)] + slack)
            if x >= bar { scratch.blocks.insert(BoundedItem(bound: x, id: t)) }
        }
        var bar = bar
        while true {
            let t = scratch.touchedRows.max?.bound ?? -.infinity
            let h = scratch.heads.max?.bound ?? -.infinity
            let u = scratch.blocks.max?.bound ?? -.infinity
            if u > Swift.max(t, h) {
                // No known row beats the best unexpanded block: expand it, or stop.
                guard u >= bar else { return }
                let b = Int(scratch.blocks.removeMax().id)
                expand(block: b, query: query, scratch: &scratch)
                pushRows(ofBlock: b, bar: bar, lists: lists, scratch: &scratch, rowBound: rowBound)
                continue
            }
            guard Swift.max(t, h) >= bar, Swift.max(t, h) > -.infinity else { return }
            let row: Int
            if t >= h {
                row = Int(scratch.touchedRows.removeMax().id)
            } else {
                row = nextHead(lists: lists, scratch: &scratch, rowBound: rowBound)
            }
            bar = Swift.max(bar, visit(row))
        }
    }

    /// Chooses the query's columns whose entries are summed (MaxScore-style): the columns with the
    /// most postings are left out while what they could add together stays within `slackLimit`;
    /// returns that amount, which every block's bound carries instead. Expansion reads all columns,
    /// so row sums are exact.
    /// - Complexity: O(q log q) for q query columns.
    private func chooseEssentialColumns(query: SparseVector, slackLimit: Float, scratch: inout BlockMaxScratch) -> Float {
        scratch.order.removeAll(keepingCapacity: true)
        scratch.order.append(contentsOf: query.columns.indices)
        let postingStart = self.postingStart
        scratch.order.sort {
            let l0 = postingStart[Int(query.columns[$0]) + 1] - postingStart[Int(query.columns[$0])]
            let l1 = postingStart[Int(query.columns[$1]) + 1] - postingStart[Int(query.columns[$1])]
            return l0 != l1 ? l0 > l1 : $0 < $1
        }
        var slack: Float = 0
        var skipped = 0
        for i in scratch.order {
            let add = query.values[i] * columnMax[Int(query.columns[i])]
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
        return slack
    }

    /// Sums, per block, the maxima of its entries in the essential columns, and lists the blocks
    /// touched.
    /// - Complexity: the entries of the essential columns.
    private func sumBlockMaxima(scratch: inout BlockMaxScratch) {
        let generation = scratch.generation
        scratch.touchedBlocks.removeAll(keepingCapacity: true)
        columnBlocks.withUnsafeBufferPointer { entries in
            scratch.blockStamp.withUnsafeMutableBufferPointer { stamp in
                scratch.blockSum.withUnsafeMutableBufferPointer { sum in
                    for (c, q) in zip(scratch.essentialColumns, scratch.essentialValues) {
                        for e in columnBlockStart[Int(c)]..<columnBlockStart[Int(c) + 1] {
                            let b = Int(entries[e].block)
                            if stamp[b] != generation {
                                stamp[b] = generation
                                sum[b] = 0
                                scratch.touchedBlocks.append(Int32(b))
                            }
                            sum[b] += q * entries[e].max
                        }
                    }
                }
            }
        }
    }

    /// Sums the index part of each row of block `b` over all the query's columns (left-out ones
    /// included, so the sums are exact): the query's columns are searched in the block's entries,
    /// which are in ascending column order. The rows touched are left in `scratch.expanded`.
    /// - Complexity: O(query columns × log entries of the block) plus the postings of those entries.
    private func expand(block b: Int, query: SparseVector, scratch: inout BlockMaxScratch) {
        let generation = scratch.generation
        scratch.expanded.removeAll(keepingCapacity: true)
        var lo = blockEntryStart[b]
        let end = blockEntryStart[b + 1]
        blockEntryColumn.withUnsafeBufferPointer { entryColumn in
            postingRow.withUnsafeBufferPointer { postingRow in
                postingValue.withUnsafeBufferPointer { postingValue in
                    scratch.rowStamp.withUnsafeMutableBufferPointer { stamp in
                        scratch.rowSum.withUnsafeMutableBufferPointer { sum in
                            for (c, q) in zip(query.columns, query.values) {
                                lo = (lo..<end).partitioningIndex { entryColumn[$0] >= c }
                                guard lo < end else { break }
                                guard entryColumn[lo] == c else { continue }
                                let postings = blockEntryPostings[lo]
                                lo += 1
                                for i in Int(postings.begin)..<Int(postings.end) {
                                    let r = Int(postingRow[i])
                                    if stamp[r] != generation {
                                        stamp[r] = generation
                                        sum[r] = 0
                                        scratch.expanded.append(Int32(r))
                                    }
                                    sum[r] += q * postingValue[i]
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// After block `b`'s expansion: its listed rows the index touched, and the first untouched row
    /// of each of its lists, go on their heaps when their bounds reach `bar`.
    private func pushRows(
        ofBlock b: Int, bar: Float, lists: BlockRowLists, scratch: inout BlockMaxScratch,
        rowBound: (_ row: Int, _ indexSum: Float) -> Float
    ) {
        for r in scratch.expanded where lists.listed[Int(r)] {
            let x = rowBound(Int(r), scratch.rowSum[Int(r)])
            if x >= bar { scratch.touchedRows.insert(BoundedItem(bound: x, id: r)) }
        }
        for list in (b * lists.listsPerBlock)..<((b + 1) * lists.listsPerBlock) {
            let i = nextUntouched(list, from: lists.start[list], lists: lists, scratch: scratch)
            guard i < lists.start[list + 1] else { continue }
            let x = rowBound(Int(lists.rows[i]), 0)
            if x >= bar { scratch.heads.insert(BoundedItem(bound: x, id: Int32(list), position: i)) }
        }
    }

    /// Takes the best list head's row and moves that list's head on to its next untouched row.
    private func nextHead(
        lists: BlockRowLists, scratch: inout BlockMaxScratch, rowBound: (_ row: Int, _ indexSum: Float) -> Float
    ) -> Int {
        guard let head = scratch.heads.max else { preconditionFailure("no list head") }
        let list = Int(head.id)
        let i = nextUntouched(list, from: head.position + 1, lists: lists, scratch: scratch)
        if i < lists.start[list + 1] {
            let x = rowBound(Int(lists.rows[i]), 0)
            scratch.heads.replaceMax(with: BoundedItem(bound: x, id: head.id, position: i))
        } else {
            scratch.heads.removeMax()
        }
        return Int(lists.rows[head.position])
    }

    /// The first position from `i` in `list` whose row the current query's expansions did not touch.
    private func nextUntouched(_ list: Int, from i: Int, lists: BlockRowLists, scratch: borrowing BlockMaxScratch) -> Int {
        var i = i
        while i < lists.start[list + 1] && scratch.rowStamp[Int(lists.rows[i])] == scratch.generation { i += 1 }
        return i
    }
}
