import Synchronization
import Testing

@testable import Parallel

@Suite("Fixed chunks joined in order")
struct ChunkedMapTests {
    @Test("chunk boundaries: every index once, chunks in order, the last one short", arguments: [0, 1, 63, 64, 65, 1000])
    func boundaries(count: Int) {
        for threads in [1, 2, 5] {
            let ranges = mapChunks(count: count, chunk: 64, threads: threads, state: ()) { range, _ in range }
            #expect(ranges.count == (count + 63) / 64)
            #expect(ranges.flatMap { Array($0) } == Array(0..<count))
            #expect(ranges.dropLast().allSatisfy { $0.count == 64 })
        }
    }

    @Test("chunkedMap equals the sequential map at 1, 2, 3 and 8 threads")
    func sameAsSequential() {
        let expected = (0..<10_007).map { $0 &* 2_654_435_761 % 1_000 }
        for threads in [1, 2, 3, 8] {
            let got = chunkedMap(count: 10_007, chunk: 100, threads: threads, state: 0) { i, calls in
                calls += 1
                return i &* 2_654_435_761 % 1_000
            }
            #expect(got == expected)
        }
    }

    @Test("one state per worker, kept across its chunks; never more workers than chunks")
    func statePerWorker() {
        let made = Mutex(0)
        // Two workers over four chunks: each makes its state once; the results keep chunk order.
        let seen = mapChunks(count: 40, chunk: 10, threads: 2, state: made.withLock { $0 += 1 }) { range, _ in range.lowerBound }
        #expect(seen == [0, 10, 20, 30])
        #expect(made.withLock { $0 } == 2)
        let one = Mutex(0)
        _ = mapChunks(count: 5, chunk: 10, threads: 8, state: one.withLock { $0 += 1 }) { range, _ in range.count }
        #expect(one.withLock { $0 } == 1)
    }

    @Test("the state carries over from one chunk of a worker to its next")
    func stateCarries() {
        // One worker: its running count sees every earlier chunk.
        let totals = mapChunks(count: 30, chunk: 10, threads: 1, state: 0) { range, sum in
            sum += range.count
            return sum
        }
        #expect(totals == [10, 20, 30])
    }

    @Test("Slots: take empties a slot, get leaves it")
    func slots() {
        let slots = Slots<[Int]>(count: 2)
        slots.set(0, [1, 2])
        slots.set(1, [3])
        #expect(slots.get(0) == [1, 2])
        #expect(slots.get(0) == [1, 2])
        #expect(slots.take(1) == [3])
        slots.set(1, [4])
        #expect(slots.take(1) == [4])
    }
}
