import TestSupport
import Testing

@testable import MatchingCore

/// Small instances of the benchmark families of `Benchmarks/flow_families.py` (general graphs
/// with lower bounds, grids, dense and sparse transportation, assignment, NETGEN-like networks and
/// the plan-like allocation network), drawn by a generator of their own with `SeededRandom` and
/// with other parameters: general 20 % lower bounds (the script: 4 %), capacities 1…9 and costs
/// 0…100 (the script: up to 1,000); grids 4 columns wide; 4 arcs per source of sparse
/// transportation, 4 per worker of assignment, 3 candidates per program of allocation; NETGEN-like
/// with 2 sources and 2 sinks, each source's chain ending at both sinks (the script: 5 % of the
/// nodes each, every chain ending at its own sinks).
enum FlowFamily: String, CaseIterable, Sendable {
    case general, grid, transportDense, transportSparse, assignment, netgen, allocation

    /// A feasible instance of about `scale` nodes (≥ 2); `tiny` caps capacities and supplies at 2
    /// and thins the arcs, so that exhaustive enumeration can check it.
    func make(scale: Int, tiny: Bool = false, rng: inout SeededRandom) -> MinCostFlow {
        func capped(_ x: Int64) -> Int64 { tiny ? Swift.min(x, 2) : x }
        switch self {
        case .general:
            let n = scale
            var arcs: [(Int, Int, Int64, Int64, Int64)] = []
            for _ in 0..<(tiny ? 2 * n : 5 * n) {
                let t = rng.int(0...n - 1)
                let h = (t + rng.int(1...n - 1)) % n
                let cap = capped(rng.int64(1...9))
                let low = rng.chance(0.2) ? rng.int64(1...max(1, cap / 2)) : 0
                arcs.append((t, h, low, cap, rng.int64(0...100)))
            }
            return Self.withFeasibleSupplies(n, arcs, rng: &rng)
        case .grid:
            let rows = max(2, scale / 4)
            let cols = tiny ? 2 : 4
            var p = MinCostFlow(nodeCount: rows * cols)
            for r in 0..<rows {
                let send = capped(rng.int64(1...5))
                try? p.setSupply(r * cols, send)
                try? p.setSupply(r * cols + cols - 1, -send)
                for c in 0..<cols {
                    let v = r * cols + c
                    if c + 1 < cols {
                        _ = try? p.addArc(from: v, to: v + 1, capacity: capped(rng.int64(5...15)), cost: rng.int64(1...20))
                        _ = try? p.addArc(from: v + 1, to: v, capacity: capped(rng.int64(1...10)), cost: rng.int64(1...20))
                    }
                    if r + 1 < rows {
                        _ = try? p.addArc(from: v, to: v + cols, capacity: capped(rng.int64(1...10)), cost: rng.int64(1...20))
                        _ = try? p.addArc(from: v + cols, to: v, capacity: capped(rng.int64(1...10)), cost: rng.int64(1...20))
                    }
                }
            }
            return p
        case .transportDense:
            let s = max(1, scale / 3)
            let t = max(1, scale - s)
            var p = MinCostFlow(nodeCount: s + t)
            var total: Int64 = 0
            for i in 0..<s {
                let v = capped(rng.int64(1...9))
                try? p.setSupply(i, v)
                total += v
            }
            var left = total
            for j in 0..<t {
                let d = j == t - 1 ? left : rng.int64(0...left)
                try? p.setSupply(s + j, -d)
                left -= d
            }
            for i in 0..<s {
                for j in 0..<t { _ = try? p.addArc(from: i, to: s + j, capacity: total, cost: rng.int64(0...100)) }
            }
            return p
        case .transportSparse:
            let s = max(1, scale / 2)
            let t = max(1, scale - s)
            var arcs: [(Int, Int, Int64, Int64, Int64)] = []
            for i in 0..<s {
                for _ in 0..<(tiny ? 2 : 4) { arcs.append((i, s + rng.int(0...t - 1), 0, capped(rng.int64(1...6)), rng.int64(0...100))) }
            }
            return Self.withFeasibleSupplies(s + t, arcs, rng: &rng)
        case .assignment:
            let k = max(1, scale / 2)
            var p = MinCostFlow(nodeCount: 2 * k)
            let perm = Array(0..<k).shuffled(using: &rng)
            for i in 0..<k {
                try? p.setSupply(i, 1)
                try? p.setSupply(k + i, -1)
                _ = try? p.addArc(from: i, to: k + perm[i], capacity: 1, cost: rng.int64(0...100))
                for _ in 0..<(tiny ? 1 : 3) {
                    _ = try? p.addArc(from: i, to: k + rng.int(0...k - 1), capacity: 1, cost: rng.int64(0...100))
                }
            }
            return p
        case .netgen:
            let n = max(4, scale)
            var p = MinCostFlow(nodeCount: n)
            let sources = [0, 1]
            let sinks = [n - 2, n - 1]
            var total: Int64 = 0
            for s in sources {
                let v = tiny ? 1 : rng.int64(1...20)
                try? p.setSupply(s, v)
                total += v
            }
            let d = rng.int64(0...total)
            try? p.setSupply(sinks[0], -d)
            try? p.setSupply(sinks[1], d - total)
            // Skeleton: each source's chain of transshipment nodes ends at both sinks, wide arcs.
            for (i, s) in sources.enumerated() {
                var last = s
                for v in stride(from: 2 + i, to: n - 2, by: 2) {
                    _ = try? p.addArc(from: last, to: v, capacity: total, cost: rng.int64(1...100))
                    last = v
                }
                for t in sinks { _ = try? p.addArc(from: last, to: t, capacity: total, cost: rng.int64(1...100)) }
            }
            for _ in 0..<(tiny ? 2 : 3 * n) {
                let t = rng.int(0...n - 1)
                let h = (t + rng.int(1...n - 1)) % n
                let cap = rng.chance(0.3) ? capped(rng.int64(1...10)) : total
                _ = try? p.addArc(from: t, to: h, capacity: cap, cost: rng.int64(1...100))
            }
            return p
        case .allocation:
            let programs = max(1, scale * 3 / 4)
            let roles = max(1, scale - programs - 1)
            let sink = programs + roles
            var p = MinCostFlow(nodeCount: programs + roles + 1)
            var total: Int64 = 0
            for i in 0..<programs {
                let g = capped(rng.int64(1...9))
                try? p.setSupply(i, g)
                total += g
                for _ in 0..<(tiny ? 1 : 3) {
                    _ = try? p.addArc(from: i, to: programs + rng.int(0...roles - 1), capacity: g, cost: -rng.int64(1...100))
                }
                _ = try? p.addArc(from: i, to: sink, capacity: g, cost: 0)
            }
            for r in 0..<roles { _ = try? p.addArc(from: programs + r, to: sink, capacity: capped(rng.int64(1...9)), cost: 0) }
            try? p.setSupply(sink, -total)
            return p
        }
    }

