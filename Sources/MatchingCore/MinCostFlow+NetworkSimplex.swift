extension MinCostFlow {
    /// Solves the problem exactly with the primal network simplex (block-search pivoting).
    ///
    /// Returns `.infeasible` when the supplies do not sum to zero or no flow meets the bounds.
    /// Throws `.arithmeticOverflow` when costs, supplies or bounds are so large that potentials or
    /// the total cost would not fit in Int64.
    /// - Complexity: each pivot costs O(√m) pricing plus O(size of the moved subtree + cycle
    ///   length); the number of pivots is not polynomially bounded in theory but is close to
    ///   linear in practice. Memory O(n + m).
    public func solve() throws(MatchingCoreError) -> MinCostFlowResult {
        let n = nodeCount
        let m = arcCount
        var shiftedSupply = ContiguousArray<Int64>(repeating: 0, count: n + 1)
        for i in 0..<n { shiftedSupply[i] = supply[i] }
        var residualCap = ContiguousArray<Int64>(repeating: 0, count: m)
        var baseCost: Int64 = 0
        var maxCost: Int64 = 0
        for a in 0..<m {
            let l = lowers[a]
            let u = capacities[a]
            let c = costs[a]
            let (span, o1) = u.subtractingReportingOverflow(l)
            if o1 { throw .arithmeticOverflow("capacity minus lower bound of arc \(a)") }
            residualCap[a] = span
            if c == Int64.min { throw .arithmeticOverflow("cost of arc \(a)") }
            maxCost = Swift.max(maxCost, c.magnitude > UInt64(Int64.max) ? Int64.max : abs(c))
            // A self-loop's lower bound leaves and re-enters the same node: no supply changes
            // (shifting both ends from the same old value would add it instead, finding D1).
            if l != 0 && tails[a] != heads[a] {
                let t = Int(tails[a])
                let h = Int(heads[a])
                let (s1, o2) = shiftedSupply[t].subtractingReportingOverflow(l)
                let (s2, o3) = shiftedSupply[h].addingReportingOverflow(l)
                let (lc, o4) = l.multipliedReportingOverflow(by: c)
                let (bc, o5) = baseCost.addingReportingOverflow(lc)
                if o2 || o3 || o4 || o5 { throw .arithmeticOverflow("lower bound of arc \(a)") }
                shiftedSupply[t] = s1
                shiftedSupply[h] = s2
                baseCost = bc
            } else if l != 0 {
                let (lc, o4) = l.multipliedReportingOverflow(by: c)
                let (bc, o5) = baseCost.addingReportingOverflow(lc)
                if o4 || o5 { throw .arithmeticOverflow("lower bound of arc \(a)") }
                baseCost = bc
            }
        }
        if try !Self.sumsToZero(shiftedSupply, count: n) || supplySum != 0 {
            return MinCostFlowResult(status: .infeasible, totalCost: 0, flow: [], potential: [], pivots: 0)
        }
        // Artificial arcs cost more than any simple path of real arcs, so they carry flow at
        // the optimum only when the problem is infeasible. Potentials stay within a few times
        // this bound.
        let (a1, o1) = (maxCost &+ 1).multipliedReportingOverflow(by: Int64(n + 1))
        let (_, o2) = a1.multipliedReportingOverflow(by: 8)
        if o1 || o2 || maxCost == Int64.max { throw .arithmeticOverflow("max |cost| × (nodes + 1) × 8") }
        let core = NetworkSimplexCore(
            nodeCount: n, tails: tails, heads: heads, residualCapacity: residualCap, costs: costs,
            supply: shiftedSupply, artificialCost: a1)
        defer { core.deallocate() }
        let pivots = core.run()
        if core.hasArtificialFlow() {
            var result = MinCostFlowResult(status: .infeasible, totalCost: 0, flow: [], potential: [], pivots: pivots)
            result.infeasibleCut = core.infeasibleCut()
            return result
        }
        return try optimalResult(of: core, pivots: pivots, baseCost: baseCost)
    }

    /// Whether the supplies sum to zero; throws when the sum or the sum of the positive ones
    /// overflows.
    private static func sumsToZero(_ supply: ContiguousArray<Int64>, count n: Int) throws(MatchingCoreError) -> Bool {
        var sum: Int64 = 0
        var positive: Int64 = 0
        for i in 0..<n {
            let s = supply[i]
            let (r, o) = sum.addingReportingOverflow(s)
            if o { throw .arithmeticOverflow("sum of supplies") }
            sum = r
            if s > 0 {
                let (p, o2) = positive.addingReportingOverflow(s)
                if o2 { throw .arithmeticOverflow("sum of positive supplies") }
                positive = p
            }
        }
        return sum == 0
    }

    /// The optimal result read from the core: flows in input order with their lower bounds added
    /// back, the total cost (checked arithmetic) and potentials relative to the root.
    private func optimalResult(of core: NetworkSimplexCore, pivots: Int, baseCost: Int64) throws(MatchingCoreError)
        -> MinCostFlowResult
    {
        let n = nodeCount
        let m = arcCount
        var flow = ContiguousArray<Int64>(repeating: 0, count: m)
        var total = baseCost
        for a in 0..<m {
            let f = core.flow[Int(core.position[a])]
            flow[a] = f &+ lowers[a]
            let (fc, o3) = f.multipliedReportingOverflow(by: costs[a])
            let (t, o4) = total.addingReportingOverflow(fc)
            if o3 || o4 { throw .arithmeticOverflow("total cost") }
            total = t
        }
        var potential = ContiguousArray<Int64>(repeating: 0, count: n)
        for i in 0..<n { potential[i] = core.pi[i] &- core.pi[n] }
        return MinCostFlowResult(status: .optimal, totalCost: total, flow: flow, potential: potential, pivots: pivots)
    }
}

