/// Rows grouped into blocks and stored by column, each column's postings grouped by block with the
/// largest value a row of the block has there: the index of the block-max search
/// (Guides/BlockMax.md).
public struct BlockMaxIndex: Sendable {
    /// Number of rows.
    public let rowCount: Int
    /// Number of blocks.
    public let blockCount: Int
    /// Number of columns.
    public let columnCount: Int
    /// Start of each column's postings; `columnCount + 1` entries.
    let postingStart: [Int]
    /// The row of each posting; within a column, by ascending block, then row.
    let postingRow: [Int32]
    /// The value of each posting.
    let postingValue: [Float]
    /// Start of each column's block entries; `columnCount + 1` entries.
    let columnBlockStart: [Int]
    /// The block of each entry and the largest value a row of it has in the column (one record,
    /// read in one stream when a query sums its columns' entries).
    let columnBlocks: [(block: Int32, max: Float)]
    /// Per column, the largest value a row has in it (what one unit of query weight can add).
    public let columnMax: [Float]
    /// Per block, its entries by ascending column (CSR): `blockEntryColumn[i]` holds the entry
    /// whose postings are `blockEntryPostings[i]`, so expanding a block searches one short array
    /// instead of every column's.
    let blockEntryStart: [Int]
    let blockEntryColumn: [Int32]
    let blockEntryPostings: [(begin: Int32, end: Int32)]

    /// Indexes `rows` (non-negative values), row `r` in block `rowBlock[r]` of `0..<blockCount`.
    /// A row that repeats a column has the sum of its values there.
    /// - Complexity: O(nnz + columns + blocks + rows log rows).
    public init(rows: [[(column: Int32, value: Float)]], rowBlock: [Int32], blockCount: Int, columnCount: Int) {
        precondition(rows.count == rowBlock.count, "one block per row")
        rowCount = rows.count
        self.blockCount = blockCount
        self.columnCount = columnCount
        let postings = Self.postings(rows: rows, rowBlock: rowBlock, columnCount: columnCount)
        postingStart = postings.start
        postingRow = postings.row
        postingValue = postings.value
        let entries = Self.entries(
            postingStart: postings.start, postingRow: postings.row, postingValue: postings.value, rowBlock: rowBlock)
        columnBlockStart = entries.columnStart
        columnBlocks = Array(zip(entries.block, entries.max)).map { (block: $0.0, max: $0.1) }
        columnMax = entries.columnMax
        var blockEntryStart = [Int](repeating: 0, count: blockCount + 1)
        for b in entries.block { blockEntryStart[Int(b) + 1] += 1 }
        for b in 0..<blockCount { blockEntryStart[b + 1] += blockEntryStart[b] }
        var blockEntryColumn = [Int32](repeating: 0, count: entries.block.count)
        var blockEntryPostings = [(begin: Int32, end: Int32)](repeating: (0, 0), count: entries.block.count)
        var next = blockEntryStart
        for c in 0..<columnCount {
            for e in entries.columnStart[c]..<entries.columnStart[c + 1] {
                let b = Int(entries.block[e])
                blockEntryColumn[next[b]] = Int32(c)
                blockEntryPostings[next[b]] = entries.postings[e]
                next[b] += 1
            }
        }
        self.blockEntryStart = blockEntryStart
        self.blockEntryColumn = blockEntryColumn
        self.blockEntryPostings = blockEntryPostings
    }

    /// The number of postings of column `c`.
    public func postingCount(ofColumn c: Int) -> Int { postingStart[c + 1] - postingStart[c] }

    /// `rows` transposed, with the rows taken by (block, row) so that each column's postings come
    /// grouped by block.
    /// - Complexity: O(nnz + columns + rows log rows).
    private static func postings(
        rows: [[(column: Int32, value: Float)]], rowBlock: [Int32], columnCount: Int
    ) -> (start: [Int], row: [Int32], value: [Float]) {
        var start = [Int](repeating: 0, count: columnCount + 1)
        for row in rows { for e in row { start[Int(e.column) + 1] += 1 } }
        for c in 0..<columnCount { start[c + 1] += start[c] }
        let order = rows.indices.sorted { (rowBlock[$0], $0) < (rowBlock[$1], $1) }
        var fill = start
        var postingRow = [Int32](repeating: 0, count: start[columnCount])
        var postingValue = [Float](repeating: 0, count: start[columnCount])
        for r in order {
            for e in rows[r] {
                let c = Int(e.column)
                postingRow[fill[c]] = Int32(r)
                postingValue[fill[c]] = e.value
                fill[c] += 1
            }
        }
        return (start, postingRow, postingValue)
    }

