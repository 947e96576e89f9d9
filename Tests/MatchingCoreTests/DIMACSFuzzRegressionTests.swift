import MatchingCore
import Testing

/// Inputs that once failed the DIMACS + min-cost flow fuzz target (Fuzz/DIMACSFlow), kept as
/// regressions. Each is also a seed of the fuzzer (Fuzz/DIMACSFlow/regressions/).
@Suite struct DIMACSFuzzRegressionTests {
    /// Reads, solves and checks the certificate, as the fuzz target does.
    static func solveAndVerify(_ text: String) throws -> MinCostFlowResult {
        let problem = try DIMACS.readMinCostFlow(text: text)
        #expect(try DIMACS.readMinCostFlow(text: DIMACS.write(problem)) == problem)
        let result = try problem.solve()
        try problem.verifyOptimality(result)
        return result
    }

    @Test("a self-loop with a lower bound is solved and certified (finding D1, self-loop-lower-bound.min)")
    func selfLoopWithLowerBound() throws {
        // Node 1 must send 5 but only 4 can leave it: infeasible, with the cut {1}.
        let infeasible = "p min 3 3\nn 1 5\nn 3 -5\na 1 2 0 3 -1\na 2 2 2 3 4\na 1 3 0 1 7\n"
        // The same loop in a feasible problem: the loop carries its lower bound 2 at cost 4 each.
        let feasible = "p min 2 2\nn 1 3\nn 2 -3\na 1 2 0 5 1\na 2 2 2 3 4\n"
        let r1 = try Self.solveAndVerify(infeasible)
        #expect(r1.status == .infeasible)
        let r2 = try Self.solveAndVerify(feasible)
        #expect(r2.status == .optimal && r2.totalCost == 3 + 8)
    }

    @Test("a huge NODES count is refused before any memory is taken")
    func hugeNodeCount() {
        let refused = MatchingCoreError.dimacs(line: 1, message: "NODES 2000000000 is over the reader's limit of 16777216")
        #expect(throws: refused) {
            try DIMACS.readMinCostFlow(text: "p min 2000000000 0\n")
        }
        #expect(throws: MatchingCoreError.self) { try DIMACS.readMinCostFlow(text: "p min 16777217 0") }
    }

    @Test("a huge ARCS count with no arc lines reserves little and fails on the count")
    func hugeArcCount() {
        #expect(
            throws: MatchingCoreError.dimacs(
                line: 2, message: "the 'p' line (line 1) declares 2000000000 arcs but the file has 1")
        ) {
            try DIMACS.readMinCostFlow(text: "p min 2 2000000000\na 1 2 0 1 1\n")
        }
    }

    @Test("ten million declared nodes read in bounded time (fuzz timeout under ASan, ten-million-isolated-nodes.min)")
    func tenMillionIsolatedNodes() throws {
        let clock = ContinuousClock()
        var problem: MinCostFlow?
        let elapsed = try clock.measure { problem = try DIMACS.readMinCostFlow(text: "p min 10000000 0") }
        #expect(problem?.nodeCount == 10_000_000 && problem?.arcCount == 0)
        #expect(elapsed < .seconds(10), "took \(elapsed)")
    }
}
