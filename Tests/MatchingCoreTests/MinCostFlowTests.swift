import MatchingCore
import TestSupport
import Testing

@Suite struct MinCostFlowTests {
    @Test func tiny() throws {
        var p = MinCostFlow(nodeCount: 3)
        try p.setSupply(0, 5)
        try p.setSupply(2, -5)
        try p.addArc(from: 0, to: 1, capacity: 4, cost: 1)
        try p.addArc(from: 1, to: 2, capacity: 10, cost: 1)
        try p.addArc(from: 0, to: 2, capacity: 10, cost: 5)
        let r = try p.solve()
        #expect(r.status == .optimal)
        #expect(r.totalCost == 13)
        #expect(r.flow == [4, 4, 1])
        try p.verifyOptimality(r)
    }

    /// 1,200 random small instances (parallel arcs, zero capacities, lower bounds, negative
    /// costs and cycles, infeasible ones) against the Bellman–Ford oracle.
    @Test(arguments: 0..<12)
    func againstOracle(batch: Int) throws {
        var rng = SeededRandom(seed: 1000 + UInt64(batch))
        var infeasible = 0
        for _ in 0..<100 {
            let nodes = rng.int(2...7)
            let p = RandomInstances.smallFlow(
                nodes: nodes, arcs: rng.int(0...14), maxCapacity: Int64(rng.int(0...6)),
                costRange: -5...10, lowerBounds: rng.chance(0.5), balanced: !rng.chance(0.05), rng: &rng)
            let expected = oracleMinCost(p)
            let r = try p.solve()
            if let expected {
                #expect(r.status == .optimal, "\(p)")
                #expect(r.totalCost == expected, "\(p)")
                try p.verifyOptimality(r)
            } else {
                infeasible += 1
                #expect(r.status == .infeasible, "\(p)")
                try p.verifyOptimality(r)
            }
        }
        #expect(infeasible > 0)
    }

    /// 500 tiny instances against exhaustive enumeration of integer flows.
    @Test func againstBruteForce() throws {
        var rng = SeededRandom(seed: 31)
        var infeasible = 0
        for _ in 0..<500 {
            let p = RandomInstances.smallFlow(
                nodes: rng.int(2...4), arcs: rng.int(0...5), maxCapacity: 3, costRange: -4...6,
                lowerBounds: true, balanced: !rng.chance(0.05), rng: &rng)
            let expected = bruteForceMinCost(p)
            #expect(expected == oracleMinCost(p))
            let r = try p.solve()
            if let expected {
                #expect(r.status == .optimal && r.totalCost == expected, "\(p)")
                try p.verifyOptimality(r)
            } else {
                infeasible += 1
                #expect(r.status == .infeasible, "\(p)")
                try p.verifyOptimality(r)  // the Hoffman cut (or unbalanced supplies) proves it
            }
        }
        #expect(infeasible > 0)
    }

    @Test func overflowIsReportedNotWrapped() throws {
        var p = MinCostFlow(nodeCount: 2)
        try p.setSupply(0, 1)
        try p.setSupply(1, -1)
        try p.addArc(from: 0, to: 1, capacity: 1, cost: Int64.max / 2)
        #expect(throws: MatchingCoreError.self) { try p.solve() }
        var q = MinCostFlow(nodeCount: 2)
        try q.addArc(from: 0, to: 1, capacity: Int64.max, cost: -3)
        try q.addArc(from: 1, to: 0, capacity: Int64.max, cost: -3)
        #expect(throws: MatchingCoreError.self) { try q.solve() }
    }

    @Test func negativeCycleIsSaturated() throws {
        var p = MinCostFlow(nodeCount: 3)
        try p.addArc(from: 0, to: 1, capacity: 4, cost: -2)
        try p.addArc(from: 1, to: 2, capacity: 3, cost: 1)
        try p.addArc(from: 2, to: 0, capacity: 5, cost: 0)
        let r = try p.solve()
        #expect(r.status == .optimal && r.totalCost == -3 && r.flow == [3, 3, 3])
        try p.verifyOptimality(r)
    }

