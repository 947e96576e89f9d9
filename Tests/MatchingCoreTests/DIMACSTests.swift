import MatchingCore
import TestSupport
import Testing

@Suite struct DIMACSTests {
    @Test func readsGoodFile() throws {
        let text = """
            c a small example

            p min 4 5
            n 1 4
            n 4 -4
            a 1 2 0 4 2
            a 1 3 0 2 2
            a 2 3 0 2 1
            a 2 4 1 3 3\r
            a 3 4 0 5 1
            c trailing comment
            """
        let p = try DIMACS.readMinCostFlow(text: text)
        #expect(p.nodeCount == 4)
        #expect(p.arcCount == 5)
        #expect(Array(p.supply) == [4, 0, 0, -4])
        #expect(p.tails[3] == 1 && p.heads[3] == 3 && p.lowers[3] == 1 && p.capacities[3] == 3 && p.costs[3] == 3)
        let r = try p.solve()
        #expect(r.status == .optimal)
        #expect(r.totalCost == 15)
        try p.verifyOptimality(r)
    }

    @Test func roundTripsRandomProblems() throws {
        var rng = SeededRandom(seed: 99)
        for _ in 0..<20 {
            let p = RandomInstances.smallFlow(
                nodes: 6, arcs: 12, maxCapacity: 9, costRange: -9...9, lowerBounds: true, rng: &rng)
            #expect(try DIMACS.readMinCostFlow(text: DIMACS.write(p)) == p)
        }
    }

    @Test func emptyNetworkIsFine() throws {
        let p = try DIMACS.readMinCostFlow(text: "p min 0 0\n")
        #expect(try p.solve().status == .optimal)
    }

    static let malformed: [(text: String, line: Int, fragment: String)] = [
        ("c only a comment\n", 1, "missing 'p min NODES ARCS'"),
        ("", 1, "missing 'p min NODES ARCS'"),
        ("c x\na 1 2 0 1 1\np min 2 1\n", 2, "'a' line before the 'p min"),
        ("p min 2 1\np min 2 1\n", 2, "duplicate 'p' line (the first is line 1)"),
        ("p max 2 1\n", 1, "expected problem type 'min', found 'max'"),
        ("p min 2 1\n\na 1 3 0 1 1\n", 3, "HEAD 3 is out of range 1...2"),
        ("p min 2 1\na 0 2 0 1 1\n", 2, "TAIL 0 is out of range 1...2"),
        ("p min 2 1\na 1 2 0 1 x\n", 2, "expected an integer for COST, found 'x'"),
        ("p min 2 1\na 1 2 0 1\n", 2, "expected COST, found end of line"),
        ("p min 2 1\na 1 2 5 4 1\n", 2, "CAP 4 is below LOW 5"),
        ("p min 2 2\nc\na 1 2 0 4 1\n", 3, "declares 2 arcs but the file has 1"),
        ("p min 2 1\na 1 2 0 4 1\na 2 1 0 4 1\n", 3, "more arcs than the 1 declared"),
        ("p min 2 1\nx 1 2\n", 2, "unknown line type 'x'"),
        ("p min 2 1\nn 1 2 3\n", 2, "unexpected extra token '3'"),
        ("p min 2 1\nn 1 2\nn 1 3\n", 3, "duplicate supply for node 1 (first at line 2)"),
        ("p min 2 1\nn 1 99999999999999999999\n", 2, "does not fit in 64 bits"),
        ("p min 2 1\nnode 1 2\n", 2, "unknown line type 'node'"),
    ]

    @Test(arguments: malformed)
    func reportsMalformedWithLine(text: String, line: Int, fragment: String) {
        do {
            _ = try DIMACS.readMinCostFlow(text: text)
            Issue.record("accepted malformed input \(text.debugDescription)")
        } catch {
            guard case .dimacs(let l, let message) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(l == line, "\(message)")
            #expect(message.contains(fragment), "\(message)")
        }
    }

    @Test func unbalancedSuppliesReadButInfeasible() throws {
        let p = try DIMACS.readMinCostFlow(text: "p min 2 1\nn 1 3\nn 2 -2\na 1 2 0 5 1\n")
        #expect(p.supplySum == 1)
        #expect(try p.solve().status == .infeasible)
    }
}
