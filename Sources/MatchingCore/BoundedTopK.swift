/// The `k` best rows offered so far (higher score first, ties by lower row), in a bounded binary
/// heap written for this one use: the root is the worst kept row, and a copy of it makes the
/// common case (a row that does not enter) one comparison.
///
/// Kept by hand instead of swift-collections' `Heap` because the `TopK` benchmarks measure it
/// faster: `topk-select-hand` against `topk-select-heap` on the city set's score streams, and the
/// whole `topk-batch-k50` (Guides/TopK.md, "Selection").
public struct BoundedTopK: Sendable {
    @usableFromInline var heap: ContiguousArray<ScoredRow> = []
    @usableFromInline var root = ScoredRow(row: 0, score: .infinity)
    @usableFromInline var k = 0

    /// An empty selection of at most `k` rows.
    @inlinable
    public init(k: Int) { self.k = max(0, k) }

    /// Empties the selection for a new query of at most `k` rows, keeping the storage.
    @inlinable
    public mutating func reset(k: Int) {
        heap.removeAll(keepingCapacity: true)
        root = ScoredRow(row: 0, score: .infinity)
        self.k = max(0, k)
    }

    /// Keeps `candidate` if it is among the `k` best offered so far.
    /// - Complexity: O(1) when it does not enter, else O(log k).
    @inlinable
    public mutating func offer(_ candidate: ScoredRow) {
        if heap.count < k {
            heap.append(candidate)
            siftUp(heap.count - 1)
            if heap.count == k { root = heap[0] }
        } else if Self.better(candidate, root) {
            heap[0] = candidate
            siftDown(0)
            root = heap[0]
        }
    }

    /// Sorts the kept rows best first and passes each to `emit`.
    /// - Complexity: O(k log k).
    @inlinable
    public mutating func drain(_ emit: (ScoredRow) -> Void) {
        heap.sort(by: Self.better)
        for e in heap { emit(e) }
    }

    /// Higher score first, then lower row.
    @inlinable
    static func better(_ a: ScoredRow, _ b: ScoredRow) -> Bool {
        a.score > b.score || (a.score == b.score && a.row < b.row)
    }

    @inlinable
    mutating func siftUp(_ index: Int) {
        var i = index
        while i > 0 {
            let p = (i - 1) / 2
            guard Self.better(heap[p], heap[i]) else { break }
            heap.swapAt(p, i)
            i = p
        }
    }

    @inlinable
    mutating func siftDown(_ index: Int) {
        var i = index
        let n = heap.count
        while true {
            let l = 2 * i + 1
            if l >= n { break }
            var worst = l
            if l + 1 < n && Self.better(heap[l], heap[l + 1]) { worst = l + 1 }
            guard Self.better(heap[i], heap[worst]) else { break }
            heap.swapAt(i, worst)
            i = worst
        }
    }
}