    /// Arcs (tail, head, lower, capacity, cost) with supplies of a random flow within the bounds.
    static func withFeasibleSupplies(
        _ n: Int, _ arcs: [(Int, Int, Int64, Int64, Int64)], rng: inout SeededRandom
    ) -> MinCostFlow {
        var p = MinCostFlow(nodeCount: n)
        var supply = Array(repeating: Int64(0), count: n)
        for (t, h, low, cap, cost) in arcs {
            _ = try? p.addArc(from: t, to: h, lower: low, capacity: cap, cost: cost)
            let f = rng.chance(0.4) ? rng.int64(low...cap) : low
            supply[t] += f
            supply[h] -= f
        }
        for v in 0..<n { try? p.setSupply(v, supply[v]) }
        return p
    }
}

@Suite struct FlowFamilyTests {
    /// Every family, 40 seeded tiny instances each: the solver's optimum equals the independent
    /// Bellman–Ford solver's, the certificate holds, and the DIMACS round trip solves the same.
    @Test(arguments: FlowFamily.allCases)
    func againstOracle(family: FlowFamily) throws {
        var rng = SeededRandom(seed: 2300 + UInt64(FlowFamily.allCases.firstIndex(of: family)!))
        for _ in 0..<40 {
            let p = family.make(scale: rng.int(4...14), rng: &rng)
            let expected = try #require(oracleMinCost(p), "\(family) instance must be feasible: \(p)")
            let r = try p.solve()
            #expect(r.status == .optimal && r.totalCost == expected, "\(family): \(p)")
            try p.verifyOptimality(r)
            let back = try DIMACS.readMinCostFlow(text: DIMACS.write(p))
            #expect(try back.solve().totalCost == expected)
        }
    }

