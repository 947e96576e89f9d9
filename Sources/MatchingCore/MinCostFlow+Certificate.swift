extension MinCostFlow {
    /// Checks that `result` is an optimal flow, independently of the solver.
    ///
    /// For an optimal result: every flow within `[lower, capacity]`, conservation
    /// `Σ out − Σ in = supply` at every node, `totalCost = Σ flow·cost`, and complementary
    /// slackness with the returned potentials: reduced cost `cost + π[tail] − π[head]` < 0 ⇒
    /// flow = capacity, > 0 ⇒ flow = lower. Together these prove optimality (LP duality).
    /// An infeasible result is accepted when the supplies do not sum to zero, or when its
    /// `infeasibleCut` X violates Hoffman's condition:
    /// `Σ_X supply > Σ_{X→out} capacity − Σ_{out→X} lower`, so no feasible flow exists.
    /// - Complexity: O(n + m).
    public func verifyOptimality(_ result: MinCostFlowResult) throws(MatchingCoreError) {
        if result.status == .infeasible {
            if supplySum != 0 { return }
            try verifyInfeasibleCut(result.infeasibleCut)
            return
        }
        try verifyOptimality(flow: result.flow, potential: result.potential, totalCost: result.totalCost)
    }

    /// Checks bounds, conservation, cost and complementary slackness of a flow and potentials.
    /// - Complexity: O(n + m).
    public func verifyOptimality(
        flow: ContiguousArray<Int64>, potential: ContiguousArray<Int64>, totalCost: Int64? = nil
    ) throws(MatchingCoreError) {
        guard flow.count == arcCount else {
            throw .certificate("flow has \(flow.count) entries for \(arcCount) arcs")
        }
        guard potential.count == nodeCount else {
            throw .certificate("potential has \(potential.count) entries for \(nodeCount) nodes")
        }
        var excess = supply.map { Int128($0) }
        var total: Int128 = 0
        for a in 0..<arcCount {
            let f = flow[a]
            let t = Int(tails[a])
            let h = Int(heads[a])
            if f < lowers[a] || f > capacities[a] {
                throw .certificate("arc \(a) flow \(f) outside [\(lowers[a]), \(capacities[a])]")
            }
            excess[t] -= Int128(f)
            excess[h] += Int128(f)
            total += Int128(f) * Int128(costs[a])
            let rc = Int128(costs[a]) + Int128(potential[t]) - Int128(potential[h])
            if rc < 0 && f != capacities[a] {
                throw .certificate("arc \(a) has reduced cost \(rc) < 0 but flow \(f) < capacity \(capacities[a])")
            }
            if rc > 0 && f != lowers[a] {
                throw .certificate("arc \(a) has reduced cost \(rc) > 0 but flow \(f) > lower \(lowers[a])")
            }
        }
        for v in 0..<nodeCount where excess[v] != 0 {
            throw .certificate("node \(v) violates conservation by \(excess[v])")
        }
        if let totalCost, Int128(totalCost) != total {
            throw .certificate("total cost \(totalCost) differs from Σ flow·cost = \(total)")
        }
    }

    /// Checks that node set `cut` proves infeasibility (Hoffman's condition fails on it).
    /// - Complexity: O(n + m).
    public func verifyInfeasibleCut(_ cut: ContiguousArray<Bool>) throws(MatchingCoreError) {
        guard cut.count == nodeCount else {
            throw .certificate("infeasible cut has \(cut.count) entries for \(nodeCount) nodes")
        }
        var inside: Int128 = 0
        for v in 0..<nodeCount where cut[v] { inside += Int128(supply[v]) }
        var canLeave: Int128 = 0
        for a in 0..<arcCount {
            let t = cut[Int(tails[a])]
            let h = cut[Int(heads[a])]
            if t && !h { canLeave += Int128(capacities[a]) }
            if h && !t { canLeave -= Int128(lowers[a]) }
        }
        if inside <= canLeave {
            throw .certificate("the cut's supply \(inside) does not exceed what can leave it (\(canLeave))")
        }
    }
}
