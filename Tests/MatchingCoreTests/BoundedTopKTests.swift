import MatchingCore
import TestSupport
import Testing

/// The hand-written bounded selection against sorting everything and taking a prefix.
@Suite struct BoundedTopKTests {
    /// Random streams with many tied scores (few distinct values), rows offered in shuffled order,
    /// k from 0 to beyond the stream: the kept rows, best first, are the sorted prefix.
    @Test(arguments: 0..<40)
    func keepsTheSortedPrefix(seed: Int) {
        var rng = SeededRandom(seed: 7_000 + UInt64(seed))
        let n = rng.int(0...300)
        let distinct = rng.int(1...20)
        var stream = (0..<n).map { ScoredRow(row: Int32($0), score: Float(rng.int(0...(distinct - 1))) / 4) }
        stream.shuffle(using: &rng)
        let expected = stream.sorted { $0.score > $1.score || ($0.score == $1.score && $0.row < $1.row) }
        var selection = BoundedTopK(k: 1)
        for k in [0, 1, 2, 7, 50, n, n + 5] {
            selection.reset(k: k)
            for c in stream { selection.offer(c) }
            var kept: [ScoredRow] = []
            selection.drain { kept.append($0) }
            #expect(kept == Array(expected.prefix(k)), "seed \(seed), n \(n), k \(k)")
        }
    }
}