/// The working state of the network simplex: a spanning tree rooted at an extra node `n`, kept
/// as parent / predecessor arc / preorder thread / subtree size arrays.
///
/// Real arcs are `0..<m`, artificial arcs `m..<m+n` (one between each node and the root).
/// Buffers are raw so that the pivot loop runs on unsafe pointers without bounds checks.
struct NetworkSimplexCore {
    static let lowerState: Int8 = 1
    static let upperState: Int8 = -1
    static let up: Int8 = 1  // pred arc goes from node to parent
    static let down: Int8 = -1  // pred arc goes from parent to node

    let n: Int
    let m: Int
    let source: UnsafeMutablePointer<Int32>
    let target: UnsafeMutablePointer<Int32>
    let cost: UnsafeMutablePointer<Int64>
    let cap: UnsafeMutablePointer<Int64>
    let flow: UnsafeMutablePointer<Int64>
    let state: UnsafeMutablePointer<Int8>
    let pi: UnsafeMutablePointer<Int64>
    let parent: UnsafeMutablePointer<Int32>
    let pred: UnsafeMutablePointer<Int32>
    let predDir: UnsafeMutablePointer<Int8>
    let thread: UnsafeMutablePointer<Int32>
    let revThread: UnsafeMutablePointer<Int32>
    let succNum: UnsafeMutablePointer<Int32>
    let lastSucc: UnsafeMutablePointer<Int32>
    let stem: UnsafeMutablePointer<Int32>
    /// Arcs priced per block of the entering-arc search (`blockSize(arcs:negativeCostArcs:nodes:suppliedNodes:)`).
    let blockSize: Int
    let tailA: UnsafeMutablePointer<Int32>
    let headB: UnsafeMutablePointer<Int32>
    /// Where input arc `a` sits in the solver's arc arrays (`arcStride(negativeCostArcs:arcs:)`).
    let position: UnsafeMutablePointer<Int32>

    init(
        nodeCount: Int, tails: ContiguousArray<Int32>, heads: ContiguousArray<Int32>,
        residualCapacity: ContiguousArray<Int64>, costs: ContiguousArray<Int64>,
        supply: ContiguousArray<Int64>, artificialCost: Int64
    ) {
        n = nodeCount
        m = tails.count
        let arcs = m + n
        let nodes = n + 1
        source = .allocate(capacity: arcs)
        target = .allocate(capacity: arcs)
        cost = .allocate(capacity: arcs)
        cap = .allocate(capacity: arcs)
        flow = .allocate(capacity: arcs)
        state = .allocate(capacity: arcs)
        pi = .allocate(capacity: nodes)
        parent = .allocate(capacity: nodes)
        pred = .allocate(capacity: nodes)
        predDir = .allocate(capacity: nodes)
        thread = .allocate(capacity: nodes)
        revThread = .allocate(capacity: nodes)
        succNum = .allocate(capacity: nodes)
        lastSucc = .allocate(capacity: nodes)
        stem = .allocate(capacity: nodes)
        tailA = .allocate(capacity: nodes)
        headB = .allocate(capacity: nodes)
        position = .allocate(capacity: Swift.max(m, 1))
        var negative = 0
        for a in 0..<m where costs[a] < 0 && residualCapacity[a] > 0 { negative += 1 }
        var supplied = 0
        for u in 0..<n where supply[u] != 0 { supplied += 1 }
        blockSize = Self.blockSize(arcs: m, negativeCostArcs: negative, nodes: n, suppliedNodes: supplied)
        let stride = Self.arcStride(negativeCostArcs: negative, arcs: m)
        var slot = 0
        var round = 0
        for a in 0..<m {
            position[a] = Int32(slot)
            source[slot] = tails[a]
            target[slot] = heads[a]
            cost[slot] = costs[a]
            cap[slot] = residualCapacity[a]
            flow[slot] = 0
            // Arcs that cannot carry flow never enter the basis: state 0 prices them at zero.
            state[slot] = residualCapacity[a] == 0 ? 0 : Self.lowerState
            slot += stride
            if slot >= m {
                round += 1
                slot = round
            }
        }
        buildStar(supply: supply, artificialCost: artificialCost)
    }

