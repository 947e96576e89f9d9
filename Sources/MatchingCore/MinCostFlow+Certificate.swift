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

extension NetworkSimplexCore {
    /// The nodes reachable in the residual graph of real arcs from the sources whose artificial
    /// arc still carries flow. At a Big-M optimum no demand with artificial inflow is reachable
    /// (that path would close a negative cycle through the root), so every arc leaving the set
    /// is full, every arc entering it is empty, and its supply exceeds what can leave it.
    /// - Complexity: O(n + m).
    func infeasibleCut() -> ContiguousArray<Bool> {
        var outStart = ContiguousArray<Int>(repeating: 0, count: n + 1)
        var inStart = ContiguousArray<Int>(repeating: 0, count: n + 1)
        for a in 0..<m {
            outStart[Int(source[a]) + 1] += 1
            inStart[Int(target[a]) + 1] += 1
        }
        for v in 0..<n {
            outStart[v + 1] += outStart[v]
            inStart[v + 1] += inStart[v]
        }
        var outArcs = ContiguousArray<Int32>(repeating: 0, count: m)
        var inArcs = ContiguousArray<Int32>(repeating: 0, count: m)
        var outFill = outStart
        var inFill = inStart
        for a in 0..<m {
            let t = Int(source[a])
            let h = Int(target[a])
            outArcs[outFill[t]] = Int32(a)
            outFill[t] += 1
            inArcs[inFill[h]] = Int32(a)
            inFill[h] += 1
        }
        var inCut = ContiguousArray<Bool>(repeating: false, count: n)
        var stack: [Int] = []
        for u in 0..<n where Int(source[m + u]) == u && flow[m + u] > 0 {
            inCut[u] = true
            stack.append(u)
        }
        while let x = stack.popLast() {
            for i in outStart[x]..<outStart[x + 1] {
                let a = Int(outArcs[i])
                let h = Int(target[a])
                if !inCut[h] && flow[a] < cap[a] {
                    inCut[h] = true
                    stack.append(h)
                }
            }
            for i in inStart[x]..<inStart[x + 1] {
                let a = Int(inArcs[i])
                let t = Int(source[a])
                if !inCut[t] && flow[a] > 0 {
                    inCut[t] = true
                    stack.append(t)
                }
            }
        }
        return inCut
    }

    func hasArtificialFlow() -> Bool {
        for u in 0..<n where flow[m + u] != 0 { return true }
        return false
    }
}