    @Test func cutCheckerRejectsAWrongCut() throws {
        var p = MinCostFlow(nodeCount: 3)
        try p.setSupply(0, 5)
        try p.setSupply(2, -5)
        try p.addArc(from: 0, to: 1, capacity: 3, cost: 1)
        try p.addArc(from: 1, to: 2, capacity: 9, cost: 1)
        let r = try p.solve()
        #expect(r.status == .infeasible)
        try p.verifyOptimality(r)
        #expect(throws: MatchingCoreError.self) { try p.verifyInfeasibleCut([true, true, false]) }
        #expect(throws: MatchingCoreError.self) { try p.verifyInfeasibleCut([false, false, false]) }
    }

    @Test(arguments: [(200, 10_000), (2_000, 100_000)])
    func certificateOnLargeRandom(nodes: Int, arcs: Int) throws {
        var rng = SeededRandom(seed: UInt64(arcs))
        let p = RandomInstances.smallFlow(
            nodes: nodes, arcs: arcs, maxCapacity: 30, costRange: -100...1_000, lowerBounds: true, rng: &rng)
        let r = try p.solve()
        if r.status == .optimal { try p.verifyOptimality(r) }
        let sources = nodes / 4
        let t = RandomInstances.transportation(
            sources: sources, sinks: nodes - sources, arcsPerSource: arcs / sources, rng: &rng)
        let rt = try t.solve()
        #expect(rt.status == .optimal)
        try t.verifyOptimality(rt)
    }

    @Test func certificateRejectsWrongFlow() throws {
        var rng = SeededRandom(seed: 7)
        let p = RandomInstances.transportation(sources: 30, sinks: 10, arcsPerSource: 5, rng: &rng)
        let r = try p.solve()
        try p.verifyOptimality(r)
        // Move one unit around a cycle (breaks slackness or conservation): must be rejected.
        var bad = r
        let a = try #require(bad.flow.indices.first { bad.flow[$0] > 0 && p.costs[$0] > 0 })
        bad.flow[a] -= 1
        #expect(throws: MatchingCoreError.self) { try p.verifyOptimality(bad) }
        var wrongCost = r
        wrongCost.totalCost += 1
        #expect(throws: MatchingCoreError.self) { try p.verifyOptimality(wrongCost) }
        var wrongPotential = r
        wrongPotential.potential[0] += 1_000_000
        #expect(throws: MatchingCoreError.self) { try p.verifyOptimality(wrongPotential) }
    }

    @Test func unbalancedSuppliesAreInfeasible() throws {
        var p = MinCostFlow(nodeCount: 2)
        try p.setSupply(0, 3)
        try p.setSupply(1, -2)
        try p.addArc(from: 0, to: 1, capacity: 10, cost: 1)
        #expect(try p.solve().status == .infeasible)
    }

    @Test func rejectsBadInput() {
        var p = MinCostFlow(nodeCount: 2)
        #expect(throws: MatchingCoreError.nodeOutOfRange(node: 2, nodeCount: 2)) {
            try p.addArc(from: 0, to: 2, capacity: 1, cost: 0)
        }
        #expect(throws: MatchingCoreError.invalidBounds(arc: 0, lower: 3, upper: 2)) {
            try p.addArc(from: 0, to: 1, lower: 3, capacity: 2, cost: 0)
        }
    }

    @Test(.enabled(if: Environment.bench)) func benchmarkMillionArcs() throws {
        var rng = SeededRandom(seed: 42)
        let p = RandomInstances.transportation(sources: 30_000, sinks: 10_000, arcsPerSource: 35, rng: &rng)
        let clock = ContinuousClock()
        var r: MinCostFlowResult? = nil
        let elapsed = try clock.measure { r = try p.solve() }
        let result = try #require(r)
        print("BENCH flow arcs=\(p.arcCount) nodes=\(p.nodeCount) time=\(elapsed) pivots=\(result.pivots) cost=\(result.totalCost)")
        try p.verifyOptimality(result)
    }
}