    /// The entries of each column: its runs of one block, with the largest row value in each
    /// (a row's value is the sum of its adjacent postings, should a row repeat the column).
    /// - Complexity: O(postings).
    private static func entries(
        postingStart start: [Int], postingRow: [Int32], postingValue: [Float], rowBlock: [Int32]
    ) -> (columnStart: [Int], block: [Int32], max: [Float], postings: [(begin: Int32, end: Int32)], columnMax: [Float]) {
        let columnCount = start.count - 1
        var columnStart = [0]
        var block: [Int32] = []
        var maximum: [Float] = []
        var postings: [(begin: Int32, end: Int32)] = []
        var columnMax = [Float](repeating: 0, count: columnCount)
        for c in 0..<columnCount {
            var i = start[c]
            while i < start[c + 1] {
                let b = rowBlock[Int(postingRow[i])]
                let begin = i
                var best: Float = 0
                while i < start[c + 1] && rowBlock[Int(postingRow[i])] == b {
                    let r = postingRow[i]
                    var sum: Float = 0
                    while i < start[c + 1] && postingRow[i] == r {
                        sum += postingValue[i]
                        i += 1
                    }
                    best = Swift.max(best, sum)
                }
                block.append(b)
                maximum.append(best)
                postings.append((Int32(begin), Int32(i)))
                columnMax[c] = Swift.max(columnMax[c], best)
            }
            columnStart.append(block.count)
        }
        return (columnStart, block, maximum, postings, columnMax)
    }
}

/// The rows a block-max search may visit, in lists per block, each list by descending key, ties
/// by ascending row: the caller chooses lists and keys so that along a list the bound of a row
/// the index does not touch never rises.
public struct BlockRowLists: Sendable {
    /// How many lists each block has: block `b`'s are `b × listsPerBlock ..< (b + 1) × listsPerBlock`.
    public let listsPerBlock: Int
    /// Start of each list in `rows`; `blocks × listsPerBlock + 1` entries.
    let start: [Int]
    /// The rows of each list.
    let rows: [Int32]
    /// Per row, whether it is in a list.
    let listed: [Bool]
    /// Per block, the largest key of its listed rows (-infinity when it lists none).
    public let maxKey: [Float]

    /// Lists row `r` in list `list(r)` of its block (none when nil), ordered by `key`.
    /// - Complexity: O(rows log rows).
    public init(blockCount: Int, listsPerBlock: Int, rowBlock: [Int32], key: [Float], list: (_ row: Int) -> Int?) {
        var lists = [[Int32]](repeating: [], count: blockCount * listsPerBlock)
        var maxKey = [Float](repeating: -.infinity, count: blockCount)
        var listed = [Bool](repeating: false, count: rowBlock.count)
        for r in rowBlock.indices {
            guard let l = list(r) else { continue }
            precondition(0 <= l && l < listsPerBlock, "list \(l) of \(listsPerBlock)")
            let b = Int(rowBlock[r])
            lists[b * listsPerBlock + l].append(Int32(r))
            maxKey[b] = Swift.max(maxKey[b], key[r])
            listed[r] = true
        }
        var start = [0]
        var rows: [Int32] = []
        for var list in lists {
            list.sort { (key[Int($0)], $1) > (key[Int($1)], $0) }
            rows += list
            start.append(rows.count)
        }
        self.listsPerBlock = listsPerBlock
        self.start = start
        self.rows = rows
        self.listed = listed
        self.maxKey = maxKey
    }

    /// Whether block `b` lists any row.
    func hasRows(block b: Int) -> Bool { start[b * listsPerBlock] < start[(b + 1) * listsPerBlock] }
}
