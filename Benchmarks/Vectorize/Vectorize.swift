// Vectorize: the plan's vector space (profiles, queries, the block-max bounds) over the city scale.

import BenchSupport
import Benchmark
import Catalog
import Planner

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        warmupIterations: 1,
        maxDuration: .seconds(10),
        maxIterations: 20,
        thresholds: [.mallocCountTotal: .init(relative: [.p90: 2.0])]
    )
    let set = BenchInputs.set(scale: "city")
    Benchmark("vectorize-city") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(MatchSpace(set: set, scoring: set.policy.scoring))
        }
    }
}
