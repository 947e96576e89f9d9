public import Catalog
import Foundation
public import MatchingCore
public import Planner
public import TestSupport

/// Where the benchmark inputs are and how the seeded ones are built.
///
/// Generated files (colleges and demand from `chanjiao generate`, DIMACS files, exported vectors)
/// live in `Benchmarks/.inputs/` (or `$CHANJIAO_BENCH_INPUTS`); `./compare` writes them. When a
/// scale has not been generated, the suites fall back to the committed illustrative Chongqing set.
public enum BenchInputs {
    /// The repository root (two folders above this package), or `$CHANJIAO_ROOT`.
    public static var repositoryRoot: String {
        if let r = ProcessInfo.processInfo.environment["CHANJIAO_ROOT"], !r.isEmpty { return r }
        // …/Benchmarks/Support/BenchSupport/BenchInputs.swift → …
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }

    /// The shipped catalogs: majors, occupations, clusters.
    public static var catalogs: String { repositoryRoot + "/Catalogs" }

    /// The folder of generated inputs.
    public static var directory: String {
        if let d = ProcessInfo.processInfo.environment["CHANJIAO_BENCH_INPUTS"], !d.isEmpty { return d }
        return repositoryRoot + "/Benchmarks/.inputs"
    }

    /// The generated colleges and demand of `scale` (city, province, national), or the committed
    /// Chongqing set when that scale has not been generated.
    public static func scaleDirectory(_ scale: String) -> (path: String, generated: Bool) {
        let d = directory + "/" + scale
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: d, isDirectory: &isDirectory), isDirectory.boolValue {
            return (d, true)
        }
        return (catalogs + "/chongqing", false)
    }

    /// The largest colleges file of `scale` (the ingest benchmark's input).
    public static func collegesFile(_ scale: String) -> String {
        let (dir, _) = scaleDirectory(scale)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        let colleges = files.filter { $0.hasPrefix("colleges") && $0.hasSuffix(".xml") }.sorted()
        let sized = colleges.map { name -> (String, Int) in
            let p = dir + "/" + name
            let size = (try? FileManager.default.attributesOfItem(atPath: p)[.size] as? Int) ?? 0
            return (p, size ?? 0)
        }
        return sized.max { $0.1 < $1.1 }?.0 ?? (dir + "/colleges.xml")
    }

    /// Loads `paths` with the shipped catalogs as reference, as `chanjiao plan` does.
    public static func load(_ paths: [String], validate: Bool = true) -> CatalogLoader.Result {
        CatalogLoader(options: IngestOptions(validate: validate), referenceDirectory: catalogs).load(paths)
    }

    /// Loads one file alone (no reference catalogs): the ingest benchmark's unit of work.
    public static func ingest(_ file: String, validate: Bool) -> CatalogLoader.Result {
        CatalogLoader(options: IngestOptions(validate: validate)).load([file])
    }

    /// The whole input set of a scale, validated.
    public static func set(scale: String) -> CatalogSet {
        let r = load([scaleDirectory(scale).path])
        precondition(!r.hasErrors, "inputs of \(scale) have errors: \(r.diagnostics.prefix(3))")
        return r.set
    }

    /// The seeded transportation instance of the min-cost-flow benchmarks (as in Guides/MinCostFlow.md).
    public static func transportation(sources: Int, sinks: Int, arcsPerSource: Int, seed: UInt64 = 42) -> MinCostFlow {
        var rng = SeededRandom(seed: seed)
        return RandomInstances.transportation(sources: sources, sinks: sinks, arcsPerSource: arcsPerSource, rng: &rng)
    }

    /// A seeded hospital–resident instance without ties: `residents` each list `listLength`
    /// distinct hospitals (their weights give a strict order); every hospital's weights over its
    /// applicants are distinct too. Hospital quotas are drawn so that seats ≈ 0.8 × residents.
    public static func hospitalResident(
        residents: Int, hospitals: Int, listLength: Int, seed: UInt64 = 7
    ) -> DeferredAcceptance {
        var rng = SeededRandom(seed: seed)
        let meanQuota = max(1, Int((0.8 * Double(residents) / Double(hospitals)).rounded()))
        var da = DeferredAcceptance(proposerCount: residents, receiverCount: hospitals, proposerQuota: 1, receiverQuota: 1)
        for h in 0..<hospitals {
            try! da.setReceiverQuota(h, rng.int(max(1, meanQuota / 2)...max(1, meanQuota * 3 / 2)))
        }
        let length = min(listLength, hospitals)
        let edgeCount = residents * length
        // Hospitals' weights: a random permutation of 1...E, so no hospital sees a tie.
        var rank = Array(1...Int64(max(edgeCount, 1)))
        rank.shuffle(using: &rng)
        var e = 0
        for r in 0..<residents {
            var chosen = Set<Int>()
            // Popularity: hospital h is drawn with weight ~ 1/(1 + h/10) by rejection.
            while chosen.count < length {
                let h = rng.int(0...hospitals - 1)
                if rng.chance(1.0 / (1.0 + Double(h) / Double(max(1, hospitals / 10)))) || rng.chance(0.05) {
                    chosen.insert(h)
                }
            }
            var order = Array(chosen).sorted()
            order.shuffle(using: &rng)
            for (i, h) in order.enumerated() {
                try! da.addEdge(proposer: r, receiver: h, proposerWeight: Int64(length - i), receiverWeight: rank[e])
                e += 1
            }
        }
        return da
    }

    /// The default policy's scoring.
    public static var scoring: ScoringPolicy { ScoringPolicy() }
}
