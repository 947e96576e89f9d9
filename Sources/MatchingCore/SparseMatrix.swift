/// A sparse matrix of `Float` in compressed sparse row (CSR) form.
///
/// Row `r` holds `columns[rowStart[r]..<rowStart[r+1]]` (strictly ascending) and the matching
/// `values`. Stored values are never zero.
public struct SparseMatrix: Sendable, Equatable {
    /// Number of columns (dimensions).
    public let columnCount: Int
    /// Start of each row in `columns`/`values`; `rowCount + 1` entries, the last is `nnz`.
    public let rowStart: ContiguousArray<Int>
    /// Column of each stored entry.
    public let columns: ContiguousArray<Int32>
    /// Value of each stored entry.
    public let values: ContiguousArray<Float>

    /// Number of rows.
    public var rowCount: Int { rowStart.count - 1 }
    /// Number of stored (nonzero) entries.
    public var nonzeroCount: Int { columns.count }

    /// A matrix from raw CSR arrays; rows must have strictly ascending columns in range.
    public init(
        columnCount: Int, rowStart: ContiguousArray<Int>, columns: ContiguousArray<Int32>,
        values: ContiguousArray<Float>
    ) throws(MatchingCoreError) {
        guard rowStart.first == 0, rowStart.last == columns.count, columns.count == values.count else {
            throw .invalidArgument("CSR arrays are inconsistent")
        }
        for r in 0..<(rowStart.count - 1) {
            guard rowStart[r] <= rowStart[r + 1] else { throw .invalidArgument("rowStart decreases at row \(r)") }
            var previous: Int32 = -1
            for i in rowStart[r]..<rowStart[r + 1] {
                let c = columns[i]
                guard c > previous, Int(c) < columnCount else {
                    throw .invalidArgument("row \(r): columns must ascend within 0..<\(columnCount)")
                }
                previous = c
            }
        }
        self.columnCount = columnCount
        self.rowStart = rowStart
        self.columns = columns
        self.values = values
    }

    init(
        unchecked columnCount: Int, _ rowStart: ContiguousArray<Int>, _ columns: ContiguousArray<Int32>,
        _ values: ContiguousArray<Float>
    ) {
        self.columnCount = columnCount
        self.rowStart = rowStart
        self.columns = columns
        self.values = values
    }

    /// The range of row `r`'s entries in `columns`/`values`.
    @inlinable
    public func range(ofRow r: Int) -> Range<Int> { rowStart[r]..<rowStart[r + 1] }

    /// Row `r` as a sparse vector.
    public func row(_ r: Int) -> SparseVector {
        let range = range(ofRow: r)
        return SparseVector(unchecked: ContiguousArray(columns[range]), ContiguousArray(values[range]))
    }

    /// A matrix of `rows`, each row's entries in any order (repeated columns summed, zeros dropped).
    /// - Complexity: O(e log e) per row of e entries.
    public init(rows: [[(column: Int32, value: Float)]], columnCount: Int) {
        var b = Builder(columnCount: columnCount)
        for row in rows {
            for x in row { b.append(column: Int(x.column), value: x.value) }
            b.finishRow()
        }
        self = b.build()
    }

    /// Builds a matrix row by row; entries of a row may come in any order and repeat.
    public struct Builder: Sendable {
        /// Number of columns of the matrix being built.
        public let columnCount: Int
        var rowStart: ContiguousArray<Int> = [0]
        var columns: ContiguousArray<Int32> = []
        var values: ContiguousArray<Float> = []
        var pending: [(column: Int32, value: Float)] = []

        /// A builder for a matrix with `columnCount` columns.
        public init(columnCount: Int) {
            precondition(columnCount >= 0 && columnCount <= Int(Int32.max))
            self.columnCount = columnCount
        }

        /// Adds `value` at `column` of the current row (repeated columns are summed).
        public mutating func append(column: Int, value: Float) {
            precondition(column >= 0 && column < columnCount, "column out of range")
            pending.append((Int32(column), value))
        }

        /// Closes the current row: sorts its entries, sums repeats and drops zeros.
        /// - Complexity: O(e log e) for the row's e entries.
        public mutating func finishRow() {
            pending.sort { $0.column < $1.column }
            appendSummingRepeats(pending, columns: &columns, values: &values)
            pending.removeAll(keepingCapacity: true)
            rowStart.append(columns.count)
        }

        /// The matrix built so far (an unfinished row is finished first).
        public mutating func build() -> SparseMatrix {
            if !pending.isEmpty { finishRow() }
            return SparseMatrix(unchecked: columnCount, rowStart, columns, values)
        }
    }
}

/// A sparse vector: strictly ascending columns with nonzero values.
public struct SparseVector: Sendable, Equatable {
    /// Columns of the stored entries, strictly ascending.
    public let columns: ContiguousArray<Int32>
    /// Values of the stored entries.
    public let values: ContiguousArray<Float>

    /// A vector from (column, value) pairs in any order; repeats are summed, zeros dropped.
    public init(_ entries: [(column: Int, value: Float)]) {
        var cs: ContiguousArray<Int32> = []
        var vs: ContiguousArray<Float> = []
        appendSummingRepeats(entries.sorted { $0.column < $1.column }, columns: &cs, values: &vs)
        columns = cs
        values = vs
    }

    init(unchecked columns: ContiguousArray<Int32>, _ values: ContiguousArray<Float>) {
        self.columns = columns
        self.values = values
    }

    /// Dot product with row `r` of `matrix`, summing in ascending column order.
    /// - Complexity: O(nnz(self) + nnz(row)).
    public func dot(row r: Int, of matrix: SparseMatrix) -> Float {
        var i = 0
        var j = matrix.rowStart[r]
        let end = matrix.rowStart[r + 1]
        var sum: Float = 0
        while i < columns.count && j < end {
            let a = columns[i]
            let b = matrix.columns[j]
            if a == b {
                sum += values[i] * matrix.values[j]
                i += 1
                j += 1
            } else if a < b {
                i += 1
            } else {
                j += 1
            }
        }
        return sum
    }
}

/// Appends to `columns` and `values` the sum of each run of equal columns in `entries` (sorted by
/// column), summed in their order, leaving out sums of zero.
/// - Complexity: O(entries).
func appendSummingRepeats<C: BinaryInteger>(
    _ entries: [(column: C, value: Float)], columns: inout ContiguousArray<Int32>, values: inout ContiguousArray<Float>
) {
    var i = 0
    while i < entries.count {
        let c = entries[i].column
        var v: Float = 0
        while i < entries.count && entries[i].column == c {
            v += entries[i].value
            i += 1
        }
        if v != 0 {
            columns.append(Int32(c))
            values.append(v)
        }
    }
}
