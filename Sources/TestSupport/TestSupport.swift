// TestSupport: seeded generators and fixture builders shared by tests and benchmarks.
// It does not import Testing, so that the benchmarks can reuse it.

public import MatchingCore

/// A small, fast, seeded generator (SplitMix64): the same seed gives the same stream everywhere.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose stream is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    /// A uniform Int64 in `range`.
    public mutating func int64(_ range: ClosedRange<Int64>) -> Int64 { Int64.random(in: range, using: &self) }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
}

/// Random instance generators for MatchingCore's solvers.
public enum RandomInstances {
    /// A small general min-cost flow problem: random arcs (parallel, self-free), optional lower
    /// bounds, negative costs and zero capacities; supplies balanced unless `balanced` is false.
    public static func smallFlow(
        nodes: Int, arcs: Int, maxCapacity: Int64, costRange: ClosedRange<Int64>,
        lowerBounds: Bool, balanced: Bool = true, rng: inout SeededRandom
    ) -> MinCostFlow {
        var p = MinCostFlow(nodeCount: nodes)
        for _ in 0..<arcs {
            let t = rng.int(0...nodes - 1)
            var h = rng.int(0...nodes - 1)
            if h == t { h = (h + 1) % nodes }
            let cap = rng.int64(0...maxCapacity)
            let low = lowerBounds && rng.chance(0.3) ? rng.int64(0...cap) : 0
            _ = try? p.addArc(from: t, to: h, lower: low, capacity: cap, cost: rng.int64(costRange))
        }
        var total: Int64 = 0
        for v in 0..<nodes - 1 {
            let s = rng.int64(-maxCapacity...maxCapacity)
            try? p.setSupply(v, s)
            total += s
        }
        try? p.setSupply(nodes - 1, balanced ? -total : -total + rng.int64(1...3))
        return p
    }

    /// A transportation problem: `sources` supply 1…50, `sinks` demand 1…50, `arcsPerSource`
    /// random arcs each (cost 0…10⁴, uncapacitated), plus a zero-cost bypass from every source
    /// to one extra node that absorbs the excess (or covers a shortfall at cost 2·10⁴), so the
    /// instance is always feasible.
    public static func transportation(
        sources: Int, sinks: Int, arcsPerSource: Int, rng: inout SeededRandom
    ) -> MinCostFlow {
        let bypass = sources + sinks
        var p = MinCostFlow(nodeCount: sources + sinks + 1)
        p.reserveArcs(sources * (arcsPerSource + 1))
        var supplyTotal: Int64 = 0
        var demandTotal: Int64 = 0
        for s in 0..<sources {
            let v = rng.int64(1...50)
            try? p.setSupply(s, v)
            supplyTotal += v
        }
        for t in 0..<sinks {
            let v = rng.int64(1...50)
            try? p.setSupply(sources + t, -v)
            demandTotal += v
        }
        // The bypass absorbs excess supply at zero cost, or covers a shortfall at a high cost.
        try? p.setSupply(bypass, demandTotal - supplyTotal)
        let big = max(supplyTotal, demandTotal)
        for s in 0..<sources {
            for _ in 0..<arcsPerSource {
                let t = sources + rng.int(0...sinks - 1)
                _ = try? p.addArc(from: s, to: t, capacity: big, cost: rng.int64(0...10_000))
            }
            _ = try? p.addArc(from: s, to: bypass, capacity: big, cost: 0)
        }
        for t in 0..<sinks {  // every sink reachable, whatever the random draw
            _ = try? p.addArc(from: t % sources, to: sources + t, capacity: big, cost: 10_000)
            if supplyTotal < demandTotal {
                _ = try? p.addArc(from: bypass, to: sources + t, capacity: big, cost: 20_000)
            }
        }
        return p
    }

    /// A random sparse matrix: `rows` rows, each with 1…`maxPerRow` distinct columns of
    /// `columns`, values drawn from `values` (small sets of values produce ties).
    public static func sparseMatrix(
        rows: Int, columns: Int, maxPerRow: Int, values: [Float], rng: inout SeededRandom
    ) -> SparseMatrix {
        var b = SparseMatrix.Builder(columnCount: columns)
        for _ in 0..<rows {
            let count = rng.int(1...maxPerRow)
            for _ in 0..<count {
                b.append(column: rng.int(0...columns - 1), value: values[rng.int(0...values.count - 1)])
            }
            b.finishRow()
        }
        return b.build()
    }
}