    /// The smallest instances of each family against exhaustive enumeration of integer flows.
    @Test func againstBruteForce() throws {
        var rng = SeededRandom(seed: 2323)
        var checked = 0
        for family in FlowFamily.allCases {
            var here = 0
            for _ in 0..<120 where here < 60 {
                let p = family.make(scale: rng.int(2...4), tiny: true, rng: &rng)
                // Enumeration is exponential: keep instances with few arcs of small span.
                var space = 1.0
                for a in 0..<p.arcCount { space *= Double(p.capacities[a] - p.lowers[a] + 1) }
                guard space <= 200_000 else { continue }
                let expected = bruteForceMinCost(p)
                #expect(expected != nil && expected == oracleMinCost(p), "\(family): \(p)")
                let r = try p.solve()
                #expect(r.status == .optimal && r.totalCost == expected, "\(family): \(p)")
                try p.verifyOptimality(r)
                checked += 1
                here += 1
            }
            #expect(here >= 20, "\(family): only \(here) instances small enough to enumerate")
        }
        #expect(checked >= 300)
    }

    /// Larger instances (hundreds of nodes): all three block sizes are used (the allocation family
    /// has mostly negative costs and gets the small block; the NETGEN-like one, with 2 sources and 2
    /// sinks among 400 nodes, is a transshipment network and gets √m; the others get 2√m), and the
    /// certificate holds on each.
    @Test(arguments: FlowFamily.allCases)
    func certificateOnLarger(family: FlowFamily) throws {
        var rng = SeededRandom(seed: 4600 + UInt64(FlowFamily.allCases.firstIndex(of: family)!))
        let p = family.make(scale: 400, rng: &rng)
        let r = try p.solve()
        #expect(r.status == .optimal)
        try p.verifyOptimality(r)
        let core = simplexCore(p)
        defer { core.deallocate() }
        let root = Double(p.arcCount).squareRoot()
        let expected = family == .allocation ? 10 : min(p.arcCount, Int(family == .netgen ? root : 2 * root))
        #expect(core.blockSize == expected, "\(family): \(p.arcCount) arcs")
        #expect(core.run() == r.pivots, "the core built here is the one solve() runs")
    }

    /// The solver stores the block the rule gives: an allocation-shaped network (most arcs at a
    /// negative cost) gets 10 arcs, a general one 2√m; the core built like `solve()` builds it
    /// pivots exactly as often as `solve()` reports.
    @Test func solverUsesBlockRule() throws {
        var rng = SeededRandom(seed: 4700)
        let allocation = FlowFamily.allocation.make(scale: 4_000, rng: &rng)
        let general = FlowFamily.general.make(scale: 4_000, rng: &rng)
        for (p, expected) in [(allocation, 10), (general, Int(2 * Double(general.arcCount).squareRoot()))] {
            let core = simplexCore(p)
            defer { core.deallocate() }
            #expect(core.blockSize == expected, "\(p.arcCount) arcs")
            #expect(core.run() == (try p.solve()).pivots)
        }
        #expect(general.arcCount == 20_000)
        #expect(Int(2 * Double(general.arcCount).squareRoot()) == 282)
    }

    /// The block rule of Guides/MinCostFlow.md: 2√m arcs; √m / 100 (at least 10) when most arcs
    /// have a negative cost; √m when fewer than one node in 20 has a supply; never more than m.
    @Test func blockSizeRule() {
        func size(_ m: Int, negative: Int, nodes: Int = 100, supplied: Int = 100) -> Int {
            NetworkSimplexCore.blockSize(arcs: m, negativeCostArcs: negative, nodes: nodes, suppliedNodes: supplied)
        }
        #expect(size(100_000, negative: 0) == 632)
        #expect(size(100_000, negative: 50_000) == 632)
        #expect(size(100_000, negative: 50_001) == 10)
        #expect(size(5_000_000, negative: 4_000_000) == 22)
        #expect(size(1_000_000, negative: 10) == 2_000)
        #expect(size(7, negative: 0) == 7)
        // Transshipment networks (the grid: 1,000 of 250,000 nodes have a supply) get √m.
        #expect(size(998_000, negative: 0, nodes: 250_000, supplied: 1_000) == 998)
        #expect(size(100_000, negative: 0, nodes: 2_000, supplied: 99) == 316)
        #expect(size(100_000, negative: 0, nodes: 2_000, supplied: 100) == 632)
        // Mostly negative costs decide first.
        #expect(size(100_000, negative: 60_000, nodes: 2_000, supplied: 10) == 10)
    }

