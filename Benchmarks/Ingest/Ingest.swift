// Ingest: one colleges file (the largest of the city scale in Benchmarks/.inputs, else the committed
// Chongqing set) read into a CatalogSet, validated against the XSD in the same pass and trusted.

import BenchSupport
import Benchmark
import Foundation

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 1,
        maxDuration: .seconds(10),
        maxIterations: 10,
        thresholds: [.mallocCountTotal: .init(relative: [.p90: 2.0])]
    )
    let file = BenchInputs.collegesFile("city")
    let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
    for (name, validate) in [("ingest-validated", true), ("ingest-trusted", false)] {
        Benchmark(name) { benchmark in
            for _ in benchmark.scaledIterations {
                let r = BenchInputs.ingest(file, validate: validate)
                precondition(!r.hasErrors)
                blackHole(r.set.programs.count + bytes)
            }
        }
    }
}
