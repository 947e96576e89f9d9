// Stable matching (deferred acceptance, hospital–resident) on the seeded instance that ./compare
// gives the `matching` package, beside the same algorithm on swift-collections' `Heap`
// (LibraryHeapAcceptance.swift), and the consortium b-matching (exact, through min-cost flow).

import BenchSupport
import Benchmark
import MatchingCore
import TestSupport

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        warmupIterations: 1,
        maxDuration: .seconds(10),
        maxIterations: 50,
        thresholds: [.mallocCountTotal: .init(relative: [.p90: 2.0])]
    )
    let da = BenchInputs.hospitalResident(residents: 20_000, hospitals: 500, listLength: 10)
    Benchmark("deferred-acceptance-20k") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try! da.solve())
        }
    }
    precondition(libraryHeapAcceptance(da) == (try! da.solve()).matched, "the library-heap peer must match the same edges")
    Benchmark("deferred-acceptance-20k-heap") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(libraryHeapAcceptance(da))
        }
    }
    // Consortia: colleges × cluster anchors, each college in at most 3 consortia, each anchor at most 8 (no lower bound).
    var rng = SeededRandom(seed: 11)
    var bm = BipartiteBMatching(leftCount: 2_000, rightCount: 200)
    for i in 0..<2_000 { try! bm.setLeftCapacity(i, 3) }
    for j in 0..<200 { try! bm.setRightBounds(j, lower: 0, upper: 8) }
    for i in 0..<2_000 {
        var seen = Set<Int>()
        for _ in 0..<8 {
            let j = rng.int(0...199)
            if seen.insert(j).inserted { try! bm.addEdge(left: i, right: j, weight: rng.int64(1...10_000)) }
        }
    }
    let consortia = bm
    Benchmark("consortia-bmatching") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try! consortia.solve())
        }
    }
}