    /// Long grids, where few nodes have a supply, get the √m block: seeded instances of 2–3 rows
    /// and 45–60 columns (4–6 of 90–180 nodes supplied) solve at the independent solver's cost,
    /// with a certificate that holds.
    @Test func transshipmentGridAgainstOracle() throws {
        var rng = SeededRandom(seed: 2399)
        for _ in 0..<30 {
            let rows = rng.int(2...3)
            let cols = rng.int(45...60)
            var p = MinCostFlow(nodeCount: rows * cols)
            for r in 0..<rows {
                let send = rng.int64(1...5)
                try p.setSupply(r * cols, send)
                try p.setSupply(r * cols + cols - 1, -send)
                for c in 0..<cols {
                    let v = r * cols + c
                    if c + 1 < cols {
                        try p.addArc(from: v, to: v + 1, capacity: rng.int64(5...15), cost: rng.int64(1...20))
                        try p.addArc(from: v + 1, to: v, capacity: rng.int64(1...10), cost: rng.int64(1...20))
                    }
                    if r + 1 < rows {
                        try p.addArc(from: v, to: v + cols, capacity: rng.int64(1...10), cost: rng.int64(1...20))
                        try p.addArc(from: v + cols, to: v, capacity: rng.int64(1...10), cost: rng.int64(1...20))
                    }
                }
            }
            let core = simplexCore(p)
            defer { core.deallocate() }
            #expect(core.blockSize == max(10, Int(Double(p.arcCount).squareRoot())), "\(rows) × \(cols)")
            let expected = try #require(oracleMinCost(p))
            let r = try p.solve()
            #expect(r.status == .optimal && r.totalCost == expected, "\(rows) × \(cols)")
            try p.verifyOptimality(r)
        }
    }

    /// Arc mixing: unless most arcs cost less than zero, the solver stores the arcs with stride 3
    /// (input arc a of ten at slot 0, 3, 6, 9, 1, 4, 7, 2, 5, 8) and keeps each arc's data with
    /// it; mostly negative-cost networks keep the input order. Flows still come back in input order: the
    /// certificate checks them against the input arcs.
    @Test func arcOrder() throws {
        #expect(NetworkSimplexCore.arcStride(negativeCostArcs: 0, arcs: 100) == 3)
        #expect(NetworkSimplexCore.arcStride(negativeCostArcs: 50, arcs: 100) == 3)
        #expect(NetworkSimplexCore.arcStride(negativeCostArcs: 51, arcs: 100) == 1)
        var p = MinCostFlow(nodeCount: 4)
        try p.setSupply(0, 3)
        try p.setSupply(3, -3)
        for a in 0..<10 { _ = try p.addArc(from: a % 3, to: a % 3 + 1, capacity: Int64(a + 1), cost: Int64(10 - a)) }
        let core = simplexCore(p)
        defer { core.deallocate() }
        #expect((0..<10).map { Int(core.position[$0]) } == [0, 3, 6, 9, 1, 4, 7, 2, 5, 8])
        for a in 0..<10 {
            let slot = Int(core.position[a])
            #expect(core.source[slot] == p.tails[a] && core.target[slot] == p.heads[a])
            #expect(core.cost[slot] == p.costs[a] && core.cap[slot] == p.capacities[a])
        }
        let r = try p.solve()
        try p.verifyOptimality(r)
        #expect(r.totalCost == oracleMinCost(p))
        var rng = SeededRandom(seed: 4800)
        let allocation = FlowFamily.allocation.make(scale: 400, rng: &rng)
        let kept = simplexCore(allocation)
        defer { kept.deallocate() }
        #expect((0..<allocation.arcCount).allSatisfy { Int(kept.position[$0]) == $0 })
    }
}

/// The solver's core for `p`, built as `MinCostFlow.solve()` builds it (lower bounds shifted out of
/// capacities and supplies, the same artificial cost), for tests that read its stored choices.
func simplexCore(_ p: MinCostFlow) -> NetworkSimplexCore {
    let n = p.nodeCount
    let m = p.arcCount
    var supply = ContiguousArray<Int64>(repeating: 0, count: n + 1)
    for v in 0..<n { supply[v] = p.supply[v] }
    var residual = ContiguousArray<Int64>(repeating: 0, count: m)
    var maxCost: Int64 = 0
    for a in 0..<m {
        residual[a] = p.capacities[a] - p.lowers[a]
        maxCost = max(maxCost, abs(p.costs[a]))
        if p.tails[a] != p.heads[a] {
            supply[Int(p.tails[a])] -= p.lowers[a]
            supply[Int(p.heads[a])] += p.lowers[a]
        }
    }
    return NetworkSimplexCore(
        nodeCount: n, tails: p.tails, heads: p.heads, residualCapacity: residual, costs: p.costs,
        supply: supply, artificialCost: (maxCost + 1) * Int64(n + 1))
}
