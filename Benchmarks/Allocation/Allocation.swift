// Min-cost flow (network simplex) on the seeded transportation instance of Guides/MinCostFlow.md:
// 3,000 × 1,000 × 35 always; 30,000 × 10,000 × 35 (≈1.09 M arcs) with CHANJIAO_BENCH_LARGE=1.

import BenchSupport
import Benchmark
import MatchingCore

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        warmupIterations: 1,
        maxDuration: .seconds(10),
        maxIterations: 20,
        thresholds: [.mallocCountTotal: .init(relative: [.p90: 2.0])]
    )
    var sizes = [(name: "mincostflow-3k", sources: 3_000, sinks: 1_000)]
    if BenchConfiguration.large { sizes.append((name: "mincostflow-30k", sources: 30_000, sinks: 10_000)) }
    for size in sizes {
        let problem = BenchInputs.transportation(sources: size.sources, sinks: size.sinks, arcsPerSource: 35)
        Benchmark(size.name) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try! problem.solve())
            }
        }
    }
}