    /// The initial basis: every node hangs from the root by its artificial arc (towards the root
    /// for a node that sends or is balanced, from it for one that receives), in thread order 0…n−1.
    private func buildStar(supply: ContiguousArray<Int64>, artificialCost: Int64) {
        let nodes = n + 1
        let root = Int32(n)
        pi[n] = 0
        parent[n] = -1
        pred[n] = -1
        predDir[n] = 0
        succNum[n] = Int32(nodes)
        lastSucc[n] = n == 0 ? root : Int32(n - 1)
        thread[n] = n == 0 ? root : 0
        revThread[n] = n == 0 ? root : Int32(n - 1)
        for u in 0..<n {
            let e = m + u
            parent[u] = root
            pred[u] = Int32(e)
            thread[u] = Int32(u + 1)
            revThread[u] = u == 0 ? root : Int32(u - 1)
            succNum[u] = 1
            lastSucc[u] = Int32(u)
            state[e] = 0
            cap[e] = Int64.max
            let s = supply[u]
            if s >= 0 {
                predDir[u] = Self.up
                source[e] = Int32(u)
                target[e] = root
                flow[e] = s
                cost[e] = 0
                pi[u] = 0
            } else {
                predDir[u] = Self.down
                source[e] = root
                target[e] = Int32(u)
                flow[e] = -s
                cost[e] = artificialCost
                pi[u] = artificialCost
            }
        }
    }

    func deallocate() {
        for p in [source, target, parent, pred, thread, revThread, succNum, lastSucc, stem, tailA, headB, position] {
            p.deallocate()
        }
        cost.deallocate()
        cap.deallocate()
        flow.deallocate()
        pi.deallocate()
        state.deallocate()
        predDir.deallocate()
    }

    /// Arcs priced per block, at least 10 and at most m (Guides/MinCostFlow.md, "Block size"):
    /// - √m / 100 when more than half the arcs that can carry flow have a negative cost (the plan's
    ///   allocation networks, weights to maximise: every pivot is cheap and the pivot count hardly
    ///   depends on the block, so pricing is the cost);
    /// - √m when fewer than one node in 20 has a supply (transshipment networks such as grids: the
    ///   tree is mostly arcs without flow and most pivots are degenerate, so a better entering arc
    ///   saves few pivots);
    /// - 2√m otherwise (general graphs, transportation, assignment, NETGEN-like networks: a better
    ///   entering arc saves 5–15 × the pivots, and pivots on deep trees are expensive).
    static func blockSize(arcs m: Int, negativeCostArcs: Int, nodes n: Int, suppliedNodes: Int) -> Int {
        let root = Double(m).squareRoot()
        let size: Int
        if 2 * negativeCostArcs > m {
            size = Int(root / 100)
        } else if 20 * suppliedNodes < n {
            size = Int(root)
        } else {
            size = Int(2 * root)
        }
        return Swift.min(m, Swift.max(10, size))
    }

    /// The stride of the solver's arc order (arc mixing, as in LEMON): input arcs fill the slots
    /// 0, 3, 6, …, then 1, 4, …, then 2, 5, …, so that one block of the pricing samples arcs from
    /// three parts of the input rather than one run of neighbours (a grid file lists its arcs row
    /// by row and direction by direction). 1 (the input order) where more than half the arcs that
    /// can carry flow have a negative cost (the smallest block of `blockSize`), so that the plan's
    /// networks keep their pivots and their optimum among ties. Measured in Guides/MinCostFlow.md
    /// ("Arc order").
    static func arcStride(negativeCostArcs: Int, arcs m: Int) -> Int {
        2 * negativeCostArcs > m ? 1 : 3
    }

    /// Pivots until no real arc has a negative reduced cost; returns the number of pivots.
    func run() -> Int {
        let m = self.m
        if m == 0 { return 0 }
        let source = self.source
        let target = self.target
        let cost = self.cost
        let state = self.state
        let pi = self.pi
        var pivots = 0
        let blockSize = self.blockSize
        var nextArc = 0
        while true {
            // Block search: scan arcs cyclically from `nextArc`; after each block, stop if the
            // best violation so far is negative.
            var inArc = -1
            var best: Int64 = 0
            var count = blockSize
            var e = nextArc
            var scanned = 0
            while scanned < m {
                let c = Int64(state[e]) &* (cost[e] &+ pi[Int(source[e])] &- pi[Int(target[e])])
                if c < best {
                    best = c
                    inArc = e
                }
                e &+= 1
                if e == m { e = 0 }
                scanned &+= 1
                count &-= 1
                if count == 0 {
                    if inArc >= 0 { break }
                    count = blockSize
                }
            }
            if inArc < 0 { break }
            nextArc = e
            pivots += 1
            pivot(inArc)
        }
        return pivots
    }
}
