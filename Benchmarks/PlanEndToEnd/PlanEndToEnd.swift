// The plan end to end in process: load and validate the inputs (with the shipped catalogs), then
// vectorize, retrieve, allocate, advise and pair. City always; other scales with
// CHANJIAO_BENCH_SCALES=province,national (after ./compare has generated them).

import BenchSupport
import Benchmark
import Catalog
import Planner

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 0,
        maxDuration: .seconds(30),
        maxIterations: 5,
        thresholds: [.mallocCountTotal: .init(relative: [.p90: 2.0])]
    )
    for scale in ["city"] + BenchConfiguration.extraScales {
        let dir = BenchInputs.scaleDirectory(scale).path
        Benchmark("plan-\(scale)", configuration: .init(maxIterations: scale == "city" ? 5 : 1)) { benchmark in
            for _ in benchmark.scaledIterations {
                let loaded = BenchInputs.load([dir])
                precondition(!loaded.hasErrors)
                blackHole(try! Planner(policy: loaded.set.policy, threads: 1).plan(loaded.set))
            }
        }
    }
}
